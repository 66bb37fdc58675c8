"""Ingestion throughput: pages per second end to end with 1 and N workers, beside a bare
pdfminer.six per-page loop.

    .venv/bin/python bench/ingest.py [--files 12] [--pages 30] [--workers N] [--rounds 1]
    .venv/bin/python bench/ingest.py --mixed  # email, web, office, legacy text: bench/mixed.py
    .venv/bin/python bench/ingest.py --searchable 10 [--pages 20] [--compare]  # bench/searchable.py

Every measurement runs from this one process, one after the other, on the same PDFs (the
project's generated ones plus ../shared/corpus/real when present), so their ratios mean
something on a noisy machine. "End to end" is `manage.py import_evidence --workers W` (called in
this process) into a fresh SQLite archive each time: hashing, storing, sniffing, the sandboxed
pypdfium2 and pdfminer.six children, page texts and previews written, the search index
updated, Wagtail's own tasks run. The bare loop is `read_with_pdfminer` called in this process,
file after file; the bare loop in N processes (a control, not the target) is the same calls
shared out to N forked processes in the same order, to show how much of N cores the machine
gave at that moment. CPU seconds count this process and every process it waited for (workers,
fork servers, their children): what the work cost, whatever else the machine was doing; the
load average (1 min, at the start) says what else it was doing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402


@dataclass
class Measured:
    label: str
    pages: int
    seconds: float
    cpu: float
    load: float

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def pages_read(path: Path) -> int:
    from archive.processing.limits import Limits
    from archive.processing.pdf import read_with_pdfminer

    return len(read_with_pdfminer(str(path), Limits())["pages"])


def cpu_seconds() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def measure(label: str, run) -> Measured:
    load = os.getloadavg()[0]
    cpu, started = cpu_seconds(), time.perf_counter()
    pages = run()
    return Measured(label, pages, time.perf_counter() - started, cpu_seconds() - cpu, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--mixed", action="store_true", help="time the kinds corpus by kind")
    parser.add_argument("--searchable", type=int, metavar="UPLOADS", help="time to searchable")
    parser.add_argument("--compare", action="store_true", help="--searchable: and upstream's")
    args = parser.parse_args()
    if args.searchable:
        scratch_django("bench-searchable-")
        from bench.searchable import report as searchable_report

        searchable_report(args.searchable, args.pages, args.compare)
        return
    if args.mixed:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bench.mixed import report

        report()
        return

    work = scratch_django("bench-ingest-")
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import override_settings

    from archive.models import EvidenceFile
    from bench.corpus import generated_pdfs, real_pdfs

    paths = generated_pdfs(work / "generated", files=args.files, pages=args.pages) + real_pdfs()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # the site tree; not timed
    template = Path(connection.settings_dict["NAME"])
    connections.close_all()  # folds the write-ahead log in: the file is the whole database

    def bare() -> int:
        return sum(map(pages_read, paths))

    def bare_in(processes: int):
        def run() -> int:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                return sum(pool.imap_unordered(pages_read, paths))

        return run

    def import_with(workers: int, name: str):
        def run() -> int:
            before = set(EvidenceFile.objects.values_list("pk", flat=True))
            # At the bare loop's priority (the command lowers its workers' by default).
            call_command(
                "import_evidence", *map(str, paths), "--workers", str(workers), "--nice", "0",
                verbosity=0,
            )  # fmt: skip
            imported = EvidenceFile.objects.exclude(pk__in=before)
            statuses.update(imported.values_list("status", flat=True))
            return sum(f.page_count for f in imported)

        # A fresh archive: a copy of the migrated database with the demo, and new media.
        database = work / f"{name}.sqlite3"
        shutil.copyfile(template, database)
        connections.close_all()
        connection.settings_dict["NAME"] = str(database)
        with override_settings(MEDIA_ROOT=str(work / f"{name}-media")):
            return measure(f"end to end, {workers} worker{'s' * (workers > 1)}", run)

    statuses: set[str] = set()
    results: list[list[Measured]] = []
    for n in range(args.rounds):
        results.append(
            [
                measure("bare pdfminer.six per-page loop", bare),
                import_with(1, f"round{n}-1"),
                import_with(args.workers, f"round{n}-{args.workers}"),
                measure(f"(control) bare loop, {args.workers} processes", bare_in(args.workers)),
            ]
        )

    real = len(paths) - args.files
    print(
        f"files: {len(paths)} ({args.files} generated x {args.pages} pages, {real} from"
        f" shared/corpus/real); statuses: {sorted(statuses)}; {os.cpu_count()} cores"
    )
    print(f"{'':34} {'pages':>6} {'s':>7} {'pages/s':>8} {'CPU s':>7} {'load':>5}  vs bare")
    for row in results:
        bare_rate = row[0].rate
        for m in row:
            print(
                f"{m.label:34} {m.pages:6d} {m.seconds:7.1f} {m.rate:8.1f} {m.cpu:7.1f}"
                f" {m.load:5.2f}  {m.rate / bare_rate:.2f}x"
            )


if __name__ == "__main__":
    main()
