"""A long scan's OCR runs a few pages a task, so files queued after it are read meanwhile.

Real Tesseract, real sandbox and django-tasks' own database worker (run_queued_tasks); the
scan is generated (tests/processing/scans.py) and "long" is lowered to a few pages a task.
"""

import pytest

from django.test import override_settings

from archive.models import EvidenceFile, PageText
from archive.processing.ocr import QUEUED
from archive.services.ocr_runs import evidence_file_ocr_run
from archive.signals import evidence_file_processed
from tests.factories import make_file, make_item, make_pdf
from tests.processing import scans

pytestmark = pytest.mark.django_db(transaction=True)

PAGES, PER_TASK = 9, 3


@pytest.fixture
def long_scan(tmp_path):
    return scans.scanned_pdf(tmp_path / "long.pdf", ["en"] * PAGES).read_bytes()


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=PER_TASK)
def test_a_small_pdf_queued_after_a_long_scan_is_ready_before_the_scan_is_done(
    evidence_index, work_queue, long_scan
) -> None:
    seen: list[tuple[str, int]] = []  # (file, scan pages OCRed) each time a file is recorded

    def recorded(sender, evidence_file, **kwargs) -> None:
        ocr = PageText.objects.filter(file__title="long scan", extractor="ocr").count()
        seen.append((evidence_file.title, ocr))

    scan = make_file("long.pdf", long_scan, title="long scan")  # queued first
    small = make_file("small.pdf", make_pdf(["a short letter"]), title="small")
    item = make_item(evidence_index, title="Scan and letter", files=[scan, small])
    evidence_file_processed.connect(recorded)
    try:
        work_queue()
    finally:
        evidence_file_processed.disconnect(recorded)

    # The scan's first run, then the small file while the scan still had pages to OCR, then
    # the scan's later runs, each a task queued behind what was queued meanwhile.
    assert seen == [
        ("long scan", PER_TASK),
        ("small", PER_TASK),
        ("long scan", 2 * PER_TASK),
        ("long scan", 3 * PER_TASK),
    ]
    scan.refresh_from_db()
    assert scan.status == "ready"
    pages = list(scan.pages.order_by("number"))
    assert [p.extractor for p in pages] == ["ocr"] * PAGES
    assert all("freedomofinformation" in "".join(p.text.split()).lower() for p in pages)
    assert all(p.ocr and p.ocr["words"] for p in pages)  # word boxes kept on later pages too
    assert not [w for w in scan.warnings if "has not read" in w], scan.warnings
    item.refresh_from_db()
    assert item.live


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=PER_TASK)
def test_until_its_later_runs_the_scan_says_which_pages_wait_for_ocr(
    evidence_index, long_scan
) -> None:
    from archive.services.ingestion import evidence_file_process

    scan = make_file("long.pdf", long_scan, title="long scan")
    evidence_file_process(file_id=scan.pk)  # the first run alone, no worker for the rest
    scan.refresh_from_db()
    assert scan.status == "ready"  # the pages read so far are searchable
    waiting = [p for p in scan.pages.order_by("number") if p.extractor != "ocr"]
    assert [p.number for p in waiting] == list(range(PER_TASK + 1, PAGES + 1))
    assert {p.note for p in waiting} == {QUEUED}
    [warning] = [w for w in scan.warnings if "has not read" in w]
    assert warning.startswith("OCR has not read pages 4, 5, 6, 7, 8, 9 yet")

    # A run of an earlier take (the file was re-processed since) does nothing.
    stale = "2000-01-01T00:00:00+00:00"
    assert evidence_file_ocr_run(file_id=scan.pk, take=stale, first=4, packs="") == "superseded"
    assert EvidenceFile.objects.get(pk=scan.pk).pages.filter(extractor="ocr").count() == PER_TASK
