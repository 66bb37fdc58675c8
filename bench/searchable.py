"""Time to searchable: seconds from an upload's commit until public search finds its last page,
through a running `db_worker`, on a quiet machine (bench/ingest.py --searchable runs it).

Each upload is one PDF of PAGES pages (dense text, about 2,500 characters a page) whose last
page carries a word of its own; the file and a published item holding it are committed in
one transaction, as the admin's upload then publish would, and the clock starts at that
commit. The bench then asks the search engine (the database's own, or Elasticsearch with
ELASTICSEARCH_URL) every 10 ms for that word. Between uploads it waits 2 s, so the worker is
idle when each one arrives: the case where its poll interval showed. Beside it, how long the
file's reading task waited in the queue before a worker took it (its `started_at` less its
`enqueued_at`): the part a worker's wake-up changes, whatever reading the PDF costs.

`--compare` also times django-tasks-db's own worker (it sleeps `--interval` 1 s whenever the
queue is empty) on the same uploads, in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = [str(ROOT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay", "-v", "0"]
UPSTREAM = [
    "-c",
    "import django; django.setup()\n"
    "from django_tasks_db.management.commands.db_worker import Command\n"
    "Command().run_from_argv(['manage.py', 'db_worker', '--no-reload', '--no-startup-delay',"
    " '-v', '0'])",
]


def pdf_with_marker(marker: str, pages: int, rng: random.Random) -> bytes:
    from bench.corpus import WORDS
    from tests.factories import make_pdf

    texts = [
        "\n".join(" ".join(rng.choice(WORDS) for _ in range(9)) for _ in range(40))
        for _ in range(pages)
    ]
    texts[-1] += f"\nThe last line names {marker}."
    return make_pdf(texts)


def found(marker: str) -> bool:
    from search.engines import get_engine
    from search.engines.base import SearchRequest
    from search.query import parse_query

    return bool(get_engine().search(SearchRequest(parse_query(marker))).results)


def upload(index, name: str, content: bytes):
    from django.db import transaction

    from archive.services.files import evidence_file_create
    from archive.services.items import evidence_item_create

    with transaction.atomic():
        stored = evidence_file_create(name=name, content=content)
        evidence_item_create(parent=index, title=name, files=[stored])


def time_uploads(label: str, worker: list[str], uploads: int, pages: int, seed: int) -> list:
    from django.db import connections

    from archive.models import EvidenceIndexPage

    index = EvidenceIndexPage.objects.first()
    rng = random.Random(seed)
    contents = [pdf_with_marker(f"zq{label}{n}x", pages, rng) for n in range(uploads)]
    connections.close_all()
    process = subprocess.Popen([sys.executable, *worker], cwd=ROOT, env=os.environ)
    seconds, waits = [], []
    try:
        time.sleep(5)  # the worker started and idle
        for n, content in enumerate(contents):
            marker = f"zq{label}{n}x"
            upload(index, f"{label}-{n}.pdf", content)
            started = time.perf_counter()
            while not found(marker):
                if time.perf_counter() - started > 120:
                    sys.exit(f"{marker} not searchable after 120 s: is the worker running?")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
            waits.append(queued_to_started(f"{label}-{n}.pdf"))
            time.sleep(2)
    finally:
        process.terminate()
        process.wait(30)
    return seconds, waits


def queued_to_started(name: str) -> float:
    """Seconds the file's reading task sat in the queue before a worker took it."""
    from django_tasks_db.models import DBTaskResult

    from archive.models import EvidenceFile

    file_id = EvidenceFile.objects.get(title=name).pk
    for result in DBTaskResult.objects.filter(task_path="archive.tasks.process_evidence_file"):
        if result.args_kwargs["args"] == [file_id]:
            return (result.started_at - result.enqueued_at).total_seconds()
    raise LookupError(name)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    values = sorted(values)
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1]
    return statistics.median(values), p95, values[-1]


def report(uploads: int, pages: int, compare: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    runs = [("woken", OURS)] + ([("polling", UPSTREAM)] if compare else [])
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"{uploads} uploads of {pages}-page PDFs; load average {load:.2f}; {cores} cores")
    print("| worker | searchable p50 / p95 / max s | queued before taken p50 / p95 / max s |")
    print("| --- | ---: | ---: |")
    for label, worker in runs:
        seconds, waits = time_uploads(label, worker, uploads, pages, seed=7)
        a, b = percentiles(seconds), percentiles(waits)
        print(
            f"| {label} | {a[0]:.2f} / {a[1]:.2f} / {a[2]:.2f} |"
            f" {b[0]:.2f} / {b[1]:.2f} / {b[2]:.2f} |",
            flush=True,
        )
