"""Rendering a file's page texts on the evidence page: one section per page, spans marked."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PAGE_SECTION = """<section class="page-text" id="{0}page-{1}" aria-label="Page {1}">
    <h4><a href="#{0}page-{1}">Page {1}</a></h4>
    {2}
</section>"""
NO_TEXT = mark_safe('<p class="no-text">No text on this page.</p>')  # noqa: S308 - a constant


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
                else NO_TEXT,
            )
            for page in entry["pages"]
        ),
    )
