"""The page viewer in a real browser, on the 352-page book of the shared corpus: #page-200
lands on page 200 without the 352 pages, the arrow keys turn pages, a footnote's quotation and
a search's words are marked and in view, and without JavaScript the text and images remain."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.factories import make_file, make_item, make_pdf
from tests.shared_corpus import CORPUS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.corpus("real")]

BOOK = CORPUS / "real" / "pdfjs__freeculture.pdf"


@pytest.fixture
def book(evidence_index, work_queue):
    pdf = make_file(BOOK.name, BOOK.read_bytes())
    item = make_item(evidence_index, title="Free Culture", files=[pdf])
    secret = make_file("secret.pdf", make_pdf(["witness one", "two", "three", "four"]))
    make_item(evidence_index, title="Testimony", access_level="restricted", files=[secret])
    work_queue()
    pdf.refresh_from_db()
    assert pdf.page_count == 352
    return {"item": item, "pdf": pdf, "secret": secret}


IN_VIEW = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight; }"""


def in_view(page, selector: str) -> bool:
    """Whether the element is in the viewport, and stays there while the pages around it are
    fetched and filled in (a second later it must still be)."""
    page.wait_for_function(IN_VIEW, arg=selector, timeout=10_000)
    page.wait_for_timeout(1000)
    return page.evaluate(IN_VIEW, selector)


def test_the_viewer_on_a_352_page_book(browser, page, live_site, book):
    url = f"{live_site.url}{book['item'].url}"

    # #page-200: page 200's text and image, loaded in place; nowhere near 352 pages sent.
    page.goto(f"{url}#page-200", wait_until="domcontentloaded")
    page.wait_for_selector("#page-200:not(.pending) .page-image")
    assert in_view(page, "#page-200")
    # The first 10 pages, those around page 200 and those that scrolled into view on the way;
    # the bound leaves room for the page's layout (font, viewport), not for hundreds.
    shown = page.locator(".page-text:not(.pending)").count()
    assert shown < 60, shown
    assert page.locator(".page-text").count() == 352  # every anchor is there
    assert page.inner_text(".viewer-current") == "200"

    # The arrow keys turn pages.
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#page-201'")
    page.wait_for_selector("#page-201:not(.pending)")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.hash === '#page-199'")

    # A footnote's quotation on page 147 lands marked and in view.
    text = book["pdf"].pages.get(number=147).text
    quotation = " ".join(text.split()[20:30])
    # (Not waiting for "load": that waits for every image in view, each one first rendered.)
    page.goto(f"{url}?quote={quote(quotation)}#page-147", wait_until="domcontentloaded")
    page.wait_for_selector("#page-147 mark")
    assert in_view(page, "#page-147 mark")
    assert page.locator(".viewer-note").is_hidden()
    # ... and on the page image too, from PDFium's word boxes: a box per word quoted (a word
    # hyphenated across lines has two; a lone dash none).
    page.wait_for_selector("#page-147 .page-figure .page-mark")
    assert len(quotation.split()) - 2 <= page.locator("#page-147 .page-mark").count() <= 20
    # ... and a quotation not on the page cited says so.
    page.goto(f"{url}?quote={quote(quotation)}#page-150", wait_until="domcontentloaded")
    page.wait_for_selector(".viewer-note:not([hidden])")
    assert page.inner_text(".viewer-note") == (
        "The quotation is not on page 150. It is on page 147."
    )
    # ... in the reader's language.
    page.goto(
        f"{live_site.url}/bo{book['item'].url}?quote={quote(quotation)}#page-150",
        wait_until="domcontentloaded",
    )
    page.wait_for_selector(".viewer-note:not([hidden])")
    assert page.inner_text(".viewer-note") == ("ལུང་འདྲེན་དེ་ཤོག་ངོས་ 150 ནང་མེད། དེ་ཤོག་ངོས་ 147 ནང་ཡོད།")

    # A search hit's link (?q=…#page-N) marks the search's words on the page, in view.
    page.goto(f"{url}?q=copyright#page-230", wait_until="domcontentloaded")
    page.wait_for_selector("#page-230:not(.pending)")
    if page.locator("#page-230 mark").count():
        assert in_view(page, "#page-230 mark")
    assert page.locator("mark").count() > 0

    # The page images of a restricted item are 404, whichever width.
    secret = book["secret"]
    for width in (160, 800):
        answer = page.request.get(f"{live_site.url}/files/{secret.pk}/pages/{width}/1.webp")
        assert answer.status == 404


def test_without_javascript_the_text_and_images_remain(browser, live_site, book):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}{book['item'].url}")
        assert page.locator("#page-1 pre").inner_text().strip()
        page.wait_for_function(
            "document.querySelector('#page-1 .page-image').complete"
            " && document.querySelector('#page-1 .page-image').naturalWidth > 0"
        )
        # A page not sent is one link away.
        page.click("#page-200 h4 a")
        page.wait_for_selector("#page-200:not(.pending) pre")
        assert "page=200" in page.url
    finally:
        context.close()
