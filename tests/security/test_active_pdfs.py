"""A PDF with JavaScript, a Launch action or embedded files is flagged to researchers and only
ever served as a download (issue 11, row 12): through the real upload, worker and views."""

import io
import json
import zipfile

import pytest

from django.urls import reverse

from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
)
from tests.processing.active_pdfs import active_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def items(evidence_index, work_queue):
    scripted = make_item(
        evidence_index,
        title="Statement with a script",
        files=[make_file("statement.pdf", active_pdf("open_action_js", compressed=True))],
    )
    plain = make_item(
        evidence_index, title="Plain report", files=[make_file("plain.pdf", make_pdf(["text"]))]
    )
    work_queue()
    return {"scripted": scripted, "plain": plain}


def test_the_warning_is_stored_on_the_file(items):
    evidence_file = items["scripted"].files[0]
    evidence_file.refresh_from_db()
    assert evidence_file.status == "ready"
    assert "JavaScript" in evidence_file.active_content_warning
    assert not items["plain"].files[0].active_content_warning


def test_a_flagged_pdf_is_a_download_and_a_plain_one_inline(client, items):
    scripted = client.get(items["scripted"].files[0].url)
    assert scripted.status_code == 200 and scripted["Content-Type"] == "application/pdf"
    assert scripted["Content-Disposition"].startswith("attachment")
    assert "sandbox" in scripted["Content-Security-Policy"]
    plain = client.get(items["plain"].files[0].url)
    assert plain["Content-Disposition"].startswith("inline")


def test_a_pdf_not_yet_read_is_a_download(client, evidence_index):
    item = make_item(evidence_index, title="Queued", files=[make_file("q.pdf", make_pdf(["q"]))])
    response = client.get(item.files[0].url)  # no worker has run: the file is still pending
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_readers_and_researchers_are_told(client, admin_client, items):
    page = client.get(items["scripted"].url).content.decode()
    assert 'class="file-warning"' in page and "JavaScript" in page
    assert 'class="file-warning"' not in client.get(items["plain"].url).content.decode()
    report = admin_client.get(reverse("archive_file_report")).content.decode()
    assert "This PDF contains active content (JavaScript)" in report


def test_the_evidence_pack_says_so_too(client, items, site_tree):
    letters = make_letter_index(site_tree["home"])
    letter = make_letter(letters, body=[claim("Said.", cite(items["scripted"], "1"))])
    response = client.get(f"{letter.url}evidence-pack.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    (entry,) = json.loads(archive.read("manifest.json"))["files"]
    assert "JavaScript" in entry["warning"]
    assert "JavaScript" in archive.read("index.html").decode()
