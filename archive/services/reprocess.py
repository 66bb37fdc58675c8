"""Reading again the files an older archive read before OCR and public copies existed.

An archive that imported photos and scans before OCR (decision 0012) and public copies
(decision 0013) holds images without a public copy, whose original would be what anonymous
readers are refused, and scanned PDFs whose image-only pages have no text and no note. These are
found by what today's readers always leave behind and are missing, so running
`manage.py reprocess_files` twice reads nothing the second time; `every` reads all files of
the kinds asked for (after a Tesseract upgrade, say).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from archive.choices import FileStatus
from archive.models import EvidenceFile, PageText
from archive.processing.images import IMAGE_TYPES
from archive.services.recovery import evidence_file_reprocess

KINDS = ("image", "scan")
# Files a reader has finished with; failed ones are left to the admin's re-process action, since
# their cause (a limit, damage) is usually still there.
_READ = (FileStatus.READY, FileStatus.NO_TEXT)


def files_to_reprocess(kinds: tuple[str, ...] = KINDS, *, every: bool = False) -> QuerySet:
    """The files of these kinds ("image": raster images, "scan": PDFs) to read again."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
    wanted = Q(pk__in=[])
    if "image" in kinds:
        images = Q(media_type__in=IMAGE_TYPES)
        wanted |= images if every else images & Q(public_copy="")
    if "scan" in kinds:
        pdfs = Q(media_type="application/pdf")
        # A page no reader found text on and nothing explained: today's PDF reader notes every
        # page OCR looked at ("a scanned page; OCR found no text"), so this one predates OCR.
        unexplained = PageText.objects.filter(file=OuterRef("pk"), text="", note="")
        wanted |= pdfs if every else pdfs & Q(Exists(unexplained))
    return EvidenceFile.objects.filter(wanted, status__in=_READ).order_by("pk")


def files_reprocess(files: QuerySet, *, queue: bool = True) -> list[int]:
    """Set each file to be read again from the start, queued for the workers (or, queue False,
    for the caller to read with archive.services.ingestion.evidence_file_process); their ids."""
    ids = list(files.values_list("pk", flat=True))
    if not queue:
        EvidenceFile.objects.filter(pk__in=ids, status__in=_READ).update(
            status=FileStatus.PENDING, error="", processing_attempts=0
        )
        return ids
    for evidence_file in EvidenceFile.objects.filter(pk__in=ids):
        with transaction.atomic():
            evidence_file_reprocess(evidence_file=evidence_file)
    return ids
