"""Paper (issue 16, item 2): Chromium prints a letter and an evidence item with print.css, and
pdfminer.six reads back what a regulator holding the paper would see: each footnote's address,
the letter's title and "Page n of m" on every page, and no navigation."""

from __future__ import annotations

import io
import re

import pytest
from pdfminer.high_level import extract_text

from archive.processing.text_of_record import normalise
from tests.browser.public_archive import LONG_URL

pytestmark = pytest.mark.django_db(transaction=True)


def printed(page, url: str) -> list[str]:
    """The text of each printed page, as Chromium's PDF holds it."""
    assert page.goto(url).status == 200
    pdf = page.pdf(format="A4")
    return [text for text in extract_text(io.BytesIO(pdf)).split("\f") if text.strip()]


def joined(text: str) -> str:
    # A long address wraps over lines on paper; what a reader types has no breaks.
    return re.sub(r"\s+", "", text)


def test_a_printed_letter_shows_each_footnotes_address(page, live_site, public_archive):
    report, letter = public_archive["report"], public_archive["letter"]
    pages = printed(page, live_site.url + letter.url)
    whole = "\n".join(pages)
    for anchor in ("page-2", "page-3"):
        assert f"{live_site.url}/evidence/{report.reference}/#{anchor}" in joined(whole)
    assert "Skip to content" not in whole and "Apply filters" not in whole
    assert not re.search(r"^\s*Letters\s*$", whole, re.M)  # the menu does not print
    assert "Example Camera Co.." not in whole and "Example Camera Co." in whole
    assert len(pages) >= 2  # long enough to show what every page carries
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Letter to Example Camera Co. · To The Managing Director · 14 May 2024" in text
        assert joined(live_site.url + letter.url) in joined(text)
    # A link in the letter's own text prints where it goes.
    assert joined(f"your own report <{LONG_URL}>") in joined(whole)


def test_a_printed_evidence_item_carries_its_reference_on_every_page(
    page, live_site, public_archive
):
    report = public_archive["report"]
    pages = printed(page, live_site.url + report.url)
    assert len(pages) >= 2  # three pages of text
    for number, text in enumerate(pages, start=1):
        assert f"{report.reference} · Cameras in the Cloisters" in text
        assert f"Page {number} of {len(pages)}" in text
    whole = "\n".join(pages)
    assert "Copy citation" not in whole and "Skip to content" not in whole
    assert joined(report.original_url) in joined(whole)  # wrapped, not cut off


def test_the_printed_page_count_is_in_the_readers_language(page, live_site, public_archive):
    report = public_archive["report"]
    pages = printed(page, f"{live_site.url}/zh-hans/evidence/{report.reference}/")
    # pdfminer.six reads Chromium's 页 (Noto Sans CJK) as the radical ⻚ U+2EDA, which NFKC
    # leaves alone: repaired as the archive repairs a page it reads.
    pages = [normalise(text) for text in pages]
    for number, text in enumerate(pages, start=1):
        assert joined(f"第 {number} 页，共 {len(pages)} 页") in joined(text)
        assert "Page " not in text
