"""The mixed corpus of `bench/ingest.py --mixed`: email, saved web pages, office documents and
legacy-encoded text from ../shared/corpus/kinds, read by the real readers (sandboxed children,
LibreOffice for office documents), timed by kind; and LibreOffice's conversion alone, per
document, with 1 and 2 conversions at once.

Pages per second by kind come from process_file called file after file in this process (each
reader forks its children as a worker would); no database is involved, so the figures are the
readers' own cost, not the import's.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

MIXED_KINDS = ("email-eml", "email-msg", "html", "docx", "odt", "xlsx", "pptx", "text-legacy")
OFFICE_KINDS = ("docx", "odt", "xlsx", "pptx")


def corpus_rows() -> list[dict[str, str]]:
    from tests.shared_corpus import corpus_dir, manifest

    folder = corpus_dir("kinds")
    rows = [r for r in manifest("kinds") if r["kind"] in MIXED_KINDS]
    return [{**r, "path": str(folder / r["file"])} for r in rows]


def by_kind(rows: list[dict[str, str]]) -> list[tuple[str, int, int, float]]:
    """(kind, files, pages, seconds) with every file read through process_file."""
    from archive.processing import process_file

    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for row in rows:
        started = time.perf_counter()
        result = process_file(row["path"], name=row["file"])
        seconds = time.perf_counter() - started
        if result.derivative:
            shutil.rmtree(Path(result.derivative).parent, ignore_errors=True)
        total = totals[row["kind"]]
        total[0] += 1
        total[1] += max(result.page_count, len(result.pages))
        total[2] += seconds
    return [(kind, int(f), int(p), s) for kind, (f, p, s) in sorted(totals.items())]


def _convert_one(path: str) -> float:
    from archive.processing.limits import Limits
    from archive.processing.office import convert
    from archive.processing.sniff import sniff_container, sniff_media_type

    with open(path, "rb") as f:
        media_type = sniff_container(path, sniff_media_type(f.read(8192)))
    workdir = tempfile.mkdtemp(prefix="bench-office-")
    started = time.perf_counter()
    try:
        convert(path, media_type, Limits(seconds=120), workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return time.perf_counter() - started


def libreoffice(rows: list[dict[str, str]], processes: int) -> tuple[int, float, float]:
    """(documents, wall seconds, mean seconds per conversion) converting `processes` at once."""
    paths = [r["path"] for r in rows if r["kind"] in OFFICE_KINDS]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        each = list(pool.imap_unordered(_convert_one, paths))
    return len(paths), time.perf_counter() - started, sum(each) / len(each)


def report() -> None:
    rows = corpus_rows()
    load = os.getloadavg()[0]
    print(f"mixed corpus: {len(rows)} files of ../shared/corpus/kinds; load {load:.2f} at start")
    print(f"{'kind':12} {'files':>5} {'pages':>6} {'s':>7} {'pages/s':>8} {'s/file':>7}")
    for kind, files, pages, seconds in by_kind(rows):
        print(
            f"{kind:12} {files:5d} {pages:6d} {seconds:7.1f} {pages / seconds:8.2f}"
            f" {seconds / files:7.2f}"
        )
    print(f"{'LibreOffice':12} {'docs':>5} {'wall s':>7} {'docs/min':>8} {'s/conversion':>13}")
    for processes in (1, 2):
        docs, wall, mean = libreoffice(rows, processes)
        print(f"{processes} at once    {docs:5d} {wall:7.1f} {60 * docs / wall:8.1f} {mean:13.2f}")
