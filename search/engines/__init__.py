"""The engines behind public search: one contract (base.py), one module per engine, chosen by the
SEARCH_ENGINE setting ({"BACKEND": dotted class path, "OPTIONS": its keyword arguments})."""

from __future__ import annotations

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


@receiver(setting_changed)
def _forget_engine(setting, **kwargs):
    if setting == "SEARCH_ENGINE":
        get_engine.cache_clear()
