"""The engines behind public search: one contract (base.py), one module per engine."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection

from search.engines.base import SearchEngine


@cache
def get_engine() -> SearchEngine:
    """Elasticsearch when ELASTICSEARCH_URL is set, else the database's own full-text engine:
    PostgreSQL's full-text search on PostgreSQL, FTS5 on SQLite."""
    if settings.ELASTICSEARCH_URL:
        from search.engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine(settings.ELASTICSEARCH_URL, index=settings.ELASTICSEARCH_INDEX)
    if connection.vendor == "postgresql":
        from search.engines.postgres_fts import PostgresFtsEngine

        return PostgresFtsEngine()
    from search.engines.sqlite_fts import SqliteFtsEngine

    return SqliteFtsEngine()
