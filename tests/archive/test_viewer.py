"""The evidence page's viewer: page images beside the text, a long file sent in part with every
page's anchor kept, the page asked for and the marked pages sent in full."""

import re

import pytest

from archive.page_text import FIRST_PAGES
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 45
FILLER = "\n".join(f"line {n} of ordinary filler words for the page" for n in range(40))


def page_words(number: int) -> str:
    return f"The distinct sentence of page {number} names witness W{number}x.\n{FILLER}"


@pytest.fixture
def long_file(evidence_index, work_queue):
    pdf = make_file("long.pdf", make_pdf([page_words(n) for n in range(1, PAGES + 1)]))
    item = make_item(evidence_index, title="A long report", files=[pdf])
    work_queue()
    pdf.refresh_from_db()
    assert pdf.status == "ready" and pdf.page_count == PAGES
    return item, pdf


def sections(html: str) -> dict[int, str]:
    found = re.findall(r'<section class="page-text( pending)?" id="page-(\d+)"', html)
    return {int(number): "pending" if pending else "shown" for pending, number in found}


def test_a_long_file_sends_its_first_pages_and_an_anchor_for_every_page(client, long_file):
    item, pdf = long_file
    html = client.get(item.url).content.decode()
    shown = sections(html)
    assert sorted(shown) == list(range(1, PAGES + 1))  # #page-N lands on every page
    assert [n for n, state in shown.items() if state == "shown"] == list(range(1, FIRST_PAGES + 1))
    assert "W11x" not in html and "W1x" in html
    assert (
        '<a href="?page=40#page-40" data-pending="(not loaded yet)">Page 40</a>' in html
    )  # a link
    # Each page sent shows its image, sized before it loads; page 1 is not lazy (it is in view).
    assert f'src="/files/{pdf.pk}/pages/800/1.webp" width="800" height="1131"' in html
    assert re.search(rf'src="/files/{pdf.pk}/pages/800/2.webp"[^>]*loading="lazy"', html)
    whole = len(FILLER) * PAGES
    assert len(html) < whole / 2, (len(html), whole)


def test_the_page_asked_for_is_sent_with_its_neighbours(client, long_file):
    item, _ = long_file
    html = client.get(item.url, {"page": "30"}).content.decode()
    shown = {n for n, state in sections(html).items() if state == "shown"}
    assert set(range(28, 38)) <= shown
    assert "W30x" in html and "W27x" not in html


def test_a_quotation_on_a_later_page_is_sent_and_marked(client, long_file):
    item, _ = long_file
    html = client.get(item.url, {"quote": "sentence of page 33 names witness"}).content.decode()
    assert "<mark>sentence of page 33 names witness</mark>" in html
    assert sections(html)[33] == "shown"
    # The placeholders' links leave the quotation out (it is on a page sent already)...
    assert '<a href="?page=40#page-40" ' in html
    # ... but keep a search's words, so the page they lead to marks them too.
    html = client.get(item.url, {"q": "witness"}).content.decode()
    assert '<a href="?q=witness&amp;page=40#page-40" ' in html


def test_search_words_from_a_hit_link_are_marked(client, long_file):
    item, _ = long_file
    html = client.get(item.url, {"q": "witness W5x", "page": "5"}).content.decode()
    assert "<mark>witness</mark> <mark>W5x</mark>" in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999", "5\x00", "１"])
def test_a_malformed_page_is_ignored_not_an_error(client, long_file, page):
    item, _ = long_file
    response = client.get(item.url, {"page": page})
    assert response.status_code == 200
    assert sections(response.content.decode())[1] == "shown"


def test_the_viewer_comes_from_files_without_inline_script_or_style(client, long_file):
    item, _ = long_file
    html = client.get(item.url).content.decode()
    assert '<script src="/static/js/viewer.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html and "<style" not in html
