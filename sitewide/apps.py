"""Site-wide operations over every app: backup and restore, the demonstration archive, the local
admin login. No models, no migrations; it sits above archive, letters and search, which know
nothing of it."""

from django.apps import AppConfig


class SitewideConfig(AppConfig):
    name = "sitewide"
    verbose_name = "Site-wide operations"
