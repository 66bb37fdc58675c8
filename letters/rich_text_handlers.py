"""Wagtail's rich text link handlers for letters, without the address of evidence that is not
public now (why: letters/rich_text_links.py). A module of their own: Wagtail's handler classes
need the app registry ready, so they cannot be imported with the models."""

from __future__ import annotations

from django.utils.html import escape

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from archive.models import EvidencePage
from letters.rich_text_links import public_files, public_items


class PublicPageLinkHandler(PageLinkHandler):
    """Wagtail's page links, without the address of evidence that is not public now."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        evidence = [p.pk for p in pages if isinstance(p, EvidencePage)]
        public = set(public_items(evidence)) if evidence else set()
        return [
            "<a>"
            if page is None or (isinstance(page, EvidencePage) and page.pk not in public)
            else f'<a href="{escape(page.localized.url)}">'
            for page in pages
        ]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Wagtail's document links, without the address of a file no public item holds now."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        files = cls.get_many(attrs_list)
        public = set(public_files([f.pk for f in files if f is not None]))
        return [
            f'<a href="{escape(f.url)}">' if f is not None and f.pk in public else "<a>"
            for f in files
        ]
