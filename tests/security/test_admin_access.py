"""Focused checks of the admin's restricted-evidence rule that the canary sweep cannot make:
answers of 404 (not 403), counts, who may set the access level, and testimony's default."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from wagtail.admin.site_summary import SiteSummaryPanel
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from archive.models import EvidencePage
from archive.services.import_metadata import ItemMetadata
from archive.services.importing import evidence_import_file
from tests.factories import make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def researcher(db):
    user = User.objects.create_user("researcher", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    user.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    return user


def login(client, user):
    client.force_login(user)
    return client


def item_form(**fields) -> dict:
    values = {
        "title": "An item",
        "slug": "an-item",
        "summary": "",
        "kind": "report",
        "authors": "",
        "date_precision": "day",
        "language": "en",
        "file_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    return nested_form_data(values | fields)


def test_a_restricted_item_is_404_to_an_editor_like_a_missing_one(client, evidence_index, editor):
    item = make_item(evidence_index, title="Sealed", access_level="restricted")
    missing = item.pk + 1000
    login(client, editor)
    for name in ("edit", "view_draft", "history", "usage", "delete", "copy", "move"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[item.pk])
        assert client.get(url).status_code == 404, name
        assert client.get(reverse(f"wagtailadmin_pages:{name}", args=[missing])).status_code == 404


def test_the_dashboard_counts_no_restricted_item(rf, evidence_index, editor, researcher):
    make_item(evidence_index, title="Open")
    make_item(evidence_index, title="Sealed", access_level="restricted")

    def count(user) -> int:
        request = rf.get("/admin/")
        request.user = User.objects.get(pk=user.pk)
        (pages,) = [
            i
            for i in SiteSummaryPanel(request).summary_items
            if "total_pages" in i.get_context_data({})
        ]
        return pages.get_context_data({})["total_pages"]

    assert count(researcher) == count(editor) + 1


@pytest.mark.parametrize("start, forged", [("public", "restricted"), ("restricted", "public")])
def test_a_moderator_without_the_permission_cannot_set_or_clear_it(
    client, evidence_index, moderator, researcher, start, forged
):
    """A Moderator may publish, but a forged access level is not read from the POST."""
    item = make_item(evidence_index, title="Report", access_level=start)
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    if start == "public":
        login(client, moderator)
        assert 'name="access_level"' not in client.get(edit).content.decode()
    else:  # a restricted item's edit view is 404 to them: forge the POST anyway
        login(client, moderator)
    form = item_form(title="Report changed", slug=item.slug, access_level=forged)
    client.post(edit, form | {"action-publish": "action-publish"})
    item.refresh_from_db()
    assert item.access_level == start
    assert item.get_latest_revision_as_object().access_level == start
    if start == "public":
        assert item.title == "Report changed"  # the rest of the form was taken


def test_a_researcher_sets_the_access_level(client, evidence_index, researcher):
    item = make_item(evidence_index, title="Open report")
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    login(client, researcher)
    assert 'name="access_level"' in client.get(edit).content.decode()
    form = item_form(title="Open report", slug=item.slug, access_level="restricted")
    response = client.post(edit, form | {"action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.access_level == "restricted"


@pytest.mark.parametrize("who", ["editor", "researcher"])
def test_new_testimony_is_restricted_unless_a_researcher_says_otherwise(
    client, evidence_index, request, who
):
    login(client, request.getfixturevalue(who))
    add = reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk])
    for slug, kind, access, expected in [
        ("testimony", "testimony", "", "restricted"),
        ("report", "report", "", "public"),
        ("open-testimony", "testimony", "public", "public" if who == "researcher" else None),
    ]:
        fields = {"title": slug, "slug": slug, "kind": kind}
        if access:
            fields["access_level"] = access
        response = client.post(add, item_form(**fields))
        assert response.status_code == 302, response.content.decode()[:2000]
        item = EvidencePage.objects.get(slug=slug)
        # An editor's "public" is not read: their testimony is restricted whatever they post.
        assert item.access_level == (expected or "restricted"), (who, slug)


def test_import_restricts_testimony_unless_told(tmp_path, evidence_index):
    def imported(name: str, **options) -> EvidencePage:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(make_pdf([f"{name} words"]))
        entry = evidence_import_file(path=path, parent=evidence_index, **options)
        return EvidencePage.objects.get(reference=entry.reference)

    testimony = ItemMetadata(line=2, kind="testimony")
    assert imported("a", metadata=testimony).access_level == "restricted"
    assert imported("b", metadata=ItemMetadata(line=3, kind="report")).access_level == "public"
    assert imported("c").access_level == "public"  # kind "other"
    explicit = ItemMetadata(line=4, kind="testimony", access_level="public")
    assert imported("d", metadata=explicit).access_level == "public"
    # --access public given on the command line is kept for testimony too.
    assert imported("e", metadata=testimony, access_level="public").access_level == "public"


def test_site_history_shows_a_restricted_files_and_sources_entries_only_to_a_researcher(
    client, evidence_index, editor, researcher
):
    """Wagtail shows any model's history to whoever has a permission on the model; files and
    sources are filtered per object (archive/models/log_entries.py)."""
    from wagtail.log_actions import log

    from archive.models import RestrictableLogEntry, Source
    from tests.factories import make_file

    secret_source = Source.objects.create(name="Canary witness network")
    public_source = Source.objects.create(name="Open newsroom")
    restricted = make_item(
        evidence_index,
        title="Restricted statement",
        access_level="restricted",
        source=secret_source,
        files=[make_file("canary-witness-name.pdf", make_pdf(["statement"]))],
    )
    public = make_item(
        evidence_index,
        title="Public report",
        source=public_source,
        files=[make_file("open-report.pdf", make_pdf(["report"]))],
    )
    for instance in (*restricted.files, *public.files, secret_source, public_source):
        log(instance=instance, action="wagtail.edit", user=researcher)
    assert RestrictableLogEntry.objects.count() == 4  # written to the filtered log

    # Wagtail shows a model's entries to users with any permission on it: an editor trusted
    # with files and sources (Wagtail's default Editors hold none on these two models).
    trusted = Permission.objects.filter(
        content_type__app_label="archive", codename__in=["change_evidencefile", "change_source"]
    )
    history = reverse("wagtailadmin_reports:site_history")
    seen = {}
    for name, user in (("editor", editor), ("researcher", researcher)):
        user.user_permissions.add(*trusted)
        client.force_login(User.objects.get(pk=user.pk))  # permissions are cached on the object
        seen[name] = client.get(history).content.decode()
    # Wagtail lists its log models from a set: in one process of two its own table came first,
    # and its per-user cache of content types then left every file and source entry out.
    assert "open-report" in seen["editor"] and "Open newsroom" in seen["editor"]
    assert "canary-witness-name" not in seen["editor"]
    assert "Canary witness network" not in seen["editor"]
    assert "canary-witness-name" in seen["researcher"]
    assert "Canary witness network" in seen["researcher"]


def test_migration_0006_moves_earlier_file_and_source_history_to_the_filtered_log(
    evidence_index, researcher
):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    from archive.models import RestrictableLogEntry, Source

    migration = import_module("archive.migrations.0006_restrictable_log_entry")
    source = Source.objects.create(name="Earlier source")
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Source),
        object_id=str(source.pk),
        label=source.name,
        action="wagtail.create",
        timestamp="2026-01-02T03:04:05Z",
        user=researcher,
    )
    other = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(researcher.pk),
        label="researcher",
        action="wagtail.edit",
        timestamp="2026-01-02T03:04:05Z",
    )
    migration.move_file_and_source_entries(apps, None)
    moved = RestrictableLogEntry.objects.get(object_id=str(source.pk))
    assert (moved.label, moved.action, moved.user_id) == (
        "Earlier source",
        "wagtail.create",
        researcher.pk,
    )
    assert list(ModelLogEntry.objects.all()) == [other]
