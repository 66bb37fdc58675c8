"""Importing files from disk as evidence items, through the same path as an admin upload.

Each file is hashed; one already stored is reported as a duplicate (or, if an interrupted import
left it unread, queued again); a new one becomes a published item with its metadata, file and
first revision in one transaction, and `EvidenceFile.save()` queues its reading. Worker processes
(`archive.services.worker.WorkerPool`) read the files in parallel while this process goes on
creating items; it collects each file's outcome as it lands.
"""

from __future__ import annotations

import datetime
import email.utils
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from archive.choices import (
    TERMINAL_FILE_STATUSES,
    EvidenceKind,
    FileStatus,
    default_access_level,
)
from archive.models import (
    EvidenceFile,
    EvidenceIndexPage,
    EvidencePage,
    Place,
    Source,
    Topic,
)
from archive.processing.hashing import sha256_of_stream
from archive.public_cache import content_changes_deferred, content_refresh
from archive.services.files import evidence_file_create
from archive.services.import_metadata import ItemMetadata, MetadataSheet
from archive.services.items import evidence_item_create
from archive.services.recovery import MAX_ATTEMPTS, evidence_file_resume
from archive.services.worker import (
    WorkerPool,
    index_tasks_collapsed,
    queued_tasks_exist,
    run_queued_tasks,
    worker_processes_possible,
)
from archive.tasks import process_evidence_file

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
REPORT_FIELDS = ("path", "sha256", "status", "pages", "reference", "error", "warnings", "gps")
POLL_SECONDS = 0.25  # how often this process looks for files the workers have finished
# How often kept public responses are retired while importing. Each time, every web worker
# re-renders every popular search (a common word's search costs 15-45 ms of CPU at 10,000
# items): every 10 s kept 2 cores saturated under bench/load.py (BENCHMARKS.md).
PUBLIC_REFRESH_SECONDS = 60
NOT_READ = "Not read: whatever was reading it stopped. Run the import again to resume."


@dataclass
class ImportEntry:
    path: str
    sha256: str = ""
    status: str = ""
    pages: int = 0
    reference: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)  # the file's, as stored once read
    gps: bool = False  # the original carries a GPS position (the public gets a copy without)
    file_id: int | None = None  # the file whose reading this entry waits for
    new: bool = False  # stored by this run
    resumed: bool = False  # stored by an earlier run that stopped before it was read
    adopt_title: bool = False  # titled from its file name: take the PDF's own title once read

    def report(self) -> dict:
        return {name: getattr(self, name) for name in REPORT_FIELDS}


def title_from_filename(path: Path) -> str:
    return (path.stem.replace("_", " ").replace("-", " ").strip() or path.name)[:255]


def import_paths_expand(paths: Iterable[Path], *, leave_out: Iterable[Path] = ()) -> list[Path]:
    """The files to import: each path given, and every file under each folder, recursively and
    in name order, without hidden files and folders; each file once; `leave_out` (the metadata
    CSV and the report, if they sit among the files) left out. Missing paths stay in, to be
    reported."""
    skip = {p.resolve() for p in leave_out}
    seen: set[Path] = set()
    files = []
    for path in paths:
        for candidate in _walk(path) if path.is_dir() else [path]:
            key = candidate.resolve()
            if key not in seen and key not in skip:
                seen.add(key)
                files.append(candidate)
    return files


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root, name)


class EvidenceImport:
    """One run of the import: create items, have them read, collect outcomes as they land.

    `entries` grows in input order as files are taken in, so an interrupted run can still
    report what it did. `on_done(entry)` is called once per entry, when its outcome is final.
    """

    def __init__(
        self,
        *,
        parent: EvidenceIndexPage,
        access_level: str = "",
        sheet: MetadataSheet | None = None,
        workers: int = 0,
        on_done: Callable[[ImportEntry], None] = lambda entry: None,
        niceness: int = 0,
    ) -> None:
        self.parent = parent
        self.access_level = access_level
        self.sheet = sheet
        self.on_done = on_done
        self.workers = workers if workers > 0 and worker_processes_possible() else 0
        self.niceness = niceness
        self.entries: list[ImportEntry] = []
        self._waiting: dict[int, list[ImportEntry]] = {}  # file id -> entries waiting on it
        self._stored: dict[str, ImportEntry] = {}  # sha256 -> the entry that stored it
        self._refreshed_at = time.monotonic()

    def run(self, files: list[Path]) -> list[ImportEntry]:
        self.workers = min(self.workers, len(files))  # no more workers than files
        with content_changes_deferred():  # see archive/public_cache.py
            return self._run(files)

    def _run(self, files: list[Path]) -> list[ImportEntry]:
        pool = WorkerPool(self.workers, self.niceness) if self.workers else None
        try:
            if pool:
                pool.start()
            polled = time.monotonic()
            for path in files:
                self._take(path)
                if pool and time.monotonic() - polled > POLL_SECONDS:
                    self._collect()
                    polled = time.monotonic()
            self._wait(pool)
            if pool:
                pool.stop()  # after they have worked what finishing queued (Wagtail's indexes)
            else:
                run_queued_tasks()
        except BaseException:
            if pool:
                pool.terminate()
            raise
        return self.entries

    def _take(self, path: Path) -> None:
        metadata = self.sheet.for_file(path) if self.sheet else None
        entry = evidence_import_file(
            path=path,
            access_level=self.access_level,
            parent=self.parent,
            metadata=metadata,
            stored_by_this_run=self._stored,
        )
        self.entries.append(entry)
        if entry.new:
            self._stored[entry.sha256] = entry
        if entry.file_id is None:
            self.on_done(entry)
        else:
            self._waiting.setdefault(entry.file_id, []).append(entry)

    def _wait(self, pool: WorkerPool | None) -> None:
        """Until every file is read; or, if nothing moves for longer than reading a file can
        take and nothing is queued, whoever was reading the rest has stopped: report them."""
        stuck_after = 2 * settings.ARCHIVE_PROCESSING_SECONDS + 30
        progress_at = time.monotonic()
        while self._waiting:
            if pool:
                for pid in pool.replace_dead():
                    self._resume_files_of_dead_worker(pool, pid)
                time.sleep(POLL_SECONDS)
            else:
                run_queued_tasks()
            if self._collect():
                progress_at = time.monotonic()
            elif time.monotonic() - progress_at > stuck_after and not queued_tasks_exist():
                break
            elif not pool:
                time.sleep(0.5)  # an outside db_worker holds them
        for entries in self._waiting.values():
            for entry in entries:
                entry.error = entry.error or NOT_READ
                self.on_done(entry)
        self._waiting.clear()

    def _resume_files_of_dead_worker(self, pool: WorkerPool, pid: int) -> None:
        """Queue again, now, the file a worker was reading when it died (killed, out of
        memory), unless it has been taken MAX_ATTEMPTS times: it may be what kills them."""
        logger.warning("import worker %s died; starting another", pid)
        for (file_id,) in pool.running_for(pid, process_evidence_file):
            evidence_file = EvidenceFile.objects.filter(pk=file_id).first()
            if evidence_file and evidence_file.processing_attempts < MAX_ATTEMPTS:
                evidence_file_resume(evidence_file=evidence_file)

    def _collect(self) -> int:
        """Finish the entries whose file has reached a terminal status; returns how many."""
        if time.monotonic() - self._refreshed_at >= PUBLIC_REFRESH_SECONDS:
            content_refresh()  # what has been read so far reaches anonymous readers
            self._refreshed_at = time.monotonic()
        ids = list(self._waiting)
        finished = 0
        for start in range(0, len(ids), 500):
            rows = EvidenceFile.objects.filter(
                pk__in=ids[start : start + 500], status__in=TERMINAL_FILE_STATUSES
            ).values_list(
                "pk",
                "status",
                "page_count",
                "error",
                "metadata_title",
                "metadata",
                "warnings",
                "photo_metadata",
            )
            for pk, status, pages, error, metadata_title, metadata, warnings, photo in rows:
                for entry in self._waiting.pop(pk):
                    entry.warnings, entry.gps = list(warnings or []), bool((photo or {}).get("gps"))
                    import_entry_finish(
                        entry,
                        status=status,
                        pages=pages,
                        error=error,
                        title=metadata_title,
                        date=offered_date(metadata or {}),
                    )
                    self.on_done(entry)
                    finished += 1
        return finished


def evidence_import_file(
    *,
    path: Path,
    access_level: str = "",
    parent: EvidenceIndexPage,
    metadata: ItemMetadata | str | None = None,
    stored_by_this_run: dict[str, ImportEntry] | None = None,
) -> ImportEntry:
    """Create one published evidence item holding the file at `path`; its reading is queued.

    `metadata` is the file's CSV row, or the message refusing it (then nothing is created). A
    file already in the archive is not stored again: the entry names the item that holds it,
    and if an interrupted import left it unread it is queued again and waited for.
    """
    entry = ImportEntry(path=str(path))
    try:
        with path.open("rb") as handle:
            entry.sha256, _ = sha256_of_stream(handle)
            if isinstance(metadata, str):
                entry.status, entry.error = FileStatus.FAILED, metadata
                return entry
            earlier = (stored_by_this_run or {}).get(entry.sha256)
            existing = EvidenceFile.objects.filter(sha256=entry.sha256).first()
            if existing is not None:
                _already_stored(entry, existing, path, earlier)
                return entry
            item, evidence_file = _item_create(handle, path, access_level, parent, metadata)
    except OSError as exc:
        entry.status = FileStatus.FAILED
        entry.error = f"Could not read the file: {os.strerror(exc.errno) if exc.errno else exc}."
        return entry
    except Exception as exc:  # e.g. the database stayed locked: report it, go on with the rest
        logger.exception("importing %s failed", path)
        entry.status = FileStatus.FAILED
        entry.error = f"Could not import the file ({type(exc).__name__}: {exc})."[:1000]
        return entry
    entry.file_id = evidence_file.pk
    entry.reference = item.reference
    entry.status = FileStatus.PENDING
    entry.new = True
    entry.adopt_title = not (metadata and metadata.title)
    return entry


def _already_stored(
    entry: ImportEntry, existing: EvidenceFile, path: Path, earlier: ImportEntry | None
) -> None:
    holder = existing.holding_items.first()
    entry.reference = holder.reference if holder else ""
    if earlier is not None or existing.is_terminal:
        entry.status = DUPLICATE
        entry.error = f"Already in the archive as file #{existing.pk}."
        entry.pages = existing.page_count
        entry.warnings, entry.gps = list(existing.warnings), bool(existing.gps_position)
        if not existing.is_terminal:  # stored by this run: report its pages once it is read
            entry.file_id = existing.pk
        return
    entry.status = existing.status
    entry.file_id = existing.pk
    entry.resumed = True
    entry.adopt_title = holder is not None and holder.title == title_from_filename(path)
    evidence_file_resume(evidence_file=existing)


def _item_create(
    handle, path: Path, access_level: str, parent: EvidenceIndexPage, metadata: ItemMetadata | None
) -> tuple[EvidencePage, EvidenceFile]:
    """File, item, metadata and first revision in one transaction: all of it or none of it."""
    stored = evidence_file = None
    try:
        with transaction.atomic(), index_tasks_collapsed():
            evidence_file = evidence_file_create(name=path.name, content=handle)
            stored = evidence_file.file
            fields = {
                "title": title_from_filename(path),
                "kind": EvidenceKind.OTHER,
                "access_level": access_level,
                **(_metadata_fields(metadata) if metadata else {}),
            }
            if not fields["access_level"]:
                # Neither the row nor --access says: testimony starts restricted.
                fields["access_level"] = default_access_level(fields["kind"])
            item = evidence_item_create(parent=parent, files=[evidence_file], **fields)
    except BaseException:
        if stored and not _committed(evidence_file):  # do not leave a forgotten copy behind
            stored.storage.delete(stored.name)
        raise
    return item, evidence_file


def _committed(evidence_file: EvidenceFile) -> bool:
    """Whether the file's row outlived the failure. Ctrl+C can land after the commit, in its
    on-commit hooks (queueing the reading, indexing): the item then stands and its original
    must stay; the next run reads it. When in doubt, keep it: a stray copy costs only space."""
    try:
        return EvidenceFile.objects.filter(pk=evidence_file.pk).exists()
    except Exception:
        return True


def _metadata_fields(metadata: ItemMetadata) -> dict:
    """The item's fields that the metadata gives (a value left empty keeps the default)."""
    fields = {
        name: value
        for name in ("title", "summary", "kind", "original_url", "archived_url", "language")
        if (value := getattr(metadata, name))
    }
    if metadata.access_level:
        fields["access_level"] = metadata.access_level
    if metadata.published_on:
        fields["published_on"] = metadata.published_on
        fields["date_precision"] = metadata.date_precision
    if metadata.retrieved_on:
        fields["retrieved_on"] = metadata.retrieved_on
    if metadata.authors:
        fields["authors"] = "\n".join(metadata.authors)
    if metadata.source:
        fields["source"] = _named(Source, metadata.source)
    if metadata.topics:
        fields["topics"] = [_named(Topic, name) for name in metadata.topics]
    if metadata.places:
        fields["places"] = [_named(Place, name) for name in metadata.places]
    return fields


def _named(model, name: str):
    """The source, topic or place of that name (or slug), created if there is none."""
    found = model.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name)[:255])).first()
    return found or model.objects.create(name=name)


def offered_date(metadata: dict[str, str]) -> datetime.date | None:
    """The date a file gives itself (an email's Date header, a web page's ISO date), or None."""
    value = (metadata.get("date") or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def import_entry_finish(
    entry: ImportEntry,
    *,
    status: str,
    pages: int,
    error: str,
    title: str,
    date: datetime.date | None = None,
) -> None:
    """Fill in the entry from its read file; adopt the file's own title (a PDF's, an email's
    subject, a page's title) when the sheet gave none, and its date when the item has none."""
    entry.pages = pages
    if entry.status == DUPLICATE:
        return
    entry.status = status
    entry.error = error
    retitle = bool(entry.adopt_title and title)
    if not entry.reference or not (retitle or date):
        return  # most files: nothing to adopt, so no query
    item = EvidencePage.objects.filter(reference=entry.reference).first()
    redate = date is not None and item is not None and item.published_on is None
    if item is not None and (retitle or redate):
        try:
            with transaction.atomic(), index_tasks_collapsed():
                if retitle:
                    item.title = title[:255]
                if redate:
                    item.published_on = date
                item.save_revision().publish()
        except Exception:  # the item keeps its file-name title; the file itself is fine
            logger.exception("could not retitle %s", entry.reference)
