"""Letters and campaign pages that cite evidence."""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"

    def ready(self):
        from letters import signals  # noqa: F401  (re-checks citations when a file is read)
