"""Evidence pack streaming: a letter citing ~200 MB of files, zipped through a few MiB of memory.

    .venv/bin/python bench/pack.py [--files 4] [--mb 50]

Builds a fresh SQLite archive (the demo site, then items holding FILES originals of MB MiB each,
random bytes so nothing compresses, stored as PDFs), a letter citing them, and streams its
evidence pack to a temporary file through letters.pack.pack_stream, exactly as the download view
does. Prints the pack's size, the time, the peak of Python allocations while streaming
(tracemalloc) and the process's peak resident memory before and after (ru_maxrss), then checks
every SHA-256 in the manifest against the bytes in the ZIP.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

MIB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()

    work = scratch_django("bench-pack-")
    from django.core.files import File
    from django.core.management import call_command

    from archive.models import EvidenceFile, EvidenceIndexPage
    from archive.services.items import evidence_item_create
    from letters.models import LetterIndexPage, LetterPage
    from letters.pack import pack_prepare, pack_stream

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # the site tree; not timed
    index = EvidenceIndexPage.objects.get()
    citations = []
    for n in range(args.files):
        path = work / f"big-{n}.pdf"
        with open(path, "wb") as out:
            out.write(b"%PDF-1.4\n")
            for _ in range(args.mb):
                out.write(os.urandom(MIB))
        with open(path, "rb") as handle:
            evidence_file = EvidenceFile(title=f"Big file {n}", file=File(handle, name=path.name))
            evidence_file.save()  # hashed in chunks; left pending (no worker runs here)
        item = evidence_item_create(parent=index, title=f"Big item {n}", files=[evidence_file])
        citations.append({"evidence": item.pk, "pinpoint": "", "quotation": "", "file": None})
    letter = LetterPage(
        title="Bench letter",
        recipient="Bench",
        body=[
            {"type": "claim", "value": {"text": "<p>Big.</p>", "citations": citations}},
        ],
        citations_acknowledged=True,
    )
    LetterIndexPage.objects.get().add_child(instance=letter)
    letter.save_revision().publish()

    pack = pack_prepare(letter, base_url="http://127.0.0.1:8000")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    target = work / "pack.zip"
    tracemalloc.start()
    started = time.perf_counter()
    written = 0
    largest = 0
    with open(target, "wb") as out:
        for chunk in pack_stream(pack):
            out.write(chunk)
            written += len(chunk)
            largest = max(largest, len(chunk))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            digest = hashlib.sha256()
            with archive.open(entry["path"]) as member:
                while chunk := member.read(MIB):
                    digest.update(chunk)
            assert digest.hexdigest() == entry["sha256"] == entry["sha256_at_upload"], entry
    print(f"pack: {written / MIB:.1f} MiB ({len(manifest['files'])} files) in {seconds:.2f} s")
    print(f"throughput: {written / MIB / seconds:.0f} MiB/s")
    print(f"largest chunk handed to the response: {largest / MIB:.2f} MiB")
    print(f"tracemalloc peak while streaming: {peak / MIB:.2f} MiB")
    print(f"ru_maxrss before / after: {rss_before / 1024:.0f} / {rss_after / 1024:.0f} MiB")
    print("manifest SHA-256 of every file matches the bytes in the ZIP")


if __name__ == "__main__":
    main()
