"""Rendering a file's page texts on the evidence page: one section per page, spans marked."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from archive.processing.ocr import (
    IMAGE_WITHOUT_TEXT,
    NOT_REACHED,
    PHOTO_WITHOUT_TEXT,
    SCAN_WITHOUT_TEXT,
    TOO_LARGE_FOR_OCR,
)

PAGE_SECTION = """<section class="page-text" id="{0}page-{1}" aria-label="Page {1}">
    <h4><a href="#{0}page-{1}">Page {1}</a></h4>
    {2}
</section>"""
NO_TEXT = mark_safe('<p class="no-text">No text on this page.</p>')  # noqa: S308 - a constant
NO_TEXT_BECAUSE = '<p class="no-text">No text on this page: {}.</p>'
# The readers' notes that say, in neutral words, why a page has no text; any other note (which
# may name a reader's failure) is not shown to the public.
SAYS_WHY = frozenset(
    {
        SCAN_WITHOUT_TEXT,
        PHOTO_WITHOUT_TEXT,
        IMAGE_WITHOUT_TEXT,
        NOT_REACHED,
        TOO_LARGE_FOR_OCR,
    }
)


def no_text(note: str) -> SafeString:
    """Why a page has no text, when its reader said so in words the public may read."""
    return format_html(NO_TEXT_BECAUSE, note) if note in SAYS_WHY else NO_TEXT


def mark_text(text: str, spans: Sequence[tuple[int, int]]) -> SafeString:
    """The text, escaped, with <mark> around each span (overlapping spans: the first wins)."""
    out: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def page_sections(entry: dict, marks: dict[int, Sequence[tuple[int, int]]]) -> SafeString:
    """A file's pages, each a section with its anchor and its text (marks applied), marked
    with the language detected for the page and dir="auto", so Uyghur and Arabic read right to
    left and CJK gets the right glyphs. Built here
    rather than by a template loop: a template node costs microseconds, and a book has hundreds
    of pages on one evidence page."""
    prefix = entry["anchor_prefix"]
    return format_html_join(
        "\n",
        PAGE_SECTION,
        (
            (
                prefix,
                page.number,
                format_html(
                    '<pre{} dir="auto">{}</pre>',
                    format_html(' lang="{}"', page.language) if page.language else "",
                    mark_text(page.text, marks.get(page.number, ())),
                )
                if page.text
                else no_text(page.note),
            )
            for page in entry["pages"]
        ),
    )
