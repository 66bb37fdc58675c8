"""manage.py backup_archive DEST: the database and every stored file, with a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sitewide.backup import BackupError, archive_backup


class Command(BaseCommand):
    help = (
        "Back up the database (a portable JSON-lines dump) and every stored file (originals,"
        " previews, images) into the new folder DEST, with a manifest of SHA-256 hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path)

    def handle(self, *args, dest: Path, **options):
        try:
            summary = archive_backup(dest=dest, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.items} items and {summary.files} files"
                f" ({summary.originals} originals, {summary.bytes / 2**20:.1f} MiB) to {dest}."
            )
        )
        if summary.damaged:
            raise CommandError(
                f"{len(summary.damaged)} original(s) no longer match their recorded SHA-256 and"
                " were backed up as they are now: run `manage.py check_fixity` and restore them"
                " from an older backup.\n" + "\n".join(summary.damaged)
            )
