"""An item's language: detected from its pages when nobody gave one, and marked on the page."""

import pytest

from archive.models import EvidencePage
from search.indexing import item_document
from tests.factories import make_file, make_item

pytestmark = pytest.mark.django_db(transaction=True)

UYGHUR = "ئۇيغۇر تىلى ۋە ئەدەبىياتى ھەققىدە قىسقىچە مەلۇمات بېرىلدى. گۇۋاھچىنىڭ سۆزى خاتىرىلەندى."


def test_an_items_language_is_detected_and_its_text_reads_right_to_left(
    client, evidence_index, work_queue
):
    testimony = make_file("testimony.txt", UYGHUR.encode())
    item = make_item(evidence_index, title="ئۇيغۇر گۇۋاھچى", files=[testimony])
    work_queue()
    item = EvidencePage.objects.get(pk=item.pk)
    assert item.language == "" and item.text_language == "ug"
    assert item_document(item).language == "ug"  # what the language facet counts

    html = client.get(f"/evidence/{item.reference}/").content.decode()
    assert '<h1 lang="ug" dir="auto">' in html
    assert '<pre lang="ug" dir="auto">' in html
    assert "Uyghur (detected)" in html


def test_a_language_the_researcher_gave_wins(client, evidence_index, work_queue):
    item = make_item(
        evidence_index,
        title="Notes",
        language="en",
        files=[make_file("notes.txt", UYGHUR.encode())],
    )
    work_queue()
    item = EvidencePage.objects.get(pk=item.pk)
    assert item.text_language == "en"
    html = client.get(f"/evidence/{item.reference}/").content.decode()
    assert '<h1 lang="en" dir="auto">' in html and '<pre lang="ug" dir="auto">' in html
