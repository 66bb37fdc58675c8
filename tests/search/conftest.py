"""Engines for the search contract tests: every test runs once per engine, on the real thing."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest

from django.conf import settings
from django.test import override_settings

from search.engines import elasticsearch_engine_setting, get_engine
from search.engines.base import ItemDocument, PageDocument

# "database": the test database's own engine, FTS5 on SQLite or full-text search on PostgreSQL.
ENGINES = ["database", "elasticsearch"]


@contextmanager
def engine_settings(name: str):
    """Point the site at one engine: the test database's own, or a fresh Elasticsearch alias."""
    if name == "database":
        database = settings.DATABASES["default"]["ENGINE"]
        engine_setting = {"BACKEND": settings.DATABASE_SEARCH_ENGINES[database]}
    else:
        from tests.elasticsearch_node import elasticsearch_url, require_elasticsearch

        require_elasticsearch()
        engine_setting = elasticsearch_engine_setting(
            elasticsearch_url(), index=f"test-{uuid.uuid4().hex[:12]}"
        )
    with override_settings(SEARCH_ENGINE=engine_setting):
        engine = get_engine()
        try:
            yield engine
        finally:
            if name == "elasticsearch":
                engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)


@pytest.fixture(params=ENGINES)
def engine(request):
    with engine_settings(request.param) as active:
        yield active


def page_document(item_id: int, reference: str, texts, *, language: str = "") -> ItemDocument:
    """An item of these page texts, for tests that index straight into an engine."""
    return ItemDocument(
        item_id=item_id,
        reference=reference,
        title=f"Item {item_id}",
        url=f"/evidence/{reference}/",
        kind="report",
        language=language,
        published_on=None,
        date_display="",
        source_slug="",
        source_name="",
        metadata="",
        pages=[
            PageDocument(item_id, number, f"page-{number}", text)
            for number, text in enumerate(texts, start=1)
        ],
    )
