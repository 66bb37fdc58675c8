"""manage.py reprocess_files: an archive read before OCR and public copies gets them, on the
real database, through the real readers and the task queue."""

import io

import pytest

from django.core.management import call_command

from archive.models import EvidenceFile, PageText
from search.indexing import search_item_sync
from tests.factories import make_file, make_item
from tests.image_metadata import metadata_found
from tests.processing import fixtures, photos, scans

pytestmark = pytest.mark.django_db(transaction=True)


def _as_before_ocr(evidence_file: EvidenceFile) -> None:
    """What the readers before OCR and public copies left: no copy, pages without text or note."""
    evidence_file.public_copy.delete(save=False)
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(
        public_copy="", public_copy_sha256="", public_copy_media_type="", public_copy_note=""
    )
    if evidence_file.media_type == "application/pdf":
        PageText.objects.filter(file=evidence_file).update(
            text="", extractor="none", quality=0.0, note="", ocr=None
        )
        EvidenceFile.objects.filter(pk=evidence_file.pk).update(status="no_text")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("reprocess_files", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_archive(evidence_index, work_queue, tmp_path):
    photo = make_file("gate.jpg", photos.photo_jpeg(tmp_path / "gate.jpg").read_bytes())
    scan = make_file("foi.pdf", scans.scanned_pdf(tmp_path / "foi.pdf", ["en"]).read_bytes())
    letter = make_file("letter.pdf", fixtures.three_page_pdf(tmp_path).read_bytes())
    make_item(evidence_index, title="Cameras at the gate", files=[photo])
    reply = make_item(evidence_index, title="The FOI reply", files=[scan, letter])
    work_queue()
    for evidence_file in (photo, scan):
        evidence_file.refresh_from_db()
        _as_before_ocr(evidence_file)
    search_item_sync(reply.pk)  # the index as it was then: no OCR text
    return photo, scan, letter


def test_images_and_scans_read_before_ocr_are_read_again_once(client, old_archive) -> None:
    photo, scan, letter = old_archive
    probe = scans.PROBES["en"]
    assert client.get("/api/v1/search/", {"q": f'"{probe}"'}).json()["count"] == 0
    listed = _run("--dry-run")
    assert f"  {photo.pk}: " in listed and f"  {scan.pk}: " in listed
    assert f"  {letter.pk}: " not in listed  # its text layer was read: nothing is missing
    assert listed.endswith("2 file(s) would be read again.\n")
    assert EvidenceFile.objects.get(pk=photo.pk).public_copy == ""  # a dry run changes nothing

    assert _run("--now").endswith("Read 2 file(s) again: 1 no_text, 1 ready.\n")
    photo.refresh_from_db()
    assert photo.public_copy and photo.public_copy_sha256
    public = b"".join(client.get(photo.url).streaming_content)
    assert metadata_found(public) == [] and b"Lhasa" not in public
    [page] = PageText.objects.filter(file=scan)
    assert page.extractor == "ocr" and "".join(probe.split()) in "".join(page.text.split())
    hits = client.get("/api/v1/search/", {"q": f'"{probe}"'}).json()
    assert hits["count"] == 1, hits

    assert _run().startswith("Queued 0 file(s)")  # nothing is missing any more
    assert _run("--every", "--kind", "image", "--dry-run").endswith(
        "1 file(s) would be read again.\n"
    )


def test_without_now_the_files_are_queued_for_the_workers(old_archive, work_queue) -> None:
    photo, scan, _ = old_archive
    assert _run("--kind", "image").startswith(f"  {photo.pk}: ")
    assert EvidenceFile.objects.get(pk=photo.pk).status == "pending"
    assert EvidenceFile.objects.get(pk=scan.pk).status == "no_text"  # not asked for
    work_queue()
    photo.refresh_from_db()
    assert photo.status == "no_text" and photo.public_copy
    assert "carries a GPS position" in photo.warnings[0]
