"""The evidence domain: items, sources, files and their processing."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Evidence archive"

    def ready(self):
        from archive.signal_handlers import register_signal_handlers

        register_signal_handlers()  # queues new originals; retires the public cache on changes
