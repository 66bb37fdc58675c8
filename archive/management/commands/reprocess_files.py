"""manage.py reprocess_files: read again the images and scans an archive read before OCR and
public copies (archive/services/reprocess.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.services.ingestion import evidence_file_process
from archive.services.reprocess import KINDS, files_reprocess, files_to_reprocess


class Command(BaseCommand):
    help = (
        "Read again the images that have no public copy and the scanned PDFs whose pages no"
        " reader has found text on (an archive made before OCR and public copies), so photos"
        " get a copy without location metadata and scans get OCR text."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=KINDS,
            help="image (raster images) or scan (PDFs); repeat for both (the default).",
        )
        parser.add_argument(
            "--every",
            action="store_true",
            help="Every read file of those kinds, not only those missing OCR or a public copy.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Read them in this process, one after another, instead of queueing them for"
            " the workers (manage.py db_worker).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List them; change nothing.")

    def handle(self, *args, kind, every, now, dry_run, **options):
        files = files_to_reprocess(tuple(kind or KINDS), every=every)
        chosen = list(files.values_list("pk", "title", "media_type"))
        for pk, title, media_type in chosen:
            self.stdout.write(f"  {pk}: {title} ({media_type})")
        if dry_run:
            self.stdout.write(f"{len(chosen)} file(s) would be read again.")
            return
        ids = files_reprocess(files, queue=not now)
        if not now:
            self.stdout.write(
                f"Queued {len(ids)} file(s) to be read again; a worker (manage.py db_worker)"
                " reads them."
            )
            return
        statuses = [evidence_file_process(file_id=pk) for pk in ids]
        counted = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
        summary = ", ".join(f"{n} {s}" for s, n in counted.items()) or "none"
        self.stdout.write(f"Read {len(ids)} file(s) again: {summary}.")
