"""Backup, restore and fixity times (and peak memory) for an archive of ITEMS x PAGES pages.

    .venv/bin/python bench/backup.py [--items 1000] [--pages 20] [--keep] [--before REV]
                                     [--baseline]

Builds the archive in a throw-away instance (a SQLite file and a media folder under /tmp, as
the tests' second instances are), with one 50 KB original per item and page texts written
directly (reading PDFs is bench/ingest.py's business), then times `backup_archive`,
`restore_archive` into a second, empty instance, and `check_fixity` there. Prints a table.
With `--before REV` the same backup is also restored by the code at git revision REV (its
tree exported with `git archive`, run with this virtualenv) into a third empty instance, and
the table ends with the ratio of the two restores: before and after in one run. With
`--baseline` the same backup is also restored the way the first restore did it (one save a
row through `loaddata`, every index rebuilt: bench/original_restore.py) into another empty
instance, and the table ends with that ratio too: the figure issue 18 asks for.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.separate_instance import (  # noqa: E402
    ROOT,
    Instance,
    instance_from,
    migrated_database,
)

BUILD = """
import json, os, random
from django.db import transaction
from archive.models import EvidenceFile, PageText
from archive.services.files import evidence_file_create
from bench.corpus import WORDS
from tests.conftest import build_site_tree
from tests.factories import make_item

rng = random.Random(7)
weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # Zipf-like, as text is
index = build_site_tree()["index"]
for n in range(ITEMS):
    with transaction.atomic():
        f = evidence_file_create(name=f"original-{n}.pdf", content=rng.randbytes(50_000))
        EvidenceFile.objects.filter(pk=f.pk).update(status="ready", page_count=PAGES)
        PageText.objects.bulk_create(
            PageText(file=f, number=p, text=" ".join(rng.choices(WORDS, weights, k=300)),
                     extractor="pdfminer")
            for p in range(1, PAGES + 1)
        )
        make_item(index, title=f"Item {n}", files=[f],
                  access_level="restricted" if n % 10 == 0 else "public")
print(json.dumps(EvidenceFile.objects.count()))
"""


def timed(
    instance: Instance, *args: str, code: Path | None = None, script: Path | None = None
) -> tuple[float, int]:
    """Seconds and peak RSS (MiB) of one manage.py command (of the code in `code`, if given),
    or of a script run with the instance's settings."""
    rss_file = instance.folder / "rss"
    command = instance.command(*args)
    env = instance.env
    if code is not None:
        command = [sys.executable, str(code / "manage.py"), *args]
        env = {**env, "PYTHONPATH": str(code)}
    if script is not None:
        command = [sys.executable, str(script), *args]
    started = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *command],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, int(rss_file.read_text().split()[-1]) // 1024


def du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="leave the instances in /tmp")
    parser.add_argument("--before", metavar="REV", help="also restore with the code at REV")
    parser.add_argument(
        "--baseline", action="store_true", help="also restore as the first restore did"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    try:
        template = migrated_database(work / "template")
        source = instance_from(template, work / "source")
        started = time.monotonic()
        source.python(f"ITEMS, PAGES = {args.items}, {args.pages}\n{BUILD}", timeout=None)
        source.execute("DELETE FROM django_tasks_database_dbtaskresult")  # the demo's queue
        built = time.monotonic() - started
        print(f"built {args.items} items x {args.pages} pages in {built:.0f} s", flush=True)

        rows = []
        backup = work / "backup"
        rows.append(("backup_archive", *timed(source, "backup_archive", str(backup))))
        target = instance_from(template, work / "target")
        rows.append(("restore_archive", *timed(target, "restore_archive", str(backup))))
        rows.append(("check_fixity (restored)", *timed(target, "check_fixity")))
        if args.before:
            code = work / "code-before"
            code.mkdir()
            subprocess.run(
                f"git -C {ROOT} archive {args.before} | tar -x -C {code}", shell=True, check=True
            )
            before = instance_from(template, work / "target-before")
            restored = timed(before, "restore_archive", str(backup), code=code)
            rows.append((f"restore_archive ({args.before})", *restored))
        if args.baseline:
            baseline = instance_from(template, work / "target-baseline")
            script = ROOT / "bench" / "original_restore.py"
            rows.append(("first restore (baseline)", *timed(baseline, str(backup), script=script)))

        pages = args.items * args.pages
        database = sum(f.stat().st_size for f in source.folder.glob("db.sqlite3*")) / 2**20
        dump = (backup / "database.jsonl.gz").stat().st_size / 2**20
        print(
            f"\n{args.items} items, {pages:,} pages: database {database:.0f} MiB, media"
            f" {du(source.media):.0f} MiB; backup {du(backup):.0f} MiB (dump {dump:.0f} MiB)\n"
        )
        print("| command | seconds | pages/s | peak RSS |")
        print("| --- | ---: | ---: | ---: |")
        for name, seconds, rss in rows:
            print(f"| `{name}` | {seconds:.1f} | {pages / seconds:,.0f} | {rss} MiB |")
        times = {name: seconds for name, seconds, _ in rows}
        if args.before:
            ratio = times[f"restore_archive ({args.before})"] / times["restore_archive"]
            print(f"\nrestore: {ratio:.1f}x faster than at {args.before}")
        if args.baseline:
            ratio = times["first restore (baseline)"] / times["restore_archive"]
            print(f"\nrestore: {ratio:.1f}x faster than the first restore")
    finally:
        if args.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
