"""Page images and the viewer: render time cold and from storage, storage per page, the
352-page book's evidence page (HTML size, server time) and what ?quote= costs on it.

    .venv/bin/python bench/pages.py [--book PATH] [--pages 30] [--runs 20]

The book (Free Culture, ../shared/corpus/real/pdfjs__freeculture.pdf) is stored and read on a
fresh SQLite archive as an upload would be (evidence_file_create, evidence_file_process). Cold:
a page's stored images are deleted, then /files/<pk>/pages/800/<n>.webp is asked for (the
access check, a sandboxed child rendering both widths, storing them, sending); the fork server
is warm, as in a running worker. Stored: the same pages asked again. Server time is measured
around Django's test client in this process (no network); CPU is this process's process_time
(the render's child is not counted there, so render times are wall times). The evidence page
is timed with the public cache cleared before each request, and ?quote= with a new quotation
each time (unique values bypass the cache in production too).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

BOOK = Path(__file__).resolve().parents[2] / "shared/corpus/real/pdfjs__freeculture.pdf"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    return (
        f"p50 {statistics.median(values) * scale:.1f} {unit},"
        f" p95 {percentile(values, 0.95) * scale:.1f} {unit}"
    )


def sentence_of(text: str, length: int = 12) -> str:
    """The first run of `length` words on the page that are all words (holding a letter): what a
    researcher quotes, not the typesetter's line numbers or a running header. None ends with a
    hyphen: joined with spaces, "Star- wave" is not what the page's "Star-\nwave" says."""
    words = text.split()
    for start in range(len(words) - length + 1):
        window = words[start : start + length]
        if all(any(c.isalpha() for c in w) and not w.endswith("-") for w in window):
            return " ".join(window)
    return text[:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", type=Path, default=BOOK)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    scratch_django("bench-pages-")
    from django.core.cache import caches
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from archive.page_images import page_image_key
    from archive.processing.page_images import THUMBNAIL_WIDTH, WIDTHS
    from archive.services.files import evidence_file_create
    from archive.services.ingestion import evidence_file_process
    from archive.services.items import evidence_item_create
    from tests.conftest import build_site_tree

    call_command("migrate", verbosity=0)
    index = build_site_tree()["index"]
    started = time.perf_counter()
    book = evidence_file_create(name=args.book.name, content=args.book.read_bytes())
    item = evidence_item_create(parent=index, title="Free Culture", files=[book])
    evidence_file_process(file_id=book.pk)
    book.refresh_from_db()
    print(f"Book: {book.page_count} pages, read in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")

    step = max(1, book.page_count // args.pages)
    numbers = list(range(10, book.page_count + 1, step))[: args.pages]
    client.get(reverse("archive:page_image", args=[book.pk, 800, 1]))  # the fork server starts
    cold, stored = [], []
    for number in numbers:
        for width in WIDTHS:
            key = page_image_key(book, number, width)
            if default_storage.exists(key):
                default_storage.delete(key)
        url = reverse("archive:page_image", args=[book.pk, 800, number])
        began = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        cold.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    for number in numbers:
        url = reverse("archive:page_image", args=[book.pk, 800, number])
        began = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        stored.append(time.perf_counter() - began)
    sizes = {
        width: [default_storage.size(page_image_key(book, n, width)) for n in numbers]
        for width in WIDTHS
    }
    print(f"Page image at 800 px, {len(numbers)} pages: cold {summary(cold)}")
    print(f"  from storage {summary(stored)}")
    for width in WIDTHS:
        label = "thumbnail" if width == THUMBNAIL_WIDTH else "reading size"
        print(f"  {label} ({width} px): {statistics.mean(sizes[width]) / 1024:.1f} KiB a page")
    total = sum(statistics.mean(s) for s in sizes.values())
    print(f"  storage per page, both widths: {total / 1024:.1f} KiB")

    times, cpu = [], []
    for _ in range(args.runs):
        caches["public"].clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(item.url)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    html = response.content
    print(f"Book's evidence page: {len(html) / 1024:.1f} KiB of HTML ({len(html)} bytes)")
    print(f"  server time {summary(times)}; CPU {summary(cpu)}")

    pages = list(book.pages.order_by("number").values_list("text", flat=True))

    def timed_quote(quotation: str) -> tuple[float, float, bytes]:
        caches["public"].clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(item.url, {"quote": quotation})
        elapsed = (time.perf_counter() - began, time.process_time() - began_cpu)
        assert b"<mark>" in response.content, quotation
        return *elapsed, response.content

    quoted, quoted_cpu = [], []
    for run in range(args.runs):
        quotation = sentence_of(pages[100 + run])
        wall, spent, html = timed_quote(quotation)
        quoted.append(wall)
        quoted_cpu.append(spent)
    plain = statistics.median(cpu)
    extra = [q - plain for q in quoted_cpu]
    print(f"?quote= (a new sentence each time): server time {summary(quoted)}")
    print(f"  CPU {summary(quoted_cpu)}; over the plain page's median: {summary(extra)}")
    print(f"  HTML {len(html) / 1024:.1f} KiB")
    # The worst a quotation can ask: the book's even pages begin with the typesetter's line
    # numbers 1 to 33, so "5 6 7 ... 16" is on most of them; the pages normalised stop at the
    # first MAX_CANDIDATES (100) that hold it (letters/quotations.py), which bounds this.
    numbers = " ".join(str(n) for n in range(5, 17))
    worst = [timed_quote(numbers)[1] for _ in range(max(3, args.runs // 4))]
    print(f"  a quotation of line numbers (100 pages normalised): CPU {summary(worst)}")

    from letters.quotations import PageLetters, quotation_marks

    texts = list(enumerate(pages, start=1))
    letters = PageLetters(texts)
    marks_cpu = []
    for run in range(args.runs):
        words = pages[200 + run].split()
        began = time.process_time()
        quotation_marks(" ".join(words[5:17]), texts, letters)
        marks_cpu.append(time.process_time() - began)
    began = time.process_time()
    PageLetters(texts)
    once = time.process_time() - began
    print(
        f"quotation_marks alone: CPU {summary(marks_cpu)} (the kept letters: {once * 1000:.0f} ms"
        " once per file and process)"
    )


if __name__ == "__main__":
    main()
