"""CPU per public request, and the public checks through the ORM against compiled once.

    .venv/bin/python bench/queries.py [--items 10000] [--reuse DIR] [--calls 300]

Builds the same throw-away archive as bench/load.py (or serves one it built: --reuse DIR), then
measures in this one process, with time.process_time: each public check built and compiled by
Django on every call, against the same check through archive/compiled_query.py
(docs/decisions/0008); and the CPU of each kind of request bench/load.py makes, through Django's
test client with the public cache on (kept search results, evidence pages picked at random among
all items, file downloads).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402


def per_call_ms(function, calls: int) -> float:
    function()
    started = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - started) / calls * 1000


def checks(calls: int) -> None:
    from archive.compiled_query import CompiledQuery
    from archive.models import EvidenceFile, EvidencePage

    ids = tuple(EvidencePage.objects.public().values_list("pk", flat=True)[:20])
    reference = EvidencePage.objects.public().values_list("reference", flat=True)[5]
    file_id = EvidenceFile.objects.public().values_list("pk", flat=True)[0]
    among = CompiledQuery(lambda ids: EvidencePage.objects.public().filter(pk__in=ids).values("pk"))
    item = CompiledQuery(lambda ref: EvidencePage.objects.public().filter(reference=ref))
    one_file = CompiledQuery(lambda pk: EvidenceFile.objects.public().filter(pk=pk))
    rows = [
        ("20 kept items still public?",
         lambda: EvidencePage.objects.public().filter(pk__in=ids).count(),
         lambda: len(among.rows(ids))),
        ("the evidence item by reference",
         lambda: EvidencePage.objects.public().get(reference=reference),
         lambda: item.instances(EvidencePage, reference)[0]),
        ("the file to download",
         lambda: EvidenceFile.objects.public().filter(pk=file_id).first(),
         lambda: one_file.instances(EvidenceFile, file_id)[0]),
    ]  # fmt: skip
    print("| public check | ORM, ms | compiled once, ms | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, orm, compiled in rows:
        orm_ms, compiled_ms = per_call_ms(orm, calls), per_call_ms(compiled, calls)
        print(f"| {name} | {orm_ms:.3f} | {compiled_ms:.3f} | {orm_ms / compiled_ms:.1f}x |")


def requests(calls: int) -> None:
    from django.conf import settings
    from django.test import Client

    from bench.load import existing_archive, reader_paths

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    paths = reader_paths(*existing_archive())
    print("\n| request (test client, public cache on) | CPU ms |")
    print("| --- | ---: |")
    for kind, choices in paths.items():
        rng = random.Random(2)
        if kind == "search":
            for path in set(choices):  # every search kept once, as under load
                client.get(path)
        sample = [rng.choice(choices) for _ in range(calls)]
        started = time.process_time()
        for path in sample:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if response.streaming:
                b"".join(response.streaming_content)
        print(f"| {kind} | {(time.process_time() - started) / calls * 1000:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--reuse", type=Path, metavar="DIR")
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    work = scratch_django("bench-queries-", args.reuse)
    from django.core.management import call_command

    from bench.load import build_archive

    if args.reuse:
        call_command("migrate", verbosity=0)
    else:
        build_archive(args.items)
    print(f"archive in {work}")
    checks(args.calls)
    requests(args.calls)


if __name__ == "__main__":
    main()
