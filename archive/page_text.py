"""Rendering a file's page texts on the evidence page: one section per page, spans marked."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from archive.processing.ocr import (
    IMAGE_WITHOUT_TEXT,
    NOT_REACHED,
    PHOTO_WITHOUT_TEXT,
    SCAN_WITHOUT_TEXT,
    TOO_LARGE_FOR_OCR,
)

PAGE_SECTION = """<section class="page-text" id="{0}page-{1}" aria-label="{4}" data-page="{1}">
    <h4><a href="#{0}page-{1}">{4}</a></h4>
    <div class="page-view">{2}{3}</div>
</section>"""
# A page of a long file not sent with this view: its anchor still lands (and says which page it
# is), its link asks for the view around it; the viewer script fetches it in place.
PENDING_SECTION = (
    '<section class="page-text pending" id="{0}page-{1}" aria-label="{3}" data-page="{1}">'
    '<h4><a href="?{2}page={1}#{0}page-{1}" data-pending="{4}">{3}</a></h4></section>'
)
PAGE_IMAGE = '<img class="page-image" src="{0}/{1}.webp" width="{2}" height="{3}" alt="{5}"{4}>'
# A long file's evidence page sends its first pages, those around ?page=N and those with marks;
# a 352-page book sent whole was 790 KB of HTML.
FIRST_PAGES = 10
BEFORE, AFTER = 2, 7  # the window around ?page=N
MARKED_PAGES = 5  # the first pages with marks, each with its neighbours
NO_TEXT = '<p class="no-text">{}</p>'
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
    """Why a page has no text, when its reader said so in words the public may read (kept in
    English with the page, shown in the reader's language)."""
    if note in SAYS_WHY:
        return format_html(
            NO_TEXT, gettext("No text on this page: %(why)s.") % {"why": gettext(note)}
        )
    return format_html(NO_TEXT, gettext("No text on this page."))


def page_label(number: int) -> str:
    return gettext("Page %(page)s") % {"page": number}


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


def shown_pages(numbers: Sequence[int], marks: dict, near: int | None) -> set[int]:
    """Which of a file's pages this view sends in full."""
    if len(numbers) <= FIRST_PAGES + AFTER + BEFORE + 1:
        return set(numbers)
    shown = set(numbers[:FIRST_PAGES])
    if near:
        shown.update(range(near - BEFORE, near + AFTER + 1))
    for number in sorted(marks)[:MARKED_PAGES]:
        shown.update(range(number - 1, number + 2))
    return shown


def _page_image(entry: dict, page) -> str:
    images = entry.get("page_images")
    if not images:
        return ""
    width, height = images["size"](page.number)
    eager = page.number == 1
    return format_html(
        PAGE_IMAGE,
        images["prefix"],
        page.number,
        width,
        height,
        "" if eager else mark_safe(' loading="lazy" decoding="async"'),  # noqa: S308
        gettext("Page %(page)s as printed") % {"page": page.number},
    )


def _page_text(page, marks) -> SafeString:
    if not page.text:
        return no_text(page.note)
    return format_html(
        '<pre{} dir="auto">{}</pre>',
        format_html(' lang="{}"', page.language) if page.language else "",
        mark_text(page.text, marks.get(page.number, ())),
    )


def page_sections(
    entry: dict,
    marks: dict[int, Sequence[tuple[int, int]]],
    *,
    near: int | None = None,
    query: str = "",
) -> SafeString:
    """A file's pages, each a section with its anchor, its image (PDFs) and its text (marks
    applied), marked with the language detected for the page and dir="auto", so Uyghur and
    Arabic read right to left and CJK gets the right glyphs. A long file's pages outside
    shown_pages are placeholders that keep their anchors. `query` is the view's query string
    without `page`, ending in "&" (kept by the placeholders' links). Built here rather than by a
    template loop: a template node costs microseconds, and a book has hundreds of pages."""
    prefix = entry["anchor_prefix"]
    shown = shown_pages([p.number for p in entry["pages"]], marks, near)
    not_loaded = gettext("(not loaded yet)")
    return mark_safe(  # noqa: S308 - every piece is built by format_html
        "\n".join(
            format_html(
                PAGE_SECTION,
                prefix,
                page.number,
                _page_image(entry, page),
                _page_text(page, marks),
                page_label(page.number),
            )
            if page.number in shown
            else format_html(
                PENDING_SECTION, prefix, page.number, query, page_label(page.number), not_loaded
            )
            for page in entry["pages"]
        )
    )
