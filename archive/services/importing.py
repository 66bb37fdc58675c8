"""Importing files from disk as evidence items, through the same path as an admin upload."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction

from archive.choices import AccessLevel, EvidenceKind, FileStatus
from archive.models import EvidenceFile, EvidenceFileLink, EvidenceIndexPage, EvidencePage
from archive.processing.hashing import sha256_of_stream
from archive.services.files import evidence_file_create


@dataclass
class ImportEntry:
    path: str
    sha256: str = ""
    status: str = ""
    pages: int = 0
    reference: str = ""
    error: str = ""
    file_id: int | None = None

    def report(self) -> dict:
        data = asdict(self)
        del data["file_id"]
        return data


def title_from_filename(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


def evidence_import_file(
    *, path: Path, access_level: str = AccessLevel.PUBLIC, parent: EvidenceIndexPage
) -> ImportEntry:
    """Create one published evidence item holding the file at `path` and queue its reading.

    A file already in the archive is not stored again: the entry says which item holds it.
    """
    entry = ImportEntry(path=str(path))
    try:
        with path.open("rb") as handle:
            entry.sha256, _ = sha256_of_stream(handle)
            existing = EvidenceFile.objects.filter(sha256=entry.sha256).first()
            if existing is not None:
                holder = existing.holding_items.first()
                entry.status = "duplicate"
                entry.pages = existing.page_count
                entry.reference = holder.reference if holder else ""
                entry.error = f"Already in the archive as file #{existing.pk}."
                return entry
            with transaction.atomic():
                evidence_file = evidence_file_create(name=path.name, content=handle)
                item = EvidencePage(
                    title=title_from_filename(path)[:255],
                    kind=EvidenceKind.OTHER,
                    access_level=access_level,
                    file_links=[EvidenceFileLink(file=evidence_file)],
                )
                parent.add_child(instance=item)
                item.save_revision().publish()
    except OSError as exc:
        entry.status = FileStatus.FAILED
        entry.error = f"Could not read the file: {os.strerror(exc.errno) if exc.errno else exc}."
        return entry
    entry.file_id = evidence_file.pk
    entry.reference = item.reference
    entry.status = FileStatus.PENDING
    return entry


def import_entry_finish(entry: ImportEntry) -> None:
    """Fill in the entry from the processed file; adopt the PDF's own title when it has one."""
    if entry.file_id is None:
        return
    evidence_file = EvidenceFile.objects.get(pk=entry.file_id)
    entry.status = evidence_file.status
    entry.pages = evidence_file.page_count
    entry.error = evidence_file.error
    if evidence_file.metadata_title:
        item = EvidencePage.objects.get(reference=entry.reference)
        item.title = evidence_file.metadata_title[:255]
        item.save_revision().publish()
