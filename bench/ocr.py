"""OCR: pages per second (bare Tesseract loop, the archive with 1 and 2 workers), upload to
searchable for a scanned PDF, and the character error rate per language.

    .venv/bin/python bench/ocr.py [--pages 8] [--scan-pages 20] [--runs 5]
        [--only throughput|cer|upload|corpus]

Pages are A4 scans drawn and noised by tests/processing/scans.py (the OCR tests' own), so their
text is known. The bare loop runs `tesseract PAGE.png - --psm 6 -l eng` on the same pages
drawn at 200 dpi and saved as PNG, one after another, in one process at a time (and, as
controls, the same loop in two processes at once, and one tesseract over the list of pages:
its model loaded once); the archive reads image-only PDFs of the same pages through
archive.processing.process_file (sandboxed children, the languages told from the page, the
text of record), one file at a time for 1 worker, two files side by side for 2 workers, each
worker's fork servers warmed by a one-page scan before the clock starts. CPU seconds a page
count this process, its children and its fork servers' children (Tesseract runs in the OCR
child, through tesserocr). Upload to searchable: a SCAN_PAGES-page scan
stored through archive.services.files.evidence_file_create on a fresh SQLite archive, read by
archive.services.ingestion.evidence_file_process, published, until /api/v1/search/ finds its
probe (RUNS times, new bytes each time). Corpus: every scan and image of text in
../shared/corpus/kinds, read with no language and with the manifest's: probes found, and the
CER of the one page whose whole text is known.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    parser.add_argument("--only", choices=("throughput", "cer", "upload", "corpus"), default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    if args.only in (None, "throughput"):
        throughput(work, args.pages)
    if args.only in (None, "cer"):
        error_rates(work)
    if args.only in (None, "upload"):
        upload_to_searchable(work, args.scan_pages, args.runs)
    if args.only in (None, "corpus"):
        real_scans()


def _cpu() -> float:
    """CPU seconds of this process, of every child it has waited for, and of its live fork
    servers with the children they have waited for (each reader's child and its Tesseract)."""
    from archive.processing import sandbox

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.process_time() + used.ru_utime + used.ru_stime
    for server in list(sandbox._servers):
        try:
            fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # u, s, cu, cs
    return total


def throughput(work: Path, pages: int) -> None:
    from archive.processing import Limits, process_file, sandbox
    from tests.processing import scans

    print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    images = [scans.page_image("en", seed=n) for n in range(pages)]
    for n, image in enumerate(images):
        image.save(work / f"page-{n}.png")

    def tesseract(source: Path) -> None:
        subprocess.run(
            ["tesseract", str(source), "-", "--psm", "6", "-l", "eng"],
            check=True,
            capture_output=True,
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )

    def bare_loop(numbers: list[int]) -> None:
        for n in numbers:
            tesseract(work / f"page-{n}.png")

    cpu, started = _cpu(), time.perf_counter()
    bare_loop(list(range(pages)))
    bare = pages / (time.perf_counter() - started)
    bare_cpu = (_cpu() - cpu) / pages
    # Controls: the same loop in two processes at once (what the machine gives two Tesseracts),
    # and one tesseract process over the list of pages (its model loaded once, as the archive's
    # child loads it once a file).
    halves = [list(range(pages))[: pages // 2], list(range(pages))[pages // 2 :]]
    started = time.perf_counter()
    loops = [threading.Thread(target=bare_loop, args=(h,)) for h in halves]
    for loop in loops:
        loop.start()
    for loop in loops:
        loop.join()
    bare_two = pages / (time.perf_counter() - started)
    (work / "pages.txt").write_text("".join(f"{work / f'page-{n}.png'}\n" for n in range(pages)))
    started = time.perf_counter()
    tesseract(work / "pages.txt")
    bare_once = pages / (time.perf_counter() - started)

    half = pages // 2
    for name, chunk in (
        ("a", images[:half]),
        ("b", images[half:]),
        ("all", images),
        ("w", [images[0]]),
    ):
        rgb = [i.convert("RGB") for i in chunk]
        rgb[0].save(
            work / f"{name}.pdf", "PDF", resolution=200, save_all=True, append_images=rgb[1:]
        )
    limits = Limits(seconds=600)
    results: dict[str, object] = {}

    # A worker is a long-lived process whose fork servers are warm: each reads a one-page scan
    # before the clock starts.
    def worker(names: list[str], ready: threading.Barrier, done: threading.Barrier) -> None:
        process_file(work / "w.pdf", limits=limits)
        ready.wait()
        for name in names:
            results[name] = process_file(work / f"{name}.pdf", limits=limits)
        done.wait()

    def timed(share: list[list[str]]) -> tuple[float, float]:
        ready, done = threading.Barrier(len(share) + 1), threading.Barrier(len(share) + 1)
        threads = [threading.Thread(target=worker, args=(n, ready, done)) for n in share]
        for thread in threads:
            thread.start()
        ready.wait()
        cpu, started = _cpu(), time.perf_counter()
        done.wait()
        elapsed, used = time.perf_counter() - started, _cpu() - cpu
        for thread in threads:
            thread.join()
        sandbox.fork_servers_close()
        return pages / elapsed, used / pages

    one_worker, one_cpu = timed([["all"]])
    two_workers, two_cpu = timed([["a"], ["b"]])
    read_ok = all(p.extractor == "ocr" for r in results.values() for p in r.pages)
    print(f"OCR throughput over {pages} A4 pages at 200 dpi (all read by OCR: {read_ok})")
    print(f"  bare tesseract loop (eng, psm 6): {bare:.2f} pages/s, {bare_cpu:.2f} CPU s a page")
    print(f"  (control) bare loop in 2 processes: {bare_two / bare:.2f}x the bare loop")
    print(f"  (control) one tesseract over the page list: {bare_once / bare:.2f}x the bare loop")
    for label, rate, used in (
        ("1 worker: ", one_worker, one_cpu),
        ("2 workers:", two_workers, two_cpu),
    ):
        print(
            f"  archive, {label} {rate:.2f} pages/s ({rate / bare:.2f}x the bare loop),"
            f" {used:.2f} CPU s a page; {rate / bare_once:.2f}x one tesseract over the list"
        )
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


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


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kinds"
# The only scan of the corpus whose whole text is known: tesseract-ocr/tesseract's
# testing/phototest.txt, the ground truth of tesseracttest__phototest.tif.
PHOTOTEST = (
    "This is a lot of 12 point text to test the\nocr code and see if it works on all types\n"
    "of file format.\n\nThe quick brown dog jumped over the\nlazy fox. The quick brown dog"
    " jumped\nover the lazy fox. The quick brown dog\njumped over the lazy fox. The quick\n"
    "brown dog jumped over the lazy fox.\n"
)


def real_scans() -> None:
    """Each pdf-scan and image-scan of ../shared/corpus/kinds read twice, with no language (the
    script told by the text) and with the manifest's first language: is each probe phrase in
    the text (spaces and case ignored), and the CER where the whole text is known."""
    import csv

    from archive.processing.ocr import packs_for

    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f, delimiter="\t") if r["kind"] in ("pdf-scan", "image-scan")
        ]
    print(f"Real scans of {CORPUS} (default limits, 60 s a file)")
    print("| file | language | read with (none given / given) | probes found | seconds |")
    for row in rows:
        language = row["languages"].split(",")[0]
        probes = [p.strip() for p in row["probe"].split("|") if p.strip()]
        cells = [_read_scan(row["file"], "", probes)]
        given = packs_for(language)
        cells.append(_read_scan(row["file"], given, probes) if given else ("no pack", "-", 0.0))
        print(
            f"| {row['file']} | {language} | {cells[0][0]} / {cells[1][0]} |"
            f" {cells[0][1]} / {cells[1][1]} | {cells[0][2]:.0f} / {cells[1][2]:.0f} |",
            flush=True,
        )


def _read_scan(name: str, given: str, probes: list[str]) -> tuple[str, str, float]:
    from archive.processing import Limits, process_file
    from tests.processing import scans

    started = time.perf_counter()
    result = process_file(CORPUS / name, name=name, limits=Limits(ocr_languages=given))
    seconds = time.perf_counter() - started
    text = "\n".join(p.text for p in result.pages)
    squeezed = "".join(text.split()).casefold()
    hits = sum("".join(p.split()).casefold() in squeezed for p in probes)
    used = ",".join(sorted({p.ocr["languages"] for p in result.pages if p.ocr}))
    cer = f", CER {100 * scans.cer(PHOTOTEST, text):.1f} %" if "phototest" in name else ""
    return used or str(result.status), f"{hits}/{len(probes)}{cer}", seconds


if __name__ == "__main__":
    main()
