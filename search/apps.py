"""Public search over the evidence: page-level full text on FTS5 or Elasticsearch."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "evidence_search"

    def ready(self):
        from search import signals  # noqa: F401  (connects the index to the archive's changes)
