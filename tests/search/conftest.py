"""Engines for the search contract tests: every test runs once per engine, on the real thing."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest

from django.test import override_settings

from search.engines import get_engine

# "database": the test database's own engine, FTS5 on SQLite or full-text search on PostgreSQL.
ENGINES = ["database", "elasticsearch"]


@contextmanager
def engine_settings(name: str):
    """Point the site at one engine: the test database's own, or a fresh Elasticsearch alias."""
    if name == "database":
        overrides = {"ELASTICSEARCH_URL": ""}
    else:
        from tests.elasticsearch_node import elasticsearch_url, require_elasticsearch

        require_elasticsearch()
        overrides = {
            "ELASTICSEARCH_URL": elasticsearch_url(),
            "ELASTICSEARCH_INDEX": f"test-{uuid.uuid4().hex[:12]}",
        }
    get_engine.cache_clear()
    with override_settings(**overrides):
        try:
            yield get_engine()
        finally:
            engine = get_engine()
            if name == "elasticsearch":
                engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)
            get_engine.cache_clear()


@pytest.fixture(params=ENGINES)
def engine(request):
    with engine_settings(request.param) as active:
        yield active
