"""Backing up the whole archive to a folder, and restoring it into an empty instance.

A backup folder holds these (why this form: docs/decisions/0004-backups.md):

    manifest.json        what is in it: format, date, applied migrations, counts, the database
                         dump's SHA-256, and every stored file with its size and SHA-256
    database.jsonl.gz    the database as Django's `dumpdata --format jsonl`, gzipped: one row a
                         line with its primary key; derived and transient tables left out
    search.jsonl.gz      the public search index's rows, when the index lives in the database
                         (SQLite FTS5, PostgreSQL): derived, carried so a restore need not
                         analyse every page again (search/carry.py)
    media/<name>         every file a row refers to, under its storage name: originals
                         (originals/<sha[:2]>/<sha>/<name>), previews, Wagtail images

Restoring checks every file of the backup against the manifest before writing anything,
copies the files into storage under the same names, loads the dump, re-hashes every original
in storage against the SHA-256 the archive recorded on upload, queues unfinished files again,
and rebuilds the admin search index. The public search index is loaded from the backup's rows
when the same engine and analysis made them, then reconciled with the restored archive (only
public items stay); otherwise it is rebuilt from the archive. Wagtail's reference index
travels in the dump and is kept when the backup was made by the same Wagtail schema
(its wagtailcore migrations), rebuilt otherwise: rebuilding it was a fifth of a restore.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from wagtail.models import Page

from archive.choices import TERMINAL_FILE_STATUSES, FileStatus
from archive.models import EvidenceFile, EvidencePage
from archive.processing.hashing import sha256_of_stream
from archive.services.fixity import fixity_check
from archive.tasks import enqueue_processing
from search.carry import dump_index, load_index
from search.carry import signature as search_signature
from search.engines import get_engine
from search.indexing import search_rebuild, search_reconcile

FORMAT = "evidence-archive-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.jsonl.gz"
SEARCH = "search.jsonl.gz"  # the public search index's rows, when it lives in the database
MEDIA = "media"

# Derived rows the dump carries (see the module's docstring), named in the manifest so that a
# backup made before they travelled has them rebuilt.
CARRIED = ["wagtailcore.referenceindex"]
# Rows that are not the archive itself: rebuilt at the end of a restore, or meaningless in
# another instance. Everything else is dumped with its primary key, content types and
# permissions included, so every id (and every generic relation: content type + object id)
# means in the restored database what it meant here.
EXCLUDED = [
    "sessions",  # logins do not move between instances
    "django_tasks_database",  # the queue: a restore queues unfinished files itself
    "wagtailsearch",  # the admin's search index: rebuilt (update_index)
    "wagtailcore.uploadedfile",  # half-finished admin uploads
    "wagtailadmin.editingsession",  # who has an edit form open right now
    "wagtailimages.rendition",  # resized images, made again on demand
]

Log = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass
class StoredFile:
    name: str
    field: str  # "app_label.Model.field": whose storage it lives in
    size: int = 0
    sha256: str = ""


@dataclass
class BackupSummary:
    files: int = 0
    bytes: int = 0
    originals: int = 0
    items: int = 0
    damaged: list[str] = field(default_factory=list)  # originals that no longer match


# --- backup ----------------------------------------------------------------------------------


def archive_backup(*, dest: Path, log: Log = lambda _: None) -> BackupSummary:
    """Write a backup of the database and every stored file into the new folder `dest`.

    Run it while the site is up if need be: originals are never altered, and a file read
    while the backup runs is restored as unfinished and read again. The manifest is written
    last, so a folder without one is an interrupted backup.
    """
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty; back up into a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    summary = BackupSummary(items=EvidencePage.objects.count())

    log("Dumping the database ...")
    # gzip's fastest level: a third of level 9's size already, where level 9 took most of
    # the backup's time (BENCHMARKS.md).
    with gzip.open(dest / DATABASE, "wt", compresslevel=1, encoding="utf-8") as dump:
        dump_database(dump)
    search = search_signature()
    if search is not None:
        log("Copying the public search index ...")
        with gzip.open(dest / SEARCH, "wt", compresslevel=1, encoding="utf-8") as rows:
            search["rows"] = dump_index(rows.write)
        search |= {"file": SEARCH, "sha256": _sha256_of_path(dest / SEARCH)}
    recorded = dict(EvidenceFile.objects.values_list("file", "sha256"))
    files = []
    log("Copying stored files ...")
    for stored, storage in referenced_files():
        target = dest / MEDIA / stored.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(stored.name, "rb") as source, target.open("wb") as copy:
            stored.sha256, stored.size = _copy_hashing(source, copy)
        files.append(stored)
        summary.files += 1
        summary.bytes += stored.size
        if stored.name in recorded:
            summary.originals += 1
            if recorded[stored.name] != stored.sha256:
                summary.damaged.append(stored.name)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"file": DATABASE, "sha256": _sha256_of_path(dest / DATABASE)},
        "migrations": applied_migrations(),
        "carried": CARRIED,
        "search": search,
        "counts": {
            "items": summary.items,
            "files": summary.files,
            "originals": summary.originals,
            "bytes": summary.bytes,
        },
        "damaged_originals": summary.damaged,
        "files": [vars(f) for f in files],
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return summary


def dump_database(out) -> None:
    """Every backed-up row (dumped_apps, less EXCLUDED) to `out`, one JSON line each."""
    call_command(
        "dumpdata",
        *dumped_apps(),
        exclude=EXCLUDED,
        use_base_manager=True,
        format="jsonl",
        stdout=out,
        verbosity=0,
    )


def referenced_files() -> Iterator[tuple[StoredFile, Storage]]:
    """Every file that a backed-up row refers to, once, with the storage it lives in."""
    excluded = {label.lower() for label in EXCLUDED}
    seen: set[tuple[int, str]] = set()
    for model in apps.get_models():
        if {model._meta.app_label, model._meta.label_lower} & excluded:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField) or model_field.model is not model:
                continue  # a parent's field is listed with the parent model
            label = f"{model._meta.label}.{model_field.name}"
            names = (
                model._base_manager.exclude(**{model_field.attname: ""})
                .exclude(**{f"{model_field.attname}__isnull": True})
                .values_list(model_field.attname, flat=True)
                .order_by(model_field.attname)
                .distinct()
            )
            for name in names.iterator():
                key = (id(model_field.storage), name)
                if key not in seen:
                    seen.add(key)
                    yield StoredFile(name=name, field=label), model_field.storage


def dumped_apps() -> list[str]:
    """Every app with tables, content types and permissions first: loading a row can ask for
    its model's content type, which would otherwise be created before the dump's own."""
    first = ["contenttypes", "auth"]
    excluded = set(EXCLUDED)
    rest = [
        config.label
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in excluded | set(first)
    ]
    return first + rest


def applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


# --- restore ---------------------------------------------------------------------------------


@dataclass
class RestoreSummary:
    items: int = 0
    files: int = 0
    originals: int = 0
    requeued: int = 0
    indexed: int = 0


def archive_restore(*, src: Path, log: Log = lambda _: None) -> RestoreSummary:
    """Restore the backup in `src` into this instance, which must be migrated and empty."""
    manifest = _read_manifest(src)
    reasons = reasons_not_empty()
    if reasons:
        raise BackupError(
            "This instance is not empty (" + "; ".join(reasons) + "). Restore into a new"
            " database, after `manage.py migrate`, with empty storage (MEDIA_ROOT, bucket prefix)."
        )
    newer = sorted(set(manifest["migrations"]) - set(applied_migrations()))
    if newer:
        raise BackupError(
            f"The backup was made by a newer version of the archive ({len(newer)} migrations"
            f" not applied here, e.g. {newer[0]}): update the code and migrate first."
        )

    log("Checking the backup against its manifest ...")
    _verify(src / DATABASE, manifest["database"]["sha256"], DATABASE)
    if manifest.get("search"):
        _verify(src / SEARCH, manifest["search"]["sha256"], SEARCH)
    files = [StoredFile(**entry) for entry in manifest["files"]]
    for stored in files:
        _verify(src / MEDIA / stored.name, stored.sha256, stored.name)

    with _pages_written_once():
        return _restore_checked(src, manifest, files, log)


def _restore_checked(
    src: Path, manifest: dict, files: list[StoredFile], log: Log
) -> RestoreSummary:
    log(f"Copying {len(files)} files into storage ...")
    _copy_into_storage(src, files)

    log("Loading the database ...")
    # Empty every table (migrate's content types and permissions, Wagtail's welcome page and
    # site ...) without recreating any, so the dump's rows go in with their own ids; then
    # what migrate would add for migrations newer than the backup.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    load_dump(src / DATABASE)
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(0, False, connection.alias)

    log("Re-hashing every original in storage ...")
    in_manifest = {f.name: f.sha256 for f in files}
    report = fixity_check()
    unlisted = [
        name
        for name in EvidenceFile.objects.values_list("file", flat=True)
        if name not in in_manifest
    ]
    if report.problems or unlisted:
        details = [p.describe() for p in report.problems] + [
            f"{name}: not in the backup's manifest" for name in unlisted
        ]
        raise BackupError("Restored originals do not match the archive:\n" + "\n".join(details))

    summary = RestoreSummary(
        items=EvidencePage.objects.count(), files=len(files), originals=report.checked
    )
    summary.requeued = _requeue_unfinished()
    if search_carried(manifest):
        log("Loading the public search index the backup carries ...")
        with gzip.open(src / SEARCH, "rt", encoding="utf-8") as rows:
            load_index(rows)
        added, removed = search_reconcile()  # the restored archive decides who sees what
        summary.indexed = len(get_engine().indexed_item_ids())
        log(f"Search index: {added} items indexed afresh, {removed} removed as not public.")
    else:
        log("Rebuilding the public search index ...")
        summary.indexed = search_rebuild()
    log("Rebuilding the admin search index ...")
    call_command("update_index", verbosity=0)
    if not references_carried(manifest):
        call_command("rebuild_references_index", verbosity=0)
    return summary


@contextmanager
def _pages_written_once() -> Iterator[None]:
    """In WAL mode SQLite writes each page twice, to the log and then, at the checkpoint, to
    the database: a restore's gigabyte twice. Into an empty database a rollback journal holds
    next to nothing (new pages need no copy of what was there), so the restore loads with one
    (about 2.5 s of 30 at 100,000 pages, BENCHMARKS.md) and gives the database back its WAL
    after, failed or not. Where another connection holds the database open, SQLite stays in
    WAL, as it does for an in-memory database or inside a transaction: nothing to undo."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode=DELETE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA journal_mode={mode}")


def search_carried(manifest: dict) -> bool:
    """Whether the backup's search index rows can be loaded here: made by the same engine, with
    the same search tables, carried columns and analysis as this instance has (search/carry.py)."""
    carried = manifest.get("search")
    if not carried:
        return False  # made by Elasticsearch's archive, or before the index travelled
    here = search_signature()
    return here is not None and all(carried.get(key) == value for key, value in here.items())


def references_carried(manifest: dict) -> bool:
    """Whether the restored reference index can stand: the backup carries it, and was made by
    the Wagtail schema this instance has (its rows mean the same here)."""
    if "wagtailcore.referenceindex" not in manifest.get("carried", []):
        return False  # a backup from before the index travelled

    def wagtailcore(migrations) -> list[str]:
        return sorted(m for m in migrations if m.startswith("wagtailcore."))

    return wagtailcore(manifest["migrations"]) == wagtailcore(applied_migrations())


def load_dump(path: Path, batch_rows: int = 2000) -> int:
    """What `loaddata` does with the dump, in batches of rows rather than one INSERT a row.

    Rows go in as loaddata's raw saves put them: every field as dumped (no auto_now, no
    defaults, no signals, the child table alone for a model that extends another), in the
    dump's order, in one transaction with foreign keys checked at the end; then each table's
    id sequence carries on after the restored ids. Returns the number of rows loaded.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    loaded, models_loaded = 0, set()
    plans: dict[str, _RowPlan] = {}  # by the dump's model labels
    batch: list[list] = []  # rows of one model, in the dump's order, as the database takes them
    current: _RowPlan | None = None  # the batch's model
    m2m: dict = {}  # (many-to-many field, its model) -> [(row pk, [related pks])]

    def insert() -> None:
        nonlocal batch
        if batch:
            current.insert(batch)
            batch = []

    with (
        gzip.open(path, "rt", encoding="utf-8") as dump,
        transaction.atomic(using=connection.alias),
        connection.constraint_checks_disabled(),
    ):
        for line in dump:
            if not line.strip():
                continue
            record = json.loads(line)
            label = record["model"]
            plan = plans.get(label)
            if plan is None:
                plan = plans[label] = _RowPlan(label, connection)
            if batch and (plan is not current or len(batch) >= batch_rows):
                insert()
            current = plan
            batch.append(plan.row(record))
            models_loaded.add(plan.model)
            for name, related in plan.links(record):
                m2m.setdefault((plan.model, name), []).append((record["pk"], related))
            loaded += 1
        insert()
        for (model, name), links in m2m.items():
            _insert_links(model._meta.get_field(name), links, batch_rows)
        connection.check_constraints(table_names=[m._meta.db_table for m in models_loaded])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_loaded):
                cursor.execute(statement)
    return loaded


class _RowPlan:
    """How one model's dumped rows become the values a raw save (loaddata's) would INSERT.

    Django's deserializer turns each field's JSON with the field's to_python (a foreign key
    with its target field's), builds a model instance, and the insert compiler then takes
    each attribute's get_db_prep_save. The same two steps here, without the instance between
    them: building 114,000 instances was a third of loading the dump at 100,000 pages
    (BENCHMARKS.md, "Restore in bulk"); tests/sitewide/test_backup.py dumps the loaded rows
    back and compares them row for row. A field the dump leaves out (serialize=False, the
    primary key aside) gets its default, as the instance would have.
    """

    def __init__(self, label: str, connection) -> None:
        self.model = apps.get_model(label)
        self.connection = connection
        meta = self.model._meta
        self.fields = [f for f in meta.local_concrete_fields if not f.generated]
        self.m2m = [f.name for f in meta.many_to_many]
        self.readers = []
        for f in self.fields:
            if f.attname == meta.pk.attname:
                self.readers.append((None, meta.pk.to_python))
            elif f.remote_field is not None:
                target = f.remote_field.model._meta.get_field(f.remote_field.field_name)
                self.readers.append((f.name, target.to_python))
            else:
                self.readers.append((f.name, f.to_python))
        if any(hasattr(f, "get_placeholder") for f in self.fields):  # its own SQL (none of ours)
            raise BackupError(f"{meta.label} has a field this restore cannot load.")
        quote = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)}"
            f" ({', '.join(quote(f.column) for f in self.fields)})"
            f" VALUES ({', '.join(['%s'] * len(self.fields))})"
        )

    def row(self, record: dict) -> list:
        dumped = record["fields"]
        values = []
        for f, (name, to_python) in zip(self.fields, self.readers, strict=True):
            if name is None:
                value = to_python(record.get("pk"))
            elif name in dumped:
                value = to_python(dumped[name])
            else:
                value = f.get_default()
            values.append(f.get_db_prep_save(value, self.connection))
        return values

    def insert(self, rows: list[list]) -> None:
        """One executemany for the batch: loading the dump took 13.6-14.5 s through Django's
        insert compiler, 11.3-11.4 s so (BENCHMARKS.md, "Restore in bulk")."""
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)

    def links(self, record: dict) -> Iterator[tuple[str, list]]:
        dumped = record["fields"]
        for name in self.m2m:
            if name in dumped:
                yield name, dumped[name]


def _insert_links(field, links: list[tuple], batch_rows: int) -> None:
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = [
        through(**{f"{source}_id": pk, f"{target}_id": other})
        for pk, related in links
        for other in related
    ]
    through._base_manager.bulk_create(rows, batch_size=batch_rows)


def reasons_not_empty() -> list[str]:
    reasons = []
    if EvidenceFile.objects.exists():
        reasons.append(f"{EvidenceFile.objects.count()} evidence files")
    if get_user_model().objects.exists():
        reasons.append(f"{get_user_model().objects.count()} users")
    # migrate leaves Wagtail's root and welcome page, both plain Pages: those may go.
    pages = Page.objects.exclude(content_type=ContentType.objects.get_for_model(Page))
    if pages.exists():
        reasons.append(f"{pages.count()} pages")
    if _storage_holds_files(default_storage):
        reasons.append(f"files in storage ({_storage_label(default_storage)})")
    return reasons


def _storage_holds_files(storage: Storage, folder: str = "") -> bool:
    """Whether any file is stored, in any folder: MEDIA_ROOT, or the bucket under its prefix."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not made yet
        return False
    if files:
        return True
    return any(_storage_holds_files(storage, f"{folder}{name}/") for name in folders)


def _storage_label(storage: Storage) -> str:
    bucket = getattr(storage, "bucket_name", "")
    if bucket:
        return f"s3://{bucket}/{getattr(storage, 'location', '')}"
    return f"MEDIA_ROOT {settings.MEDIA_ROOT}"


def _requeue_unfinished() -> int:
    unfinished = list(
        EvidenceFile.objects.exclude(status__in=TERMINAL_FILE_STATUSES).values_list("pk", flat=True)
    )
    with transaction.atomic():
        EvidenceFile.objects.filter(pk__in=unfinished).update(
            status=FileStatus.PENDING, processing_attempts=0
        )
        for file_id in unfinished:
            transaction.on_commit(lambda file_id=file_id: enqueue_processing(file_id))
    return len(unfinished)


def _read_manifest(src: Path) -> dict:
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{src} has no {MANIFEST}: not a backup, or one cut short.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is not a {FORMAT} manifest.")
    return manifest


def _copy_into_storage(src: Path, files: list[StoredFile]) -> None:
    for stored in files:
        storage = _storage_for(stored.field)
        with (src / MEDIA / stored.name).open("rb") as source:
            saved = storage.save(stored.name, File(source, name=stored.name))
        if saved != stored.name:
            raise BackupError(f"Storage saved {stored.name} as {saved}; is storage empty?")


def _storage_for(label: str) -> Storage:
    app_label, model_name, field_name = label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name).storage


def _verify(path: Path, expected: str, name: str) -> None:
    try:
        actual = _sha256_of_path(path)
    except FileNotFoundError:
        raise BackupError(f"The backup is missing {name}.") from None
    if actual != expected:
        raise BackupError(f"{name} in the backup is damaged: SHA-256 {actual}, not {expected}.")


def _sha256_of_path(path: Path) -> str:
    with path.open("rb") as handle:
        return sha256_of_stream(handle)[0]


def _copy_hashing(source, target, chunk_size: int = 1 << 20) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(chunk_size):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
