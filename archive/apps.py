"""The evidence domain: items, sources, files and their processing."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Evidence archive"

    def ready(self):
        # public_changes retires the public cache on changes: imported for its signal handlers.
        from archive import csv_exports, public_changes  # noqa: F401

        csv_exports.install()  # every admin CSV export: no cell a spreadsheet would run
