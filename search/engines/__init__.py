"""The engines behind public search: one contract (base.py), one module per engine."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from search.engines.base import SearchEngine


@cache
def get_engine() -> SearchEngine:
    """Elasticsearch when ELASTICSEARCH_URL is set, else the database's own full-text engine."""
    if settings.ELASTICSEARCH_URL:
        from search.engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine(settings.ELASTICSEARCH_URL, index=settings.ELASTICSEARCH_INDEX)
    from search.engines.sqlite_fts import SqliteFtsEngine

    return SqliteFtsEngine()
