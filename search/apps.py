"""Public search over the evidence."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "evidence_search"
