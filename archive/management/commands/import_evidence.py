"""manage.py import_evidence: one evidence item per file, read by the task worker, with a report."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.choices import AccessLevel
from archive.models import EvidenceIndexPage
from archive.services.importing import evidence_import_file, import_entry_finish
from archive.services.worker import wait_until_read


class Command(BaseCommand):
    help = "Import files as evidence items, wait until each is read, and report on every file."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--access", choices=AccessLevel.values, default=AccessLevel.PUBLIC)
        parser.add_argument("--report", type=Path, help="Write a JSON report to this file.")

    def handle(self, *args, paths: list[Path], access: str, report: Path | None, **options):
        parent = EvidenceIndexPage.objects.first()
        if parent is None:
            raise CommandError("There is no evidence index page; run `manage.py load_demo` first.")
        entries = [
            evidence_import_file(path=path, access_level=access, parent=parent) for path in paths
        ]
        wait_until_read([e.file_id for e in entries if e.file_id is not None])
        for entry in entries:
            import_entry_finish(entry)
            self.stdout.write(f"{entry.status:15} {entry.reference or '-':13} {entry.path}")
            if entry.error:
                self.stdout.write(f"{'':15} {entry.error}")
        if report:
            report.write_text(json.dumps([e.report() for e in entries], indent=2))
            self.stdout.write(f"Report written to {report}")
