"""Reading an original and recording what was read: the step between upload and search."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from archive.choices import FileStatus
from archive.models import EvidenceFile, PageText
from archive.processing import Limits, ProcessResult, process_file
from archive.signals import evidence_file_processed

logger = logging.getLogger(__name__)


def processing_limits() -> Limits:
    return Limits(
        seconds=settings.ARCHIVE_PROCESSING_SECONDS,
        memory_bytes=settings.ARCHIVE_PROCESSING_MEMORY_MB * 1024 * 1024,
        max_pages=settings.ARCHIVE_MAX_PAGES,
        max_image_pixels=settings.ARCHIVE_MAX_IMAGE_PIXELS,
    )


def evidence_file_process(*, file_id: int) -> str:
    """Read one file in a sandboxed child process and store pages, preview and status.

    Returns the terminal status. Whatever the file does, the file row ends in a terminal
    status with a message, and its page texts are replaced all at once or not at all.
    """
    updated = EvidenceFile.objects.filter(pk=file_id).update(status=FileStatus.PROCESSING)
    if not updated:
        logger.warning("evidence file %s vanished before it was processed", file_id)
        return "missing"
    evidence_file = EvidenceFile.objects.get(pk=file_id)
    try:
        result = process_file(
            evidence_file.file.path, name=evidence_file.filename, limits=processing_limits()
        )
    except Exception as exc:  # the processing package should never raise; record it if it does
        logger.exception("processing evidence file %s crashed", file_id)
        _record_failure(evidence_file, f"Processing stopped unexpectedly: {type(exc).__name__}.")
        return FileStatus.FAILED
    _record_result(evidence_file, result)
    item_ids = list(evidence_file.item_links.values_list("item_id", flat=True))
    evidence_file_processed.send(EvidenceFile, evidence_file=evidence_file, item_ids=item_ids)
    return result.status


def _record_result(evidence_file: EvidenceFile, result: ProcessResult) -> None:
    with transaction.atomic():
        PageText.objects.filter(file=evidence_file).delete()
        PageText.objects.bulk_create(
            PageText(file=evidence_file, number=p.number, text=p.text, extractor=p.extractor)
            for p in result.pages
        )
        if evidence_file.preview:
            evidence_file.preview.delete(save=False)
        if result.preview:
            evidence_file.preview.save("preview.webp", ContentFile(result.preview), save=False)
        evidence_file.status = result.status
        evidence_file.error = result.error
        evidence_file.warnings = result.warnings
        evidence_file.page_count = result.page_count
        evidence_file.metadata_title = result.title[:500]
        evidence_file.processed_at = timezone.now()
        evidence_file.save(
            update_fields=[
                "status",
                "error",
                "warnings",
                "page_count",
                "metadata_title",
                "processed_at",
                "preview",
            ]
        )


def _record_failure(evidence_file: EvidenceFile, message: str) -> None:
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(
        status=FileStatus.FAILED, error=message, processed_at=timezone.now()
    )


def evidence_file_reprocess(*, evidence_file: EvidenceFile) -> None:
    from archive.tasks import enqueue_processing

    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status=FileStatus.PENDING, error="")
    transaction.on_commit(lambda: enqueue_processing(evidence_file.pk))
