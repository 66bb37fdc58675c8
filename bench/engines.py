"""The search engines a benchmark measures, one after another, and how much disk each index takes.

`bench_engines("database,elasticsearch", es_url, index)` yields each engine with SEARCH_ENGINE
pointing at it: "database" is the scratch database's own (FTS5 on SQLite, full-text search on
PostgreSQL with BENCH_DATABASE_URL), "elasticsearch" the node at es_url (skipped, saying so, when
there is none); its benchmark index is deleted afterwards. Call after bench.scratch.scratch_django.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# The tables of PostgreSQL's index (search/migrations/0002); on SQLite every search_* table.
POSTGRES_TABLES = ("search_item", "search_page")


def bench_engines(
    names: str, es_url: str, index: str, *, keep: bool = False, **es_options
) -> Iterator:
    """keep: leave the Elasticsearch index in place afterwards, for a later run to reuse;
    es_options: the Elasticsearch engine's other options (e.g. shards)."""
    from django.test import override_settings

    from search.engines import (
        database_engine_setting,
        elasticsearch_engine_setting,
        get_engine,
        scratch_engine,
    )

    for name in names.split(","):
        if name == "elasticsearch" and not es_url:
            print("elasticsearch: skipped (set ELASTICSEARCH_URL)")
            continue
        if name == "elasticsearch":
            engine_setting = elasticsearch_engine_setting(
                es_url, index=index, timeout=30, **es_options
            )
        else:
            engine_setting = database_engine_setting()
        if keep:
            with override_settings(SEARCH_ENGINE=engine_setting):
                yield get_engine()
            continue
        with scratch_engine(engine_setting) as engine:
            yield engine


def index_bytes(engine) -> int:
    """Bytes on disk of the engine's index: Elasticsearch's store (primaries), PostgreSQL's
    relations with their indexes and TOAST, or the pages of SQLite's FTS5 shadow tables."""
    from django.db import connection

    if hasattr(engine, "client"):
        engine.client.indices.refresh(index=engine.alias)
        stats = engine.client.indices.stats(index=engine.alias, metric="store")
        return stats["_all"]["primaries"]["store"]["size_in_bytes"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                " WHERE c.relname = ANY(%s)",
                [list(POSTGRES_TABLES)],
            )
            return int(cursor.fetchone()[0] or 0)
        # dbstat (compiled into Debian's SQLite) counts every page of the tables, the FTS5
        # shadow tables and their indexes.
        cursor.execute(
            "SELECT sum(pgsize) FROM dbstat JOIN sqlite_master m ON dbstat.name = m.name"
            " WHERE m.tbl_name LIKE 'search\\_%' ESCAPE '\\'"
        )
        return int(cursor.fetchone()[0] or 0)


@contextmanager
def request_cache_off(client, indices: list[str]):
    """Elasticsearch's shard request cache off on these indices while the block runs, then as it
    was. A search of size 0 (the best pages of the shown items) is cached there: a repeat of the
    query mix would be timed as a cache hit, which a reader's first search never is."""
    key = "index.requests.cache.enable"
    before = client.indices.get_settings(index=indices, name=key, flat_settings=True)
    client.indices.put_settings(index=indices, settings={key: False})
    try:
        yield
    finally:
        for index, answer in before.items():
            value = answer["settings"].get(key)  # None: back to the default
            client.indices.put_settings(index=index, settings={key: value})
