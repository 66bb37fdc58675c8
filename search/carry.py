"""The public search index carried in a backup, so that a restore need not analyse every page.

The database engines keep their index in the site's own database (search_item and its
full-text tables). Rebuilding it reads every public page and runs search/analysis.py over it,
which was most of a restore (BENCHMARKS.md, "Restore in bulk"). A backup therefore writes those
tables' rows as they are (less what the engine can make again from them: SQLite's item bodies,
its pages' terms joined), and a restore loads them back when they mean the same here: the same
engine, the same search tables (this app's migrations), the same carried columns and the same
analysis, checked by analysing a fixed text in every script (a change to the analysis changes
its terms, so no one has to remember to bump a version). Otherwise, or with Elasticsearch (its
index lives in the node, not in the backup), the restore rebuilds the index from the archive as
before.

Carried rows are derived data, never trusted for who may see what: after loading them the
restore reconciles the index with the restored archive (search_reconcile), which removes every
indexed item that is not public there and indexes every public item the rows lack.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from archive.public_cache import content_changed
from search.analysis import index_text
from search.engines import get_engine

BATCH_ROWS = 2000
# Every script the analysis treats on its own, accents and a stem among them.
PROBE = "Researchers’ reports, Café naïve 北京市公安局 監視器 བོད་ལྗོངས། ئۇيغۇر مراقبة Überwachung"


def signature() -> dict | None:
    """What a carried index must match to be loaded here; None when the engine's index is not
    in the database (nothing to carry)."""
    engine = get_engine()
    if not getattr(engine, "CARRIED_TABLES", None):
        return None
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "engine": engine.name,
        "migrations": sorted(name for app, name in applied if app == "evidence_search"),
        "analysis": hashlib.sha256(index_text(PROBE).encode()).hexdigest(),
        "tables": [carried.layout for carried in engine.CARRIED_TABLES],  # what the rows hold
    }


def dump_index(write: Callable[[str], object]) -> int:
    """Write every row of the engine's index tables, a JSON line each; returns the row count."""
    rows = 0
    with transaction.atomic():  # one snapshot of the three tables (and a server-side cursor)
        for number, carried in enumerate(get_engine().CARRIED_TABLES):
            with connection.chunked_cursor() as cursor:
                cursor.execute(f"SELECT {', '.join(carried.selects)} FROM {carried.name}")
                while batch := cursor.fetchmany(BATCH_ROWS):
                    for row in batch:
                        write(json.dumps([number, list(row)], ensure_ascii=False) + "\n")
                    rows += len(batch)
    return rows


def load_index(lines: Iterable[str]) -> int:
    """Replace the engine's index with the dumped rows, in one transaction; returns the count."""
    engine = get_engine()
    tables = engine.CARRIED_TABLES
    loaded = 0
    batch: list[list] = []
    current = None

    def insert(cursor) -> None:
        carried = tables[current]
        cursor.executemany(
            f"INSERT INTO {carried.into} ({', '.join(carried.columns)})"
            f" VALUES ({', '.join(carried.placeholders)})",
            batch,
        )

    with transaction.atomic(), connection.cursor() as cursor:
        for carried in tables:
            cursor.execute(f"DELETE FROM {carried.name}")
        engine.before_carried_load(cursor)
        for line in lines:
            number, values = json.loads(line)
            if batch and (number != current or len(batch) >= BATCH_ROWS):
                insert(cursor)
                batch = []
            current = number
            batch.append(values)
            loaded += 1
        if batch:
            insert(cursor)
        engine.after_carried_load(cursor)
    content_changed()  # kept search responses may show what the old index held
    return loaded
