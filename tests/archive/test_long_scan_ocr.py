"""A long scan's OCR runs a few pages a task, so files queued after it are read meanwhile.

Real Tesseract, real sandbox and django-tasks' own database worker (run_queued_tasks); the
scan is generated (tests/processing/scans.py) and "long" is lowered to a few pages a task.
"""

import datetime as dt

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.test import override_settings
from django.utils import timezone

from archive.models import EvidenceFile, PageText
from archive.processing.ocr import NOT_REACHED, OCR_QUEUED_WARNING, QUEUED
from archive.services.ocr_runs import evidence_file_ocr_run
from archive.services.recovery import LOST_WORKER, MAX_ATTEMPTS, files_requeue_stuck
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


def _ocr_pages_each_time_recorded(work_queue) -> list[int]:
    """Run the queue; the pages of the file OCRed so far, each time a file was recorded."""
    runs: list[int] = []

    def recorded(sender, evidence_file, **kwargs) -> None:
        runs.append(PageText.objects.filter(file=evidence_file, extractor="ocr").count())

    evidence_file_processed.connect(recorded)
    try:
        work_queue()
    finally:
        evidence_file_processed.disconnect(recorded)
    return runs


@override_settings(ARCHIVE_PROCESSING_SECONDS=5, ARCHIVE_OCR_PAGES_PER_TASK=100)
def test_pages_the_time_limit_did_not_reach_are_read_by_later_runs(
    evidence_index, work_queue, tmp_path
) -> None:
    # 40 pages at 0.12-0.3 s each do not fit in OCR's share of 5 s (3.75 s, less a second
    # kept for the last page): the time limit, not the page count, ends the first run.
    pages = 40
    scan = make_file(
        "timed.pdf", scans.scanned_pdf(tmp_path / "timed.pdf", ["en"] * pages).read_bytes()
    )
    make_item(evidence_index, title="Timed scan", files=[scan])
    runs = _ocr_pages_each_time_recorded(work_queue)

    assert len(runs) >= 2 and runs[0] < pages, runs  # the first run ran out of time
    scan.refresh_from_db()
    assert [p.extractor for p in scan.pages.order_by("number")] == ["ocr"] * pages, runs
    assert not [w for w in scan.warnings if "OCR" in w], scan.warnings


# --- a later run lost with its worker (archive.services.recovery) ---------------------------


def _first_run_only(scan) -> None:
    from archive.services.ingestion import evidence_file_process

    evidence_file_process(file_id=scan.pk)  # queues the next run; no worker takes it


def _an_hour_ago(scan) -> None:
    EvidenceFile.objects.filter(pk=scan.pk).update(
        processed_at=timezone.now() - dt.timedelta(hours=1)
    )


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=PER_TASK)
def test_a_later_run_lost_with_its_worker_is_queued_again_and_the_scan_finished(
    evidence_index, work_queue, long_scan
) -> None:
    scan = make_file("long.pdf", long_scan, title="long scan")
    make_item(evidence_index, title="Scan", files=[scan])
    _first_run_only(scan)
    scan.refresh_from_db()
    assert scan.ocr_next_page == PER_TASK + 1
    # The worker that took the next run died: its task says running, for ever.
    [run] = DBTaskResult.objects.filter(task_path="archive.tasks.read_ocr_pages")
    DBTaskResult.objects.filter(pk=run.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert not files_requeue_stuck()  # the first run is recent: a live worker may be at it
    _an_hour_ago(scan)

    report = files_requeue_stuck()
    assert report.ocr_requeued == [scan.pk] and not report.ocr_given_up
    assert not files_requeue_stuck()  # queued now: not twice
    run.refresh_from_db()
    assert (run.status, run.exception_class_path) == (TaskResultStatus.FAILED, LOST_WORKER)
    work_queue()

    scan.refresh_from_db()
    assert [p.extractor for p in scan.pages.order_by("number")] == ["ocr"] * PAGES
    assert (scan.ocr_next_page, scan.ocr_runs_lost) == (None, 1)
    assert not [w for w in scan.warnings if "OCR" in w], scan.warnings


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=PER_TASK)
def test_a_run_queued_twice_reads_its_pages_once(evidence_index, long_scan) -> None:
    scan = make_file("long.pdf", long_scan, title="long scan")
    _first_run_only(scan)
    take = EvidenceFile.objects.get(pk=scan.pk).processing_started_at.isoformat()
    assert evidence_file_ocr_run(file_id=scan.pk, take=take, first=4, packs="") == "queued"
    assert evidence_file_ocr_run(file_id=scan.pk, take=take, first=4, packs="") == "superseded"
    assert EvidenceFile.objects.get(pk=scan.pk).ocr_next_page == 2 * PER_TASK + 1


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=PER_TASK)
def test_a_scan_whose_runs_keep_killing_their_worker_is_given_up_with_a_message(
    evidence_index, work_queue, long_scan
) -> None:
    scan = make_file("long.pdf", long_scan, title="long scan")
    _first_run_only(scan)
    DBTaskResult.objects.filter(task_path="archive.tasks.read_ocr_pages").delete()  # lost
    EvidenceFile.objects.filter(pk=scan.pk).update(ocr_runs_lost=MAX_ATTEMPTS - 1)
    _an_hour_ago(scan)

    report = files_requeue_stuck()

    assert report.ocr_given_up == [scan.pk] and not report.ocr_requeued
    assert not DBTaskResult.objects.filter(task_path="archive.tasks.read_ocr_pages").exists()
    scan.refresh_from_db()
    assert scan.status == "ready" and scan.ocr_next_page is None  # its OCRed pages stand
    assert not [w for w in scan.warnings if w.endswith(OCR_QUEUED_WARNING)]
    assert (
        f"OCR of the scanned pages from page {PER_TASK + 1} on stopped {MAX_ATTEMPTS} times"
    ) in " ".join(scan.warnings)
    waiting = scan.pages.filter(number__gt=PER_TASK)
    assert {p.note for p in waiting} == {NOT_REACHED}


@override_settings(ARCHIVE_OCR_PAGES_PER_TASK=2)
def test_a_multipage_tiff_scan_is_read_a_few_frames_a_run_like_a_scanned_pdf(
    evidence_index, work_queue, tmp_path
) -> None:
    path = tmp_path / "foi.tiff"
    frames = [scans.page_image("en", seed=n) for n in range(5)]
    frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    scan = make_file("foi.tiff", path.read_bytes(), title="tiff scan")
    make_item(evidence_index, title="Scanned reply", files=[scan])
    runs = _ocr_pages_each_time_recorded(work_queue)

    assert runs == [2, 4, 5]  # the first reading, then two later runs
    scan.refresh_from_db()
    assert scan.status == "ready" and scan.ocr_next_page is None
    pages = list(scan.pages.order_by("number"))
    assert [p.extractor for p in pages] == ["ocr"] * 5
    assert all("freedomofinformation" in "".join(p.text.split()).lower() for p in pages)
    assert not [w for w in scan.warnings if "OCR" in w], scan.warnings
