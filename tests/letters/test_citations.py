"""A letter's citations: numbered in reading order, footnotes linking to the cited page."""

import re

import pytest

from letters.blocks import pinpoint_parse
from letters.citations import citations_collect, evidence_href, pinpoint_display
from tests.factories import cite, claim, make_item, make_letter, make_letter_index, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(site_tree):
    return make_letter_index(site_tree["home"])


def test_pinpoints_parse_and_display():
    assert pinpoint_parse("4") == (4, 4)
    assert pinpoint_parse(" pp. 2–3 ") == (2, 3)
    assert pinpoint_parse("") is None
    for bad in ("four", "3-2", "0", "2-"):
        with pytest.raises(ValueError):
            pinpoint_parse(bad)
    assert pinpoint_display((4, 4)) == "p. 4"
    assert pinpoint_display((2, 3)) == "pp. 2\u20133"
    assert pinpoint_display((2, 2), 1) == "file 2, p. 2"


def test_links_go_to_the_page_anchor_with_the_quotation():
    assert evidence_href("EV-2024-0001", (4, 4)) == "/evidence/EV-2024-0001/#page-4"
    assert evidence_href("EV-2024-0001", (2, 3), 1) == "/evidence/EV-2024-0001/#f2-page-2"
    assert evidence_href("EV-2024-0001", (2, 2), 0, "the “cameras”") == (
        "/evidence/EV-2024-0001/?quote=the+%E2%80%9Ccameras%E2%80%9D#page-2"
    )
    assert evidence_href("EV-2024-0001") == "/evidence/EV-2024-0001/"


def test_citations_are_numbered_in_reading_order_across_claims(evidence_index, letters):
    a, b, c = (make_item(evidence_index, title=t) for t in ("Alpha", "Beta", "Gamma"))
    letter = make_letter(
        letters,
        body=[
            claim("First claim.", cite(b, "2"), cite(a)),
            paragraph("No citation here."),
            claim("Second claim.", cite(c, "1-3"), cite(b, "4")),
        ],
    )
    numbered = [(c.number, c.evidence.title, c.pinpoint) for c in letter.citations()]
    assert numbered == [(1, "Beta", "2"), (2, "Alpha", ""), (3, "Gamma", "1-3"), (4, "Beta", "4")]


def test_letter_page_shows_markers_and_footnotes_linking_to_pages(client, evidence_index, letters):
    report = make_item(evidence_index, title="Cameras in the Cloisters", kind="report")
    photo = make_item(evidence_index, title="Gate photo", kind="photo")
    letter = make_letter(
        letters,
        body=[
            claim("The cameras were installed in March.", cite(report, "2", "installed in March")),
            claim("A photograph shows one.", cite(photo), cite(report, "3-4")),
        ],
        citations_acknowledged=True,  # the items have no text to check the quotation against
    )
    html = client.get(letter.url).content.decode()
    body = html.split('class="letter-body"', 1)[1].split('class="footnotes"', 1)[0]
    assert re.findall(r'href="#fn-(\d+)"', body) == ["1", "2", "3"]
    assert "installed in March.<sup" in body  # the marker sits inside the claim's paragraph
    footnotes = html.split('class="footnotes"', 1)[1]
    assert f'href="/evidence/{report.reference}/?quote=installed+in+March#page-2"' in footnotes
    assert f'href="/evidence/{photo.reference}/"' in footnotes
    assert f'href="/evidence/{report.reference}/#page-3"' in footnotes
    assert "pp. 3–4" in footnotes and "Cameras in the Cloisters" in footnotes
    assert "Report" in footnotes and "Photo" in footnotes


def test_restricted_evidence_never_reaches_a_public_letter(client, evidence_index, letters):
    public = make_item(evidence_index, title="Public report")
    secret = make_item(evidence_index, title="SECRET-TESTIMONY")
    letter = make_letter(letters, body=[claim("Claim.", cite(secret, "2"), cite(public, "1"))])
    # The item became restricted after the letter was published.
    secret.access_level = "restricted"
    secret.save_revision().publish()

    html = client.get(letter.url).content.decode()
    assert "SECRET-TESTIMONY" not in html and secret.reference not in html
    assert re.findall(r'id="fn-(\d+)"', html) == ["1"]  # renumbered, no gap
    assert [c.evidence.title for c in letter.citations() if c.number] == ["Public report"]


def test_unpublished_evidence_is_left_out_as_well(evidence_index, letters):
    item = make_item(evidence_index, title="Draft item")
    letter = make_letter(letters, body=[claim("Claim.", cite(item))])
    item.unpublish()
    assert [c.number for c in letter.citations()] == [None]


def test_citations_collect_marks_values_for_the_block_templates(evidence_index, letters):
    item = make_item(evidence_index, title="Item")
    letter = make_letter(letters, body=[claim("Claim.", cite(item))])
    (citation,) = citations_collect(letter.body)
    assert citation.value.footnote is citation and citation.number == 1
