"""Ingestion throughput: pages per second end to end, beside a bare pdfminer.six per-page loop.

    .venv/bin/python bench/ingest.py [--files 12] [--pages 30]

Both measurements run in this one process, one after the other, on the same PDFs (the project's
generated ones plus ../shared/corpus/real when present), so their ratio is meaningful on a noisy
machine. "End to end" is `manage.py import_evidence` into a fresh SQLite archive with the
command's own in-process worker: hashing, storing, sniffing, the sandboxed pypdfium2 and
pdfminer.six children, page texts and previews written, the search index updated.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()

    work = scratch_django("bench-ingest-")
    from django.core.management import call_command

    from archive.models import EvidenceFile
    from archive.processing.limits import Limits
    from archive.processing.pdf import read_with_pdfminer
    from bench.corpus import generated_pdfs, real_pdfs

    paths = generated_pdfs(work / "generated", files=args.files, pages=args.pages) + real_pdfs()

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # the site tree; not timed
    before = set(EvidenceFile.objects.values_list("pk", flat=True))

    started = time.perf_counter()
    bare_pages = sum(len(read_with_pdfminer(str(p), Limits())["pages"]) for p in paths)
    bare_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("import_evidence", *map(str, paths), stdout=open(os.devnull, "w"))
    pipeline_seconds = time.perf_counter() - started
    imported = EvidenceFile.objects.exclude(pk__in=before)
    pipeline_pages = sum(f.page_count for f in imported)
    statuses = sorted(set(imported.values_list("status", flat=True)))

    bare_rate = bare_pages / bare_seconds
    pipeline_rate = pipeline_pages / pipeline_seconds
    print(
        f"files: {len(paths)} ({args.files} generated x {args.pages} pages, "
        f"{len(paths) - args.files} from shared/corpus/real); statuses: {statuses}"
    )
    print(
        f"bare pdfminer.six per-page loop: {bare_pages} pages in {bare_seconds:.1f} s "
        f"= {bare_rate:.1f} pages/s"
    )
    print(
        f"end to end, 1 worker:            {pipeline_pages} pages in {pipeline_seconds:.1f} s "
        f"= {pipeline_rate:.1f} pages/s"
    )
    print(f"ratio end-to-end / bare: {pipeline_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
