"""Letters and campaign pages that cite evidence."""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
