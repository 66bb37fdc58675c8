"""Template tags of the evidence page: page texts, and the fragments other apps register."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

from archive import page_fragments, page_text

register = template.Library()

MAX_KEPT_QUERY = 100


@register.simple_tag(takes_context=True)
def evidence_page_fragments(context, hook_name: str, page):
    """What other apps registered under hook_name (archive/page_fragments.py) for this page."""
    return page_fragments.fragments(hook_name, context.get("request"), page)


@register.simple_tag(takes_context=True)
def page_sections(context, entry):
    """A file's pages, each with its anchor and text, with every registered mark applied."""
    request = context.get("request")
    marks = page_fragments.text_marks(request, entry)
    near, query = None, ""
    if request is not None:
        asked = request.GET.get("page", "")
        near = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else None
        # A placeholder's link keeps the search's words (short), not a footnote's quotation:
        # that is on a page sent already, and 340 copies of it made the book's page 110 KB.
        words = request.GET.get("q", "")
        query = urlencode({"q": words}) + "&" if words and len(words) <= MAX_KEPT_QUERY else ""
    return page_text.page_sections(entry, marks, near=near, query=query)
