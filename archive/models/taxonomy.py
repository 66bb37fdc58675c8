"""Sources, topics and places: snippets that evidence items point at and the public filters by."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.search import index

from archive.choices import SourceType


class SluggedSnippet(index.Indexed, models.Model):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True, blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:255] or "item"
        super().save(*args, **kwargs)


class Source(SluggedSnippet):
    """Who published or produced evidence.

    A snippet, not a page: it is chosen from many items and has a public listing of its
    evidence (archive.views.source_detail), but no editorial body of its own.
    """

    source_type = models.CharField(max_length=20, choices=SourceType.choices, default="other")
    url = models.URLField(blank=True, max_length=500)
    description = models.TextField(blank=True)

    search_fields = SluggedSnippet.search_fields + [
        index.SearchField("description"),
        index.FilterField("source_type"),
        # The admin leaves out sources named only by restricted evidence, also when searching.
        index.FilterField("id"),
    ]

    def get_absolute_url(self) -> str:
        return reverse("archive:source", args=[self.slug])


class Topic(SluggedSnippet):
    """A subject evidence is about (for example "facial recognition")."""


class Place(SluggedSnippet):
    """A place evidence concerns (a country, a region, a city)."""
