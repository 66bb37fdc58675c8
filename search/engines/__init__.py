"""The engines behind public search: one contract (base.py), one module per engine, chosen by the
SEARCH_ENGINE setting ({"BACKEND": dotted class path, "OPTIONS": its keyword arguments})."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from search.engines.base import SearchEngine


@cache
def get_engine() -> SearchEngine:
    """The engine SEARCH_ENGINE names, built once per process (and again when a test overrides
    the setting)."""
    config = settings.SEARCH_ENGINE
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def elasticsearch_engine_setting(url: str, *, index: str, **options) -> dict:
    """SEARCH_ENGINE for an Elasticsearch node or cluster (url: nodes comma-separated)."""
    return {
        "BACKEND": "search.engines.elastic.ElasticsearchEngine",
        "OPTIONS": {"url": url, "index": index, **options},
    }


def database_engine_setting() -> dict:
    """SEARCH_ENGINE for the default database's own engine (FTS5, or PostgreSQL's)."""
    return {"BACKEND": settings.DATABASE_SEARCH_ENGINES[settings.DATABASES["default"]["ENGINE"]]}


@contextmanager
def scratch_engine(engine_setting: dict) -> Iterator[SearchEngine]:
    """The engine of engine_setting, as SEARCH_ENGINE while the block runs, for tests and
    benchmarks; an Elasticsearch index it made is deleted afterwards."""
    from django.test import override_settings  # not loaded by the site itself

    with override_settings(SEARCH_ENGINE=engine_setting):
        engine = get_engine()
        try:
            yield engine
        finally:
            if hasattr(engine, "client"):
                engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)


@receiver(setting_changed)
def _forget_engine(setting, **kwargs):
    if setting == "SEARCH_ENGINE":
        get_engine.cache_clear()
