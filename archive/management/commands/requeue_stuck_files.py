"""manage.py requeue_stuck_files: queue again the files a killed worker left half-read."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from archive.services.recovery import MAX_ATTEMPTS, files_requeue_stuck, stuck_after


class Command(BaseCommand):
    help = (
        "Re-queue files left `processing` by a worker that died (and `pending` files whose task"
        " was lost); mark them failed once they have been taken too many times. Re-queue a long"
        " scan's OCR runs lost the same way."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            metavar="SECONDS",
            help="How long a file must have been processing before it counts as stuck"
            f" (default 3 x ARCHIVE_PROCESSING_SECONDS, now {stuck_after().total_seconds():g}).",
        )
        parser.add_argument("--max-attempts", type=int, default=MAX_ATTEMPTS)

    def handle(self, *args, older_than: float | None, max_attempts: int, **options):
        report = files_requeue_stuck(
            older_than=None if older_than is None else dt.timedelta(seconds=older_than),
            max_attempts=max_attempts,
        )
        requeued = f" {report.requeued}" if report.requeued else ""
        failed = f" {report.failed}" if report.failed else ""
        ocr = f" {report.ocr_requeued}" if report.ocr_requeued else ""
        ocr_failed = f" {report.ocr_given_up}" if report.ocr_given_up else ""
        self.stdout.write(
            f"Re-queued {len(report.requeued)} file(s){requeued};"
            f" marked {len(report.failed)} failed{failed};"
            f" re-queued {len(report.ocr_requeued)} lost OCR run(s){ocr},"
            f" gave up {len(report.ocr_given_up)}{ocr_failed}."
        )
