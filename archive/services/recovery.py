"""Files a dead worker left behind: found by age, queued again, or given up on after N takes.

A worker reads a file in at most two child processes (pypdfium2, then pdfminer.six), each
killed at ARCHIVE_PROCESSING_SECONDS, then records the result in one short transaction. So a
file still `processing` STUCK_AFTER_LIMITS times that limit after a worker took it has no live
worker: the worker was killed (SIGKILL, out of memory, the machine went down) mid-file. Such a
file is set back to `pending` and queued again, or, once MAX_ATTEMPTS takes have all died, set
to `failed` with a message saying so. The task row the dead worker held is marked failed too,
so the queue does not show it running for ever.

A file `pending` with no task queued for it (the process that saved it died between its
commit and the enqueue that follows) is queued again after the same delay.

A long scan's later OCR runs (archive/services/ocr_runs.py) are tasks of their own: a file that
still owes one (`ocr_next_page`) with no run of its take waiting, none running or finished
within the same delay, lost it with its worker; the run is queued again, from the page the
file names, or, after MAX_ATTEMPTS such losses, given up on with a warning saying so.

Every worker runs this at start and then periodically (archive/management/commands/db_worker.py);
`manage.py requeue_stuck_files` runs it once. Several may run at once: each file is moved by a
conditional update, so only one of them queues it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive.choices import TERMINAL_FILE_STATUSES, FileStatus
from archive.models import EvidenceFile, PageText
from archive.processing.ocr import NOT_REACHED, OCR_QUEUED_WARNING, QUEUED
from archive.services.worker import task_queued
from archive.tasks import enqueue_processing, process_evidence_file, read_ocr_pages

logger = logging.getLogger(__name__)

STUCK_AFTER_LIMITS = 3  # two child runs at most, plus recording: a live worker is long done
MAX_ATTEMPTS = 3
PROCESS_TASK_PATH = "archive.tasks.process_evidence_file"
OCR_RUN_TASK_PATH = "archive.tasks.read_ocr_pages"
LOST_WORKER = "archive.services.recovery.WorkerLost"


def stuck_after() -> dt.timedelta:
    return dt.timedelta(seconds=STUCK_AFTER_LIMITS * settings.ARCHIVE_PROCESSING_SECONDS)


@dataclass
class RecoveryReport:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    ocr_requeued: list[int] = field(default_factory=list)  # files whose OCR run was lost
    ocr_given_up: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed or self.ocr_requeued or self.ocr_given_up)


def files_requeue_stuck(
    *, older_than: dt.timedelta | None = None, max_attempts: int = MAX_ATTEMPTS
) -> RecoveryReport:
    """Queue again (or fail) every file a dead worker left `processing`, and lost `pending` ones."""
    now = timezone.now()
    cutoff = now - (stuck_after() if older_than is None else older_than)
    report = RecoveryReport()
    stuck = EvidenceFile.objects.filter(status=FileStatus.PROCESSING).filter(
        # No start time: taken before the field existed, i.e. before the upgrade that
        # restarted every worker.
        Q(processing_started_at__lt=cutoff) | Q(processing_started_at__isnull=True)
    )
    for file_id, started, attempts in stuck.values_list(
        "pk", "processing_started_at", "processing_attempts"
    ):
        with transaction.atomic():
            same_take = EvidenceFile.objects.filter(
                pk=file_id, status=FileStatus.PROCESSING, processing_started_at=started
            )
            if attempts >= max_attempts:
                moved = same_take.update(
                    status=FileStatus.FAILED,
                    error=(
                        f"Reading stopped {attempts} times without finishing: the worker"
                        " reading it was stopped (killed, out of memory, or its machine went"
                        " down). Re-process it to try again."
                    ),
                    processed_at=now,
                )
                if moved:
                    report.failed.append(file_id)
            else:
                moved = same_take.update(status=FileStatus.PENDING)
                if moved:
                    _queue_on_commit(file_id)
                    report.requeued.append(file_id)
            if moved:
                file_tasks_fail_lost(file_id, now)
    for file_id in _pending_without_task(cutoff):
        _queue_on_commit(file_id)
        report.requeued.append(file_id)
    _ocr_runs_requeue_lost(cutoff, now, max_attempts, report)
    if report:
        logger.warning(
            "stuck evidence files: re-queued %s, gave up on %s; lost OCR runs re-queued for %s,"
            " given up for %s",
            report.requeued,
            report.failed,
            report.ocr_requeued,
            report.ocr_given_up,
        )
    return report


def _ocr_runs_requeue_lost(
    cutoff: dt.datetime, now: dt.datetime, max_attempts: int, report: RecoveryReport
) -> None:
    owed = EvidenceFile.objects.filter(
        status__in=[FileStatus.READY, FileStatus.NO_TEXT],
        ocr_next_page__isnull=False,
        processed_at__lt=cutoff,
    )
    for file_id, started, first, lost in owed.values_list(
        "pk", "processing_started_at", "ocr_next_page", "ocr_runs_lost"
    ):
        take = started.isoformat()
        runs = DBTaskResult.objects.filter(
            task_path=OCR_RUN_TASK_PATH, args_kwargs__args__0=file_id, args_kwargs__args__1=take
        )
        if (
            runs.filter(status=TaskResultStatus.READY).exists()
            or runs.filter(status=TaskResultStatus.RUNNING, started_at__gte=cutoff).exists()
            or runs.filter(finished_at__gte=cutoff).exists()
        ):
            continue  # waiting, running, or it has just queued the next
        with transaction.atomic():
            # A conditional update claims the file: another worker's recovery moves nothing.
            same_step = EvidenceFile.objects.filter(
                pk=file_id, processing_started_at=started, ocr_next_page=first, ocr_runs_lost=lost
            )
            if lost + 1 >= max_attempts:
                if not same_step.update(ocr_next_page=None, ocr_runs_lost=lost + 1):
                    continue
                _ocr_give_up(file_id, first, lost + 1)
                report.ocr_given_up.append(file_id)
            else:
                if not same_step.update(ocr_runs_lost=lost + 1):
                    continue
                transaction.on_commit(
                    lambda f=file_id, t=take, p=first: read_ocr_pages.enqueue(f, t, p, "")
                )
                report.ocr_requeued.append(file_id)
            _tasks_fail_lost(
                runs, now, "the OCR run was re-queued or given up on by archive.services.recovery."
            )


def _ocr_give_up(file_id: int, first: int, times: int) -> None:
    """The pages the lost runs owed say OCR did not reach them, and the file says why."""
    evidence_file = EvidenceFile.objects.select_for_update().get(pk=file_id)
    warnings = [w for w in evidence_file.warnings if not w.endswith(OCR_QUEUED_WARNING)]
    warnings.append(
        f"OCR of the scanned pages from page {first:,} on stopped {times} times without"
        " finishing: the worker reading them was stopped (killed, out of memory, or its"
        " machine went down). Re-process the file to try again."
    )
    evidence_file.warnings = warnings
    evidence_file.save(update_fields=["warnings"])
    PageText.objects.filter(file_id=file_id, number__gte=first, note=QUEUED).update(
        note=NOT_REACHED
    )


def _queue_on_commit(file_id: int) -> None:
    transaction.on_commit(lambda: enqueue_processing(file_id))


def _file_tasks():
    return DBTaskResult.objects.filter(task_path=PROCESS_TASK_PATH)


def file_tasks_fail_lost(file_id: int, now: dt.datetime) -> None:
    """Mark failed the file's processing tasks that still say running: their worker is gone."""
    _tasks_fail_lost(
        _file_tasks().filter(args_kwargs__args__0=file_id),
        now,
        "the file was re-queued or marked failed by archive.services.recovery.",
    )


def _tasks_fail_lost(tasks, now: dt.datetime, outcome: str) -> None:
    tasks.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=LOST_WORKER,
        traceback=f"The worker running this task stopped without finishing it; {outcome}",
    )


def _pending_without_task(cutoff: dt.datetime) -> list[int]:
    pending = set(
        EvidenceFile.objects.filter(status=FileStatus.PENDING, created_at__lt=cutoff)
        .filter(Q(processing_started_at__lt=cutoff) | Q(processing_started_at__isnull=True))
        .values_list("pk", flat=True)
    )
    if not pending:
        return []
    queued = _file_tasks().filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    for args_kwargs in queued.values_list("args_kwargs", flat=True).iterator():
        args = args_kwargs.get("args") or []
        pending.discard(args[0] if args else args_kwargs.get("kwargs", {}).get("file_id"))
    return sorted(pending)


def evidence_file_resume(*, evidence_file: EvidenceFile) -> bool:
    """Queue again a file that a stopped import left `pending` or `processing`.

    The import run that finds it knows the workers of the run that stopped are gone, so it
    need not wait until archive.services.recovery finds the file by its age. A file whose
    reading still waits in the queue is left to it. Returns whether the file was queued.
    """
    if task_queued(process_evidence_file, evidence_file.pk):
        return False
    with transaction.atomic():
        moved = (
            EvidenceFile.objects.filter(
                pk=evidence_file.pk,
                status=evidence_file.status,
                processing_started_at=evidence_file.processing_started_at,
            )
            .exclude(status__in=TERMINAL_FILE_STATUSES)
            .update(status=FileStatus.PENDING)
        )
        if moved:
            file_tasks_fail_lost(evidence_file.pk, timezone.now())
            transaction.on_commit(lambda: enqueue_processing(evidence_file.pk))
    return bool(moved)


def evidence_file_reprocess(*, evidence_file: EvidenceFile) -> None:
    """Read a file again from the start (the admin's re-process action)."""
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(
        status=FileStatus.PENDING, error="", processing_attempts=0
    )
    transaction.on_commit(lambda: enqueue_processing(evidence_file.pk))
