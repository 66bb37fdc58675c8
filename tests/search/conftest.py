"""Engines for the search contract tests: every test runs once per engine, on the real thing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest

from search.engines import database_engine_setting, elasticsearch_engine_setting, scratch_engine

# "database": the test database's own engine, FTS5 on SQLite or full-text search on PostgreSQL.
ENGINES = ["database", "elasticsearch"]


def engine_settings(name: str):
    """Point the site at one engine: the test database's own, or a fresh Elasticsearch alias."""
    if name == "database":
        return scratch_engine(database_engine_setting())
    from tests.elasticsearch_node import elasticsearch_url, require_elasticsearch

    require_elasticsearch()
    index = f"test-{uuid.uuid4().hex[:12]}"
    # A search's timeout here is not the site's 2 s: these tests ask what is found, and on a
    # loaded machine the first search of a fresh index has timed out at 2 s (the kinds probes,
    # load 16). tests/search/test_unavailable.py tests the timeout itself.
    setting = elasticsearch_engine_setting(elasticsearch_url(), index=index, timeout=10.0)
    return scratch_engine(setting)


@contextmanager
def indexed_into(name: str, documents: Iterable) -> Iterator:
    """One engine holding exactly these documents while the block runs, emptied afterwards."""
    with engine_settings(name) as engine:
        engine.rebuild(documents)
        try:
            yield engine
        finally:
            engine.rebuild([])


@pytest.fixture(params=ENGINES)
def engine(request):
    with engine_settings(request.param) as active:
        yield active
