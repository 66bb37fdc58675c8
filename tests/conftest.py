"""Shared fixtures: the site tree, and running the task queue the way the worker does."""

from __future__ import annotations

import pytest

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from archive.models import EvidenceIndexPage, HomePage
from archive.public_cache import CACHE_ALIAS, content_version_forget
from archive.services.worker import run_queued_tasks
from search.engines import get_engine
from tests.separate_instance import instance_from, migrated_database
from tests.shared_corpus import corpus_missing_in_ci
from tests.shared_database import shared_db  # noqa: F401  (a fixture: the test database in a file)
from tests.wagtail_groups import wagtail_default_groups, wagtail_default_workflow


@pytest.fixture(autouse=True)
def interface_language_reset():
    """Every test starts and ends in the default language. Django's LocaleMiddleware activates
    the request's language in this thread and leaves it on after the test client's response, so
    a test that fetched a /bo/ page would otherwise leave Tibetan on for the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_public_cache():
    """Tests roll back their changes, the public cache's token among them, but the cache lives
    in this process's memory: empty it, or one test's page could answer the next one's."""
    caches[CACHE_ALIAS].clear()
    content_version_forget()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """With CI=true, a corpus folder that a collected test needs, missing or empty, fails the
    run before any test runs (tests/shared_corpus.py)."""
    problems = corpus_missing_in_ci(items)
    if problems:
        pytest.exit(
            "CI=true, and the shared corpus is incomplete:\n  " + "\n  ".join(problems),
            returncode=pytest.ExitCode.TESTS_FAILED,
        )


@pytest.fixture
def site_tree(db):
    """Home → Evidence index, served as the default site (as load_demo builds it)."""
    return build_site_tree()


def build_site_tree() -> dict:
    # Transactional tests flush the database, taking Wagtail's migrated root and locale with it.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    groups = wagtail_default_groups(root, collection)
    wagtail_default_workflow(root, groups["Moderators"])
    for child in root.get_children():
        child.delete()
    home = root.add_child(instance=HomePage(title="Evidence Archive", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=EvidenceIndexPage(title="Evidence", slug="evidence"))
    # The FTS5 tables are not Django models, so a transactional test's flush leaves them full.
    get_engine().rebuild(iter(()))
    return {"home": home, "index": index}


@pytest.fixture
def evidence_index(site_tree) -> EvidenceIndexPage:
    return site_tree["index"]


@pytest.fixture
def work_queue():
    """Run every queued task to completion through django-tasks' own database worker."""
    return run_queued_tasks


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    return migrated_database(tmp_path_factory.mktemp("migrated-template"))


@pytest.fixture
def make_instance(migrated_template, tmp_path):
    """make_instance("name", ENV=value, ...): an empty, migrated instance of its own."""

    def make(name: str = "instance", **env: str):
        return instance_from(migrated_template, tmp_path / name, **env)

    return make
