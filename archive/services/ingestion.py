"""Reading an original and recording what was read: the step between upload and search."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from archive.choices import TERMINAL_FILE_STATUSES, FileStatus
from archive.models import EvidenceFile, PageText
from archive.models.files import EMAIL_MEDIA_TYPES, addresses_withheld
from archive.page_images import page_images_delete, page_images_store
from archive.processing import Limits, ProcessResult, process_file
from archive.processing.ocr import packs_for
from archive.services.attachments import attachments_store
from archive.services.ocr_runs import ocr_run_queue
from archive.signals import evidence_file_processed
from archive.storage import local_copy

logger = logging.getLogger(__name__)


def processing_limits(evidence_file: EvidenceFile | None = None) -> Limits:
    return Limits(
        seconds=settings.ARCHIVE_PROCESSING_SECONDS,
        memory_bytes=settings.ARCHIVE_PROCESSING_MEMORY_MB * 1024 * 1024,
        max_pages=settings.ARCHIVE_MAX_PAGES,
        max_image_pixels=settings.ARCHIVE_MAX_IMAGE_PIXELS,
        ocr_languages=_ocr_languages(evidence_file) if evidence_file else "",
        ocr_pages_per_run=settings.ARCHIVE_OCR_PAGES_PER_TASK,
    )


def _ocr_languages(evidence_file: EvidenceFile) -> str:
    """Tesseract's languages from the languages researchers gave the items holding the file;
    "" (detect each page's script) when they gave none OCR knows."""
    given = evidence_file.holding_items.exclude(language="").values_list("language", flat=True)
    packs = dict.fromkeys(p for code in given for p in packs_for(code).split("+") if p)
    return "+".join(packs)


def evidence_file_process(*, file_id: int) -> str:
    """Read one file in a sandboxed child process and store pages, preview and status.

    Returns the terminal status. Whatever the file does, the file row ends in a terminal
    status with a message, and its page texts are replaced all at once or not at all. A file
    that is already terminal is left alone (its task ran twice); a result whose take was
    superseded (archive.services.recovery re-queued the file and another worker took it) is
    dropped, so the later take alone is recorded.
    """
    attempt = _claim(file_id)
    if attempt is None:
        logger.info("evidence file %s is gone or already read; nothing to do", file_id)
        return "skipped"
    evidence_file = EvidenceFile.objects.get(pk=file_id)
    try:
        # The child reads a path: the stored file's own, or a copy streamed from the bucket.
        with local_copy(evidence_file.file) as path:
            result = process_file(
                path, name=evidence_file.filename, limits=processing_limits(evidence_file)
            )
    except Exception as exc:  # the processing package should never raise; record it if it does
        logger.exception("processing evidence file %s crashed", file_id)
        message = f"Processing stopped unexpectedly: {type(exc).__name__}."
        if not _record_failure(evidence_file, message, attempt):
            return "superseded"
        return FileStatus.FAILED
    try:
        recorded = _record_result(evidence_file, result, attempt)
    except Exception as exc:  # storage or the database refused: rolled back, said, not stuck
        logger.exception("recording evidence file %s failed", file_id)
        message = (
            f"What was read could not be recorded ({type(exc).__name__}, in the server's log); "
            "the original is kept. Read the file again once the fault is fixed."
        )
        if not _record_failure(evidence_file, message, attempt):
            return "superseded"
        return FileStatus.FAILED
    finally:
        if result.derivative:  # stored by now, or dropped with the result: the copy goes
            shutil.rmtree(os.path.dirname(result.derivative), ignore_errors=True)
    if not recorded:
        logger.warning("evidence file %s: take %s was superseded; result dropped", file_id, attempt)
        return "superseded"
    item_ids = list(evidence_file.item_links.values_list("item_id", flat=True))
    evidence_file_processed.send(EvidenceFile, evidence_file=evidence_file, item_ids=item_ids)
    return result.status


def _claim(file_id: int) -> int | None:
    """Mark the file as taken by this worker; returns the take's number, or None."""
    with transaction.atomic():
        taken = (
            EvidenceFile.objects.filter(pk=file_id)
            .exclude(status__in=TERMINAL_FILE_STATUSES)
            .update(
                status=FileStatus.PROCESSING,
                processing_started_at=timezone.now(),
                processing_attempts=F("processing_attempts") + 1,
            )
        )
        if not taken:
            return None
        return EvidenceFile.objects.values_list("processing_attempts", flat=True).get(pk=file_id)


def _still_ours(evidence_file: EvidenceFile, attempt: int) -> bool:
    """Inside the recording transaction: has nobody taken the file since we did?"""
    current = (
        EvidenceFile.objects.select_for_update()
        .filter(pk=evidence_file.pk)
        .values_list("processing_attempts", flat=True)
        .first()
    )
    return current == attempt


def without_nul(value):
    """The value with every NUL character taken out of its strings (in lists and dicts too):
    PostgreSQL refuses NUL in text and JSON, and a file's headers or names may carry one (an
    Outlook message's properties often do). SQLite would keep it; neither needs it."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    return value


def _public_text(result: ProcessResult, text: str) -> str:
    """The page text as stored, which the public reads and search indexes: an email's body with
    every address in it withheld unless ARCHIVE_EMAIL_PUBLIC_ADDRESSES (the original keeps them)."""
    if result.media_type in EMAIL_MEDIA_TYPES and not settings.ARCHIVE_EMAIL_PUBLIC_ADDRESSES:
        return addresses_withheld(text)
    return text


class _Replaced:
    """The files a reading replaces (derivative, preview, public copy). Storage is not part of
    the transaction: the new ones are stored at once, the earlier ones removed only once the
    reading is committed, and the new ones removed if it is not; a reading that fails to be
    recorded leaves the earlier one whole, its files included."""

    def __init__(self) -> None:
        self.earlier: list[tuple] = []
        self.stored: list[tuple] = []

    def put(self, field_file, name: str, content) -> None:
        if field_file:
            self.earlier.append((field_file.storage, field_file.name))
        setattr(field_file.instance, field_file.field.attname, None)
        if content is not None:
            field_file = getattr(field_file.instance, field_file.field.attname)
            field_file.save(name, content, save=False)
            self.stored.append((field_file.storage, field_file.name))

    def on_commit(self) -> None:
        # (A storage that overwrites would have stored the new file under the earlier name.)
        earlier = [f for f in self.earlier if f not in self.stored]
        transaction.on_commit(lambda: self._delete(earlier))

    def undo(self) -> None:
        self._delete(self.stored)

    @staticmethod
    def _delete(files: list[tuple]) -> None:
        for storage, name in files:
            try:
                storage.delete(name)
            except Exception:  # the reading stands (or the earlier one does): say, go on
                logger.exception("could not remove %s from storage", name)


def _record_result(evidence_file: EvidenceFile, result: ProcessResult, attempt: int) -> bool:
    replaced = _Replaced()
    try:
        return _record_result_replacing(evidence_file, result, attempt, replaced)
    except BaseException:
        replaced.undo()
        raise


def _record_result_replacing(
    evidence_file: EvidenceFile, result: ProcessResult, attempt: int, replaced: _Replaced
) -> bool:
    with transaction.atomic():
        if not _still_ours(evidence_file, attempt):
            return False
        PageText.objects.filter(file=evidence_file).delete()
        PageText.objects.bulk_create(
            PageText(
                file=evidence_file,
                number=p.number,
                text=without_nul(_public_text(result, p.text)),
                extractor=p.extractor,
                quality=p.quality,
                note=without_nul(p.note)[:500],
                language=p.language,
                ocr=without_nul(p.ocr),
            )
            for p in result.pages
        )
        if result.derivative:  # the PDF an office document was read from
            with open(result.derivative, "rb") as pdf:
                replaced.put(evidence_file.derivative, "derivative.pdf", File(pdf))
        else:
            replaced.put(evidence_file.derivative, "", None)
        preview = ContentFile(result.preview) if result.preview else None
        replaced.put(evidence_file.preview, "preview.webp", preview)
        _record_public_copy(evidence_file, result, replaced)
        page_images_delete(evidence_file)
        page_images_store(evidence_file, result.page_images)
        evidence_file.page_sizes = result.page_sizes
        evidence_file.status = result.status
        # The reader looked inside containers (a .docx is a ZIP): its type is the one to keep.
        if result.media_type != "application/octet-stream":  # not when it could not be opened
            evidence_file.media_type = result.media_type[:100]
        evidence_file.error = without_nul(result.error)
        evidence_file.page_count = result.page_count
        evidence_file.metadata_title = without_nul(result.title)[:500]
        evidence_file.metadata = without_nul(result.metadata)
        evidence_file.processed_at = timezone.now()
        # In the same transaction: the container's row and its attachments are one unit.
        evidence_file.warnings = without_nul(result.warnings) + attachments_store(
            container=evidence_file, attachments=result.attachments
        )
        evidence_file.ocr_next_page, evidence_file.ocr_runs_lost = None, 0
        if result.ocr_queued:  # a long scan: its other pages are OCRed by later tasks
            ocr_run_queue(evidence_file, result.ocr_queued[0], result.ocr_packs)
        evidence_file.save(
            update_fields=[
                "status",
                "media_type",
                "error",
                "warnings",
                "page_count",
                "metadata_title",
                "metadata",
                "processed_at",
                "preview",
                "derivative",
                "page_sizes",
                "ocr_next_page",
                "ocr_runs_lost",
                *PUBLIC_COPY_FIELDS,
            ]
        )
        replaced.on_commit()
        return True


PUBLIC_COPY_FIELDS = (
    "public_copy",
    "public_copy_sha256",
    "public_copy_size",
    "public_copy_media_type",
    "public_copy_note",
    "photo_metadata",
)


def _record_public_copy(
    evidence_file: EvidenceFile, result: ProcessResult, replaced: _Replaced
) -> None:
    """Keep the image's public copy beside the untouched original, hashed the same way."""
    copy = result.public_copy or b""
    evidence_file.public_copy_sha256 = hashlib.sha256(copy).hexdigest() if copy else ""
    evidence_file.public_copy_size = len(copy)
    evidence_file.public_copy_media_type = result.public_copy_media_type if copy else ""
    evidence_file.public_copy_note = result.public_copy_note[:200]
    evidence_file.photo_metadata = without_nul(result.photo)
    content = ContentFile(copy) if copy else None
    replaced.put(evidence_file.public_copy, evidence_file.public_filename, content)


def _record_failure(evidence_file: EvidenceFile, message: str, attempt: int) -> bool:
    with transaction.atomic():
        if not _still_ours(evidence_file, attempt):
            return False
        EvidenceFile.objects.filter(pk=evidence_file.pk).update(
            status=FileStatus.FAILED, error=message, processed_at=timezone.now()
        )
    return True
