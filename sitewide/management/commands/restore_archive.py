"""manage.py restore_archive SRC: a backup into a new, migrated, empty instance."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitewide.backup import BackupError, archive_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_archive into this instance, which must be migrated and"
        " empty; checks every original's SHA-256, loads the search index the backup carries (or"
        " rebuilds it) and rebuilds the admin search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path)

    def handle(self, *args, src: Path, **options):
        try:
            summary = archive_restore(src=src, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.items} items and {summary.files} files; all"
                f" {summary.originals} originals match their SHA-256; {summary.indexed} public"
                f" items indexed; {summary.requeued} unfinished files queued for reading."
            )
        )
