"""Page images: the first pages made while a PDF is read, the rest on first request, kept in
storage, and served only to those who may see the file."""

import hashlib
import io
import json

import pytest
from PIL import Image

from django.core.files.storage import default_storage
from django.urls import reverse

from archive.page_images import page_image_key, page_image_size
from archive.processing.page_images import EAGER_PAGES, READING_WIDTH, THUMBNAIL_WIDTH
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def page_url(evidence_file, number, width=READING_WIDTH):
    return reverse("archive:page_image", args=[evidence_file.pk, width, number])


@pytest.fixture
def five_pages(evidence_index, work_queue):
    pdf = make_file("five.pdf", make_pdf([f"words of page {n}" for n in range(1, 6)]))
    item = make_item(evidence_index, title="Five pages", files=[pdf])
    work_queue()
    pdf.refresh_from_db()
    return item, pdf


def test_first_pages_are_rendered_while_the_file_is_read(five_pages):
    _, pdf = five_pages
    assert pdf.status == "ready" and len(pdf.page_sizes) == 5
    for number in range(1, 6):
        for width in (THUMBNAIL_WIDTH, READING_WIDTH):
            stored = default_storage.exists(page_image_key(pdf, number, width))
            assert stored == (number <= EAGER_PAGES), (number, width)


def test_a_scans_pages_are_drawn_on_request_and_kept(client, evidence_index, work_queue, tmp_path):
    # Drawing a scan's first pages while it is read would take time from its OCR.
    from tests.processing import scans

    scan = make_file("scan.pdf", scans.scanned_pdf(tmp_path / "scan.pdf", ["en"]).read_bytes())
    make_item(evidence_index, title="A scan", files=[scan])
    work_queue()
    scan.refresh_from_db()
    assert scan.status == "ready" and scan.pages.get().extractor == "ocr"
    assert not default_storage.exists(page_image_key(scan, 1, READING_WIDTH))

    response = client.get(page_url(scan, 1))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).width == READING_WIDTH
    assert default_storage.exists(page_image_key(scan, 1, READING_WIDTH))


def test_a_later_page_is_rendered_on_request_and_kept(client, five_pages):
    _, pdf = five_pages
    sha = pdf.sha256
    response = client.get(page_url(pdf, 5))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == "WEBP"
    assert image.size == page_image_size(pdf, 5, READING_WIDTH)
    # Both widths were kept from the one render; the original is untouched.
    assert default_storage.exists(page_image_key(pdf, 5, READING_WIDTH))
    assert default_storage.exists(page_image_key(pdf, 5, THUMBNAIL_WIDTH))
    thumbnail = client.get(page_url(pdf, 5, THUMBNAIL_WIDTH))
    thumb = Image.open(io.BytesIO(b"".join(thumbnail.streaming_content)))
    assert thumb.width == THUMBNAIL_WIDTH
    with pdf.file.open("rb") as original:
        assert hashlib.sha256(original.read()).hexdigest() == sha


def test_pages_that_do_not_exist_and_other_widths_are_404(client, five_pages):
    _, pdf = five_pages
    assert client.get(page_url(pdf, 6)).status_code == 404
    assert client.get(page_url(pdf, 0)).status_code == 404
    assert client.get(page_url(pdf, 1, 1234)).status_code == 404
    assert client.get(page_url(pdf, 10**30)).status_code == 404


def test_an_etag_answers_304_after_the_access_check(client, five_pages):
    _, pdf = five_pages
    first = client.get(page_url(pdf, 1))
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(page_url(pdf, 1), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_restricted_items_page_images_are_404(client, evidence_index, work_queue):
    pdf = make_file("secret.pdf", make_pdf(["witness one", "two", "three", "four"]))
    make_item(evidence_index, title="Testimony", access_level="restricted", files=[pdf])
    work_queue()
    pdf.refresh_from_db()
    assert default_storage.exists(page_image_key(pdf, 1, READING_WIDTH))  # stored, not served
    for number in (1, 4):  # an eager page and a lazy one
        for width in (THUMBNAIL_WIDTH, READING_WIDTH):
            assert client.get(page_url(pdf, number, width)).status_code == 404
    assert not default_storage.exists(page_image_key(pdf, 4, READING_WIDTH))  # nothing rendered


def test_a_non_pdf_has_no_page_images(client, evidence_index, work_queue):
    text = make_file("note.txt", b"plain words")
    make_item(evidence_index, title="Note", files=[text])
    work_queue()
    assert client.get(page_url(text, 1)).status_code == 404


def test_a_pages_words_come_with_their_boxes_for_marks_on_the_image(client, five_pages):
    _, pdf = five_pages
    for number in (1, 5):  # read while the file was read, and on request
        response = client.get(reverse("archive:page_words", args=[pdf.pk, number]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        words = json.loads(body)
        assert [w[0] for w in words] == ["words", "of", "page", str(number)]
        for _, left, top, right, bottom in words:
            assert 0 <= left < right <= 1 and 0 <= top < bottom <= 1
        assert words[0][2] < 0.2  # near the top, where reportlab drew the line


def test_a_restricted_items_page_words_are_404(client, evidence_index, work_queue):
    pdf = make_file("secret-words.pdf", make_pdf(["witness one", "two"]))
    make_item(evidence_index, title="Testimony", access_level="restricted", files=[pdf])
    work_queue()
    for number in (1, 2):
        assert client.get(reverse("archive:page_words", args=[pdf.pk, number])).status_code == 404


def test_a_thumbnail_alone_is_drawn_at_its_own_size(client, five_pages):
    _, pdf = five_pages
    response = client.get(page_url(pdf, 4, THUMBNAIL_WIDTH))
    assert response.status_code == 200
    assert default_storage.exists(page_image_key(pdf, 4, THUMBNAIL_WIDTH))
    assert not default_storage.exists(page_image_key(pdf, 4, READING_WIDTH))
