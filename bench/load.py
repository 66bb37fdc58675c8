"""Load on loopback: 50 concurrent readers against gunicorn, then again during a bulk import.

    .venv/bin/python bench/load.py [--items 10000] [--seconds 60] [--readers 50] [--workers 3]

Builds a throw-away archive (the demo plus --items public items that share the demo's files),
serves it with gunicorn on 127.0.0.1, and drives it from --readers threads for --seconds: 40 %
searches, 40 % evidence pages, 20 % file downloads, chosen with a fixed seed. Then it starts
`import_evidence` on generated PDFs and measures the same load again while it runs. Every
request goes to 127.0.0.1 only; the run is bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import ROOT, scratch_django  # noqa: E402

SEARCH_WORDS = [
    "camera", "monastery", "council", "server", "testimony", "commissioner", "meeting",
    "firmware", "survey", "cells", "interrogation", "data", "abroad", "report", "witness",
]  # fmt: skip


def build_archive(items: int) -> tuple[list[str], list[str]]:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from archive.models import EvidenceFile, EvidenceFileLink, EvidenceIndexPage, EvidencePage

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    index = EvidenceIndexPage.objects.get()
    files = list(EvidenceFile.objects.public())
    rng = random.Random(5)
    kinds = ["report", "news_article", "statement", "foi_response", "academic_paper"]
    started = time.monotonic()
    now = timezone.now()
    for start in range(0, items, 500):
        with transaction.atomic():
            for n in range(start, min(items, start + 500)):
                word = rng.choice(SEARCH_WORDS)
                item = EvidencePage(
                    title=f"Load item {n}: {word} {rng.choice(SEARCH_WORDS)}",
                    summary=f"A generated item about {word} for the load benchmark.",
                    kind=rng.choice(kinds),
                    published_on=dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000)),
                    live=True,
                    first_published_at=now,
                    file_links=[EvidenceFileLink(file=rng.choice(files))],
                )
                index.add_child(instance=item)
    print(f"built {items} items in {time.monotonic() - started:.0f} s", flush=True)
    call_command("rebuild_search_index", stdout=open(os.devnull, "w"))
    references = list(EvidencePage.objects.public().values_list("reference", flat=True))
    file_urls = [f.url for f in files]
    return references, file_urls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--threads", "4", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


def drive(port: int, seconds: float, readers: int, references, file_urls) -> dict:
    """Each reader loops until the deadline; returns latencies per kind and status counts."""
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[int, int] = defaultdict(int)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.4:
                kind = "search"
                words = "+".join(rng.sample(SEARCH_WORDS, rng.choice([1, 1, 2])))
                path = f"/search/?q={words}"
            elif roll < 0.8:
                kind, path = "evidence page", f"/evidence/{rng.choice(references)}/"
            else:
                kind, path = "file download", rng.choice(file_urls)
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(f"{kind}: {type(exc).__name__}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies[kind].append(elapsed)
                statuses[status] += 1

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "statuses": statuses, "errors": errors, "seconds": seconds}


def report(title: str, run: dict) -> None:
    total = sum(run["statuses"].values())
    fivexx = sum(n for status, n in run["statuses"].items() if status >= 500)
    print(f"\n{title}: {total} requests in {run['seconds']:.0f} s = {total / run['seconds']:.1f}/s;"
          f" statuses {dict(sorted(run['statuses'].items()))}; 5xx {fivexx};"
          f" connection errors {len(run['errors'])}")  # fmt: skip
    print(f"| {'kind':14} | requests | p50 ms | p95 ms | p99 ms |")
    for kind, values in sorted(run["latencies"].items()):
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        print(
            f"| {kind:14} | {len(values):8} | {cuts[49]:6.0f} | {cuts[94]:6.0f} | {cuts[98]:6.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    args = parser.parse_args()

    work = scratch_django("bench-load-")
    references, file_urls = build_archive(args.items)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "ALLOWED_HOSTS": "127.0.0.1,localhost"}  # fmt: skip
    port = free_port()
    server = start_gunicorn(port, args.workers, env)
    try:
        report("Readers alone", drive(port, args.seconds, args.readers, references, file_urls))

        from bench.corpus import generated_pdfs

        pdfs = generated_pdfs(work / "import", files=12, pages=30)
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_evidence", *map(str, pdfs)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        run = drive(port, args.seconds, args.readers, references, file_urls)
        still_importing = importer.poll() is None
        report(f"Readers during a bulk import (import still running at the end: "
               f"{still_importing})", run)  # fmt: skip
        importer.wait(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
