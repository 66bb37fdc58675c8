"""manage.py import_evidence: evidence items from files, read by parallel workers, with a report."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from archive.choices import AccessLevel
from archive.models import EvidenceIndexPage
from archive.services.import_metadata import MetadataError, metadata_read
from archive.services.importing import (
    DUPLICATE,
    EvidenceImport,
    ImportEntry,
    import_paths_expand,
)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@contextmanager
def logging_quieted(verbosity: int):
    """-v0 means warnings and errors only: else Wagtail's three INFO lines per item (created,
    edited, published) reach stderr. Workers forked meanwhile inherit the level; a logger with
    a level of its own (TASKS_LOG_LEVEL) keeps it. Restored after, for call_command's caller."""
    root = logging.getLogger()
    level = root.level
    if verbosity == 0:
        root.setLevel(max(root.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        root.setLevel(level)


def worker_count(value: str) -> int:
    count = int(value)
    if count < 0:
        raise ValueError(value)
    return count


class Command(BaseCommand):
    help = (
        "Import files and folders (recursively) as evidence items, with optional CSV metadata;"
        " read them in parallel worker processes and report on every file. Files already in the"
        " archive are not imported again, so an interrupted import is resumed by running it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files and folders to import.")
        parser.add_argument(
            "--access",
            choices=AccessLevel.values,
            default="",
            help="Access level of items whose metadata row does not set one (default: restricted"
            " for testimony, public for anything else).",
        )
        parser.add_argument(
            "--metadata",
            type=Path,
            metavar="FILE.csv",
            help="A CSV with one row per file (see archive/services/import_metadata.py).",
        )
        parser.add_argument(
            "--report", type=Path, metavar="FILE.json", help="Write a JSON report to this file."
        )
        parser.add_argument(
            "--workers",
            type=worker_count,
            default=None,
            metavar="N",
            help="Worker processes reading files in parallel (default: the number of cores,"
            f" {os.cpu_count()} here; 0 reads them in this process).",
        )

        parser.add_argument(
            "--nice",
            type=int,
            choices=range(20),
            default=10,
            metavar="N",
            help="Lower the import's CPU priority by N (0-19, default 10), so readers of the"
            " public site are served first while files are read; 0 keeps normal priority.",
        )

    from_command_line = False

    def run_from_argv(self, argv):
        self.from_command_line = True
        super().run_from_argv(argv)

    def handle(self, *args, verbosity, **options):
        with logging_quieted(verbosity):
            self._import(verbosity=verbosity, **options)

    def _import(self, *, paths, access, metadata, report, workers, nice, verbosity, **options):
        self.verbosity = verbosity
        worker_niceness = nice
        if self.from_command_line:
            # A process of its own: lower it all (item creation, hashing), and the workers it
            # forks with it. Called from Python (call_command), only the workers are lowered.
            os.nice(nice)
            worker_niceness = 0
        parent = EvidenceIndexPage.objects.first()
        if parent is None:
            raise CommandError("There is no evidence index page; run `manage.py load_demo` first.")
        files = import_paths_expand(paths, leave_out=[p for p in (metadata, report) if p])
        sheet = None
        if metadata:
            try:
                sheet = metadata_read(metadata, files)
            except MetadataError as exc:
                raise CommandError(str(exc)) from exc
            for problem in sheet.unmatched:
                self.stderr.write(f"Ignored: {problem}")
        if workers is None:
            workers = os.cpu_count() or 1
        progress = Progress(total=len(files))
        run = EvidenceImport(
            parent=parent,
            access_level=access,
            sheet=sheet,
            workers=workers,
            on_done=lambda entry: self._done(entry, progress, verbosity),
            niceness=worker_niceness,
        )
        # SIGTERM (kill, a service manager) stops the import as Ctrl+C does: workers stopped,
        # the report so far written.
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
        try:
            entries = run.run(files)
        except KeyboardInterrupt:
            progress.close()
            self._report(report, run.entries)
            raise CommandError(
                "Interrupted. Run the same command again to resume: files already stored are"
                " not stored twice, and files whose reading was cut short are read again.",
                returncode=130,
            ) from None
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)
        progress.close()
        if verbosity >= 1:
            self._summary(entries, progress, run.workers)
        self._report(report, entries)

    def _done(self, entry: ImportEntry, progress: Progress, verbosity: int) -> None:
        progress.done(entry)
        if verbosity >= 1:
            with progress.printing():
                self.stdout.write(f"{entry.status:15} {entry.reference or '-':13} {entry.path}")
                if entry.error:
                    self.stdout.write(f"{'':15} {entry.error}")
                for warning in entry.warnings:
                    self.stdout.write(f"{'':15} {warning}")
        elif entry.gps:  # -v 0 still says which photos give away where they were taken
            with progress.printing():
                self.stderr.write(f"{entry.path}: {' '.join(entry.warnings)}")

    def _summary(self, entries: list[ImportEntry], progress: Progress, workers: int) -> None:
        read = [e for e in entries if e.new or e.resumed]
        duplicates = sum(e.status == DUPLICATE for e in entries)
        refused = sum(not (e.new or e.resumed) and e.status != DUPLICATE for e in entries)
        if not read:
            also = f"; {refused} could not be imported" if refused else ""
            self.stdout.write(
                f"Nothing new: {duplicates} of {len(entries)} files are already in the archive"
                f"{also}."
            )
            return
        statuses = Counter(e.status for e in read)
        parts = [
            f"{count} {what}"
            for count, what in [
                (sum(e.new for e in read), "new"),
                (sum(e.resumed for e in read), "resumed from an earlier run"),
                (duplicates, "already in the archive"),
                (refused, "not imported"),
            ]
            if count
        ]
        self.stdout.write(
            f"{len(entries)} files: {', '.join(parts)}. Read: "
            + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
            + "."
        )
        seconds = progress.elapsed()
        pages = sum(e.pages for e in read)
        how = f"{workers} worker processes" if workers else "this process"
        self.stdout.write(
            f"{len(read)} files, {pages} pages in {seconds:.1f} s"
            f" ({len(read) / seconds:.2f} files/s, {pages / seconds:.1f} pages/s) by {how}."
        )

    def _report(self, report: Path | None, entries: list[ImportEntry]) -> None:
        if report:
            report.write_text(json.dumps([e.report() for e in entries], indent=2))
            if self.verbosity >= 1:
                self.stdout.write(f"Report written to {report}")


class Progress:
    """A progress bar on stderr (when it is a terminal): files done, files/s, pages/s, ETA."""

    def __init__(self, total: int) -> None:
        self.started = time.monotonic()
        self.pages = 0
        try:  # a terminal that reports no size (some do until resized) still gets a bar
            size = os.get_terminal_size(sys.stderr.fileno())
            sized = size.columns > 0 and size.lines > 0
        except (OSError, ValueError):
            sized = False
        self.bar = _Bar(
            total=total,
            desc="Importing",
            unit=" files",
            file=sys.stderr,
            disable=None,  # off when stderr is not a terminal (logs, tests)
            dynamic_ncols=sized,
            ncols=None if sized else 100,
            nrows=None if sized else 20,
            mininterval=0.5,
            smoothing=0.05,
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} files"
            " [{elapsed}<{remaining}, {rate_fmt}{postfix}]",
        )

    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-6)

    def done(self, entry: ImportEntry) -> None:
        if entry.new or entry.resumed:
            self.pages += entry.pages
        self.bar.set_postfix_str(f"{self.pages / self.elapsed():.1f} pages/s", refresh=False)
        self.bar.update(1)

    def printing(self):
        """Clear the bar while a line is printed; it is redrawn below the line."""
        return self.bar.external_write_mode(file=sys.stdout)

    def close(self) -> None:
        self.bar.close()


class _Bar(tqdm):
    # No monitor thread: the import forks its workers, and forking a threaded process is unsafe.
    monitor_interval = 0
