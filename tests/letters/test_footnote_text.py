"""How a letter's footnotes and "Cite this" read (issue 16, items 1, 2 and 4): one full stop after
a name that already ends with one, an address to print for each footnote, and a citation that
wraps instead of a 20-column textarea."""

import re

import pytest

from archive.models import Source
from letters.templatetags.citation_tags import full_stop
from tests.factories import cite, claim, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Example Camera Co.", "Example Camera Co."),
        ("Watch Group", "Watch Group."),
        ("Who watches?", "Who watches?"),
        ("  Undated  ", "Undated."),
        ("监控摄像头。", "监控摄像头。"),
        ("", ""),
    ],
)
def test_full_stop_adds_one_only_where_none_is(text, sentence):
    assert full_stop(text) == sentence


@pytest.fixture
def letter(site_tree, evidence_index):
    company = Source.objects.create(name="Example Camera Co.", source_type="company")
    item = make_item(evidence_index, title="Annual report 2023", kind="report", source=company)
    body = [claim("Cameras are sold.", cite(item, pinpoint="2", quotation="sold to monasteries"))]
    # The item has no file to check the quotation against: the researcher acknowledged that.
    letters = make_letter_index(site_tree["home"])
    return make_letter(letters, body=body, citations_acknowledged=True), item


def test_footnote_has_one_full_stop_and_an_address_to_print(client, letter):
    letter, item = letter
    html = client.get(letter.url).content.decode()
    footnote = html.split('id="fn-1"', 1)[1].split("</li>", 1)[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", footnote))
    assert "Example Camera Co.." not in text and "Example Camera Co. " in text
    assert "Annual report 2023." in text
    # The printed address is absolute and leaves out the ?quote=… that marks the passage.
    assert (
        f'<span class="print-url">http://testserver/evidence/{item.reference}/#page-2</span>'
        in footnote
    )
    assert "?quote=" in footnote  # the screen's link still marks it


def test_cite_this_is_text_that_wraps_with_a_copy_button(client, letter):
    letter, item = letter
    for url in (letter.url, item.url):
        html = client.get(url).content.decode()
        box = html.split('class="cite-this"', 1)[1].split("</section>", 1)[0]
        assert "<textarea" not in box
        assert '<p class="citation-text" id="citation-text">' in box
        # Hidden until assets/js/site.js, which copies, is there to do it.
        assert '<button type="button" class="copy-button" data-copy="citation-text" hidden>' in box


def test_cite_this_comes_before_the_files_on_an_evidence_page(client, letter):
    _, item = letter
    html = client.get(item.url).content.decode()
    assert html.index('class="cite-this"') < html.index("No files are attached to this item.")
    assert html.index('class="metadata"') < html.index('class="cite-this"')


def test_cite_this_comes_before_the_letter_body_on_a_letter(client, letter):
    """As on an evidence page (issue 16, item 1): near the top, not after every footnote."""
    letter, _ = letter
    html = client.get(letter.url).content.decode()
    assert html.index('class="meta"') < html.index('class="cite-this"')
    assert html.index('class="cite-this"') < html.index('class="letter-body"')
    assert html.index('class="cite-this"') < html.index('class="footnotes"')
