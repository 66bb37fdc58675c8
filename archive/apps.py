"""The evidence domain: items, sources, files and their processing."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Evidence archive"

    def ready(self):
        from archive import public_changes  # noqa: F401  (retires the public cache on changes)
