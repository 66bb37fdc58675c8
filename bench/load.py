"""Load on loopback: 50 concurrent readers against gunicorn, then again during a bulk import.

    .venv/bin/python bench/load.py [--items 10000] [--seconds 120] [--readers 50] [--workers 3]
                                   [--threads 4] [--readers-only] [--compare] [--reuse DIR]

Builds a throw-away archive (the demo plus --items public items that share the demo's files),
serves it with gunicorn on 127.0.0.1, and drives it with wrk (apt-get install wrk; a C client, so
the load generator takes little of the 2 cores it shares with the server) for --seconds: of the
--readers concurrent clients, 40 % search, 40 % read evidence pages and 20 % download files,
each asking again as soon as it is answered. Then it starts `import_evidence` on generated PDFs
and measures the same load again while it runs. Every request goes to 127.0.0.1 only; the run is
bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
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

    from archive.models import EvidenceFile, EvidenceIndexPage
    from archive.services.items import evidence_item_create

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    index = EvidenceIndexPage.objects.get()
    files = list(EvidenceFile.objects.public())
    rng = random.Random(5)
    kinds = ["report", "news_article", "statement", "foi_response", "academic_paper"]
    started = time.monotonic()
    for start in range(0, items, 500):
        with transaction.atomic():
            for n in range(start, min(items, start + 500)):
                word = rng.choice(SEARCH_WORDS)
                evidence_item_create(
                    parent=index,
                    title=f"Load item {n}: {word} {rng.choice(SEARCH_WORDS)}",
                    files=[rng.choice(files)],
                    summary=f"A generated item about {word} for the load benchmark.",
                    kind=rng.choice(kinds),
                    published_on=dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000)),
                )
    print(f"built {items} items in {time.monotonic() - started:.0f} s", flush=True)
    call_command("rebuild_search_index", stdout=open(os.devnull, "w"))
    return existing_archive()


def existing_archive() -> tuple[list[str], list[str]]:
    """The public references and file URLs the readers choose from."""
    from archive.models import EvidenceFile, EvidencePage

    references = list(EvidencePage.objects.public().values_list("reference", flat=True))
    return references, [f.url for f in EvidenceFile.objects.public()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int, env: dict, log: Path):
    """gunicorn with the production gunicorn.conf.py; its JSON access log goes to `log`."""
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--threads", str(threads)],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
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


# Readers by what they do: 40 % search, 40 % read evidence pages, 20 % download files.
SHARES = {"search": 0.4, "evidence page": 0.4, "file download": 0.2}


def reader_paths(references: list[str], file_urls: list[str]) -> dict[str, list[str]]:
    """The paths each kind of reader picks from at random: searches for one or two words (two
    in three are one word), every public evidence page, every public file."""
    rng = random.Random(5)
    searches = [
        "/search/?q=" + "+".join(rng.sample(SEARCH_WORDS, rng.choice([1, 1, 2])))
        for _ in range(5000)
    ]
    return {
        "search": searches,
        "evidence page": [f"/evidence/{reference}/" for reference in references],
        "file download": file_urls,
    }


def drive(port: int, seconds: float, readers: int, paths: dict[str, list[str]], work: Path):
    """One wrk process per kind of reader, all at once, each with its share of the readers as
    connections that send their next request as soon as the last one is answered
    (no think time; gunicorn.conf.py closes each connection, and wrk opens the next). Returns
    wrk's report per kind."""
    processes = {}
    for kind, share in SHARES.items():
        listing = work / f"paths-{kind.replace(' ', '-')}.txt"
        listing.write_text("\n".join(paths[kind]) + "\n")
        processes[kind] = subprocess.Popen(
            ["wrk", "-t1", f"-c{max(1, round(readers * share))}", f"-d{seconds:.0f}s",
             "--timeout", "30s", "-s", str(ROOT / "bench" / "load.lua"),
             f"http://127.0.0.1:{port}", "--", str(listing)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
    results = {}
    for kind, process in processes.items():
        output, _ = process.communicate(timeout=seconds + 120)
        results[kind] = json.loads(output.strip().splitlines()[-1])
        results[kind]["readers"] = max(1, round(readers * SHARES[kind]))
    return results


def report(title: str, results: dict) -> None:
    total = sum(r["requests"] for r in results.values())
    seconds = max(r["seconds"] for r in results.values())
    statuses: dict[str, int] = defaultdict(int)
    for result in results.values():
        for status, n in result["statuses"].items():
            statuses[status] += n
    fivexx = sum(n for status, n in statuses.items() if int(status) >= 500)
    errors = sum(r["socket_errors"] for r in results.values())
    print(
        f"\n{title}: {total} requests in {seconds:.0f} s = {total / seconds:.1f}/s;"
        f" statuses {dict(sorted(statuses.items()))}; 5xx {fivexx}; socket errors {errors}"
    )
    print(f"| {'kind':14} | readers | requests | req/s | p50 ms | p95 ms | p99 ms |")
    for kind, r in results.items():
        rate = r["requests"] / r["seconds"]
        print(f"| {kind:14} | {r['readers']:>7} | {r['requests']:8} | {rate:5.0f}"
              f" | {r['p50_ms']:6.0f} | {r['p95_ms']:6.0f} | {r['p99_ms']:6.0f} |")  # fmt: skip


def worker_memory(master_pid: int) -> str:
    """gunicorn's workers' memory (children of the master), from /proc: anonymous (the Python
    heap, kept responses, SQLite's page caches) and file-backed (mostly the memory-mapped
    database, shared between processes)."""
    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if int(fields.get("PPid", "0")) == master_pid and "RssAnon" in fields:
            mib = [int(fields[name].split()[0]) // 1024 for name in ("RssAnon", "RssFile")]
            workers.append("{} + {} MiB".format(*mib))
    return "workers' memory (anonymous + file-backed): " + ", ".join(sorted(workers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    # 120 s: long enough that the run during an import also holds the import's end, when it
    # retires every kept public response (it does so once a minute while it runs).
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--readers-only", action="store_true", help="skip the second run (during a bulk import)"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="first measure the readers without the public cache and with gunicorn's default"
        " keep-alive and connection limits",
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="serve the archive an earlier run built in DIR (it prints DIR)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench/load.py drives the site with wrk: apt-get install wrk")

    work = scratch_django("bench-load-", args.reuse)
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have moved on since it was built
        references, file_urls = existing_archive()
    else:
        references, file_urls = build_archive(args.items)
    print(f"archive in {work} (--reuse {work} serves it again)", flush=True)
    paths = reader_paths(references, file_urls)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "ALLOWED_HOSTS": "127.0.0.1,localhost"}  # fmt: skip
    if args.compare:
        # The same readers first against the site as it was before issue 5's load work: no
        # public cache, and gunicorn's own keep-alive and connection limits.
        before = {**env, "PUBLIC_CACHE_ENTRIES": "0",
                  "GUNICORN_CMD_ARGS": "--keep-alive 2 --worker-connections 1000"}  # fmt: skip
        port = free_port()
        server = start_gunicorn(port, args.workers, args.threads, before, work / "gunicorn.log")
        try:
            report("Readers alone, without the public cache and with gunicorn's defaults",
                   drive(port, args.seconds, args.readers, paths, work))  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads, env, work / "gunicorn.log")
    try:
        report("Readers alone", drive(port, args.seconds, args.readers, paths, work))
        print(worker_memory(server.pid))
        if args.readers_only:
            return

        from bench.corpus import generated_pdfs

        # A new seed per run: a reused archive must still have new files to import.
        pdfs = generated_pdfs(
            work / f"import-{time.time_ns()}", files=12, pages=30, seed=time.time_ns()
        )
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_evidence", *map(str, pdfs)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        run = drive(port, args.seconds, args.readers, paths, work)
        still_importing = importer.poll() is None
        report(f"Readers during a bulk import (import still running at the end: "
               f"{still_importing})", run)  # fmt: skip
        print(worker_memory(server.pid))
        importer.wait(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
