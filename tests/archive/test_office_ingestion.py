"""A Word document through the real pipeline: read from a PDF derivative kept in storage, while
the hash and the download stay the original's, and labelled by kind on the public page."""

import hashlib

import pytest

from archive.models import EvidenceFile, PageText
from tests.factories import make_file, make_item, write_with_libreoffice

pytestmark = pytest.mark.django_db(transaction=True)

PHRASE = "The council minutes record the vote on the night works permit"


def test_a_word_document_keeps_its_original_and_a_pdf_derivative(
    tmp_path, client, evidence_index, work_queue
):
    html = tmp_path / "minutes.html"
    html.write_text(f"<html><body><p>{PHRASE}.</p></body></html>", encoding="utf-8")
    docx = write_with_libreoffice(html, "docx:MS Word 2007 XML", tmp_path)
    original = docx.read_bytes()
    item = make_item(evidence_index, title="Minutes", files=[make_file("minutes.docx", original)])
    work_queue()

    stored = EvidenceFile.objects.get()
    assert stored.status == "ready", stored.error
    assert stored.sha256 == hashlib.sha256(original).hexdigest()
    assert stored.kind_label == "Word document"
    with stored.derivative.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert stored.preview
    assert PHRASE in " ".join(PageText.objects.get(file=stored).text.split())

    download = client.get(stored.url)
    assert download.status_code == 200 and b"".join(download) == original
    page = client.get(item.url).content.decode()
    assert "<dd>Word document</dd>" in page and "officedocument" not in page
