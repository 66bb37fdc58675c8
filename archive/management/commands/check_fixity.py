"""manage.py check_fixity: re-hash every original; a mismatch or a missing file fails the run."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.services.fixity import fixity_check


class Command(BaseCommand):
    help = (
        "Re-hash every stored original (streamed) against its recorded SHA-256; list mismatched,"
        " missing and unreadable files and exit 1 if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=Path, help="Write a JSON report to this file.")

    def handle(self, *args, report: Path | None, **options):
        result = fixity_check(on_problem=lambda p: self.stderr.write(p.describe()))
        if report:
            report.write_text(json.dumps(result.as_dict(), indent=2))
        summary = (
            f"Checked {result.checked} original(s), {result.bytes_read / 2**20:.1f} MiB:"
            f" {len(result.problems)} problem(s)."
        )
        if result.ok:
            self.stdout.write(self.style.SUCCESS(summary))
            return
        raise CommandError(summary)
