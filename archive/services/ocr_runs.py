"""A long scan's OCR in runs of a few pages, each a task of its own, between other files.

The first reading of a scanned PDF (archive.services.ingestion) OCRs its first
ARCHIVE_OCR_PAGES_PER_TASK scanned pages and records the file as read, with the pages it has
not OCRed yet noted and a warning saying so. Each later run is a task queued behind whatever
was queued meanwhile: it OCRs the next pages, stores them in one transaction, and queues the
run after it until none are left; so a 300-page scan holds a worker for a few pages at a time,
and a small file uploaded after it is read before the scan's last page. A run belongs to one
take of the file (its processing_started_at): a file re-processed since is left to its new
take, and the run does nothing. The file names the page its next run starts from
(`ocr_next_page`): a run queued twice, or one of an earlier step, finds another page named and
does nothing; a run lost with its worker is found by archive.services.recovery and queued again.
"""

from __future__ import annotations

import logging

from django.db import transaction

from archive.choices import FileStatus
from archive.models import EvidenceFile, PageText
from archive.processing.later_ocr import ocr_later_run
from archive.processing.ocr import OCR_QUEUED_WARNING
from archive.processing.pdf import page_with_ocr
from archive.processing.text_of_record import Candidate
from archive.signals import evidence_file_processed
from archive.storage import local_copy

logger = logging.getLogger(__name__)


def ocr_run_queue(evidence_file: EvidenceFile, first: int, packs: str) -> None:
    """After the commit: queue the file's next OCR run, from page `first` on (the caller
    saves `ocr_next_page`)."""
    from archive.tasks import read_ocr_pages  # the task module imports the services

    evidence_file.ocr_next_page = first
    take = evidence_file.processing_started_at.isoformat()
    transaction.on_commit(lambda: read_ocr_pages.enqueue(evidence_file.pk, take, first, packs))


def evidence_file_ocr_run(*, file_id: int, take: str, first: int, packs: str) -> str:
    """OCR the next pages of a long scan and store them; queue the run after it. Returns
    "done", "queued" (more runs follow), or "superseded" (the file was read again since)."""
    from archive.services.ingestion import processing_limits, without_nul

    evidence_file = _of_take(EvidenceFile.objects.all(), file_id, take, first)
    if evidence_file is None:
        return "superseded"
    limits = processing_limits(evidence_file)
    with local_copy(evidence_file.file) as path:  # a bucket has no path: a local copy
        run = ocr_later_run(path, evidence_file.media_type, limits, first, packs)
    with transaction.atomic():
        evidence_file = _of_take(EvidenceFile.objects.select_for_update(), file_id, take, first)
        if evidence_file is None:
            return "superseded"
        stored = {p.number: p for p in PageText.objects.filter(file=evidence_file)}
        for number, reading in run.readings.items():
            row = stored.get(number)
            if row is None:
                continue
            earlier = Candidate(row.extractor, row.text, logical_order=row.extractor == "pdfium")
            if row.extractor in ("none", "ocr"):
                earlier = None  # no text layer to weigh OCR's reading against
            page = page_with_ocr(number, earlier, reading)
            row.text, row.extractor, row.quality = (
                without_nul(page.text),
                page.extractor,
                page.quality,
            )
            row.note, row.language, row.ocr = without_nul(page.note)[:500], page.language, page.ocr
            row.save(update_fields=["text", "extractor", "quality", "note", "language", "ocr"])
        warnings = [w for w in evidence_file.warnings if not w.endswith(OCR_QUEUED_WARNING)]
        if run.error:  # the pages this run would have read keep their notes; none is lost
            warnings.append(run.error)
        evidence_file.warnings = warnings + without_nul(run.warnings)
        has_text = PageText.objects.filter(file=evidence_file).exclude(text="").exists()
        evidence_file.status = FileStatus.READY if has_text else FileStatus.NO_TEXT
        evidence_file.ocr_next_page = None
        if run.queued and not run.error:
            ocr_run_queue(evidence_file, run.queued[0], run.packs)
        evidence_file.save(update_fields=["warnings", "status", "ocr_next_page"])
    item_ids = list(evidence_file.item_links.values_list("item_id", flat=True))
    evidence_file_processed.send(EvidenceFile, evidence_file=evidence_file, item_ids=item_ids)
    return "queued" if run.queued and not run.error else "done"


def _of_take(files, file_id: int, take: str, first: int) -> EvidenceFile | None:
    evidence_file = files.filter(pk=file_id).first()
    started = evidence_file and evidence_file.processing_started_at
    if not started or started.isoformat() != take:
        logger.info("evidence file %s: OCR run of take %s superseded", file_id, take)
        return None
    # None: queued before the file named its next page (an archive upgraded mid-scan).
    if evidence_file.ocr_next_page not in (first, None):
        logger.info("evidence file %s: OCR run from page %s superseded", file_id, first)
        return None
    if evidence_file.status not in (FileStatus.READY, FileStatus.NO_TEXT):
        return None  # being read again from the start, or failed since
    return evidence_file
