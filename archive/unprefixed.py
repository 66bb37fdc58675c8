"""Addresses of the archive's machine routes (files, previews, page images and words): one per
file, in every interface language. They are mounted with the public pages (config/urls.py), so
reversing them would otherwise add the language's prefix (/bo/files/…) under a Tibetan page."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def reverse_unprefixed(viewname: str, args: list | tuple = ()) -> str:
    """The route's address as English (prefix-less) pages name it."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, args=args)
