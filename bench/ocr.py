"""OCR: pages per second (bare Tesseract loop, the archive with 1 and 2 workers), upload to
searchable for a scanned PDF, and the character error rate per language.

    .venv/bin/python bench/ocr.py [--pages 8] [--scan-pages 20] [--runs 5]

Pages are A4 scans drawn and noised by tests/processing/scans.py (the OCR tests' own), so their
text is known. The bare loop runs `tesseract PAGE.png - --psm 6 -l eng` on the same pages
rendered at the archive's 200 dpi, one after another, in one process at a time; the archive
reads image-only PDFs through archive.processing.process_file (sandboxed children, OSD script
detection, the text of record), one file at a time for 1 worker, two files side by side for
2 workers. Upload to searchable: a SCAN_PAGES-page scan stored through
archive.services.files.evidence_file_create on a fresh SQLite archive, read by
archive.services.ingestion.evidence_file_process, published, until /api/v1/search/ finds its
probe (RUNS times, new bytes each time).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--scan-pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("throughput", "cer", "upload"), default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    if args.only in (None, "throughput"):
        throughput(work, args.pages)
    if args.only in (None, "cer"):
        error_rates(work)
    if args.only in (None, "upload"):
        upload_to_searchable(work, args.scan_pages, args.runs)


def throughput(work: Path, pages: int) -> None:
    from archive.processing import Limits, process_file
    from tests.processing import scans

    images = [scans.page_image("en", seed=n) for n in range(pages)]
    for n, image in enumerate(images):
        image.save(work / f"page-{n}.png")
    started = time.perf_counter()
    for n in range(pages):
        subprocess.run(
            ["tesseract", str(work / f"page-{n}.png"), "-", "--psm", "6", "-l", "eng"],
            check=True,
            capture_output=True,
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )
    bare = pages / (time.perf_counter() - started)

    half = pages // 2
    for name, chunk in (("a", images[:half]), ("b", images[half:]), ("all", images)):
        rgb = [i.convert("RGB") for i in chunk]
        rgb[0].save(
            work / f"{name}.pdf", "PDF", resolution=200, save_all=True, append_images=rgb[1:]
        )
    limits = Limits(seconds=600)
    started = time.perf_counter()
    one = process_file(work / "all.pdf", limits=limits)
    one_worker = pages / (time.perf_counter() - started)
    results = {}

    def read(name: str) -> None:
        results[name] = process_file(work / f"{name}.pdf", limits=limits)

    threads = [threading.Thread(target=read, args=(name,)) for name in ("a", "b")]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    two_workers = pages / (time.perf_counter() - started)
    read_ok = all(p.extractor == "ocr" for r in [one, *results.values()] for p in r.pages)
    print(f"OCR throughput over {pages} A4 pages at 200 dpi (all read by OCR: {read_ok})")
    print(f"  bare tesseract loop (eng, psm 6): {bare:.2f} pages/s")
    print(
        f"  archive, 1 worker:  {one_worker:.2f} pages/s ({one_worker / bare:.2f}x the bare loop)"
    )
    print(
        f"  archive, 2 workers: {two_workers:.2f} pages/s ({two_workers / bare:.2f}x the bare loop)"
    )


def error_rates(work: Path) -> None:
    from archive.processing import process_file
    from tests.processing import scans

    print("Character error rate per language (one noised page each, script told by OSD)")
    for language in scans.TEXTS:
        path = work / f"cer-{language}.png"
        scans.page_image(language, seed=7).save(path)
        page = process_file(path, name=path.name).pages[0]
        rate = scans.cer("\n".join(scans.TEXTS[language]), page.text)
        print(f"  {language:8} CER {100 * rate:5.1f} %  ({page.note})")


def upload_to_searchable(work: Path, pages: int, runs: int) -> None:
    (work / "db").mkdir()
    scratch_django("bench-ocr-db-", work / "db")
    from django.core.management import call_command
    from django.test import Client

    from archive.models import EvidenceIndexPage
    from archive.services.files import evidence_file_create
    from archive.services.ingestion import evidence_file_process
    from archive.services.items import evidence_item_create
    from tests.processing import scans

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # the site tree; not timed
    index = EvidenceIndexPage.objects.get()
    client = Client(HTTP_HOST="localhost")
    timings = []
    for run in range(runs):
        images = [scans.page_image("en", seed=100 * run + n).convert("RGB") for n in range(pages)]
        path = work / f"upload-{run}.pdf"
        images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
        content = path.read_bytes()
        started = time.perf_counter()
        evidence_file = evidence_file_create(name=path.name, content=content)
        item = evidence_item_create(parent=index, title=f"Scan {run}", files=[evidence_file])
        evidence_file_process(file_id=evidence_file.pk)
        found = client.get("/api/v1/search/", {"q": '"no records were withheld"'}).json()
        timings.append(time.perf_counter() - started)
        references = [r.get("reference") for r in found.get("results", [])]
        assert item.reference in references, (item.reference, references)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"Upload to searchable, {pages}-page scan, {runs} runs (SQLite FTS5)")
    print(f"  p50 {statistics.median(timings):.1f} s, p95 {p95:.1f} s")


if __name__ == "__main__":
    main()
