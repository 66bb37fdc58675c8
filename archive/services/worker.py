"""Running queued background tasks in this process (the import command and tests use it)."""

import time

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from django.conf import settings
from django.utils.crypto import get_random_string

from archive.choices import TERMINAL_FILE_STATUSES
from archive.models import EvidenceFile


def run_queued_tasks() -> None:
    """Work through the database queue until it is empty, exactly as `db_worker --batch` does."""
    Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    ).run()


def wait_until_read(file_ids: list[int]) -> None:
    """Work the queue in this process until these files are read.

    Whoever calls this finishes whether or not a db_worker runs; a running db_worker simply
    shares the work, and then we wait for the files it holds, up to twice the processing time
    limit after the queue is empty (a worker killed mid-file must not hang the caller).
    """
    deadline = None
    while file_ids:
        run_queued_tasks()
        unread = EvidenceFile.objects.filter(pk__in=file_ids).exclude(
            status__in=TERMINAL_FILE_STATUSES
        )
        if not unread.exists():
            return
        deadline = deadline or time.monotonic() + 2 * settings.ARCHIVE_PROCESSING_SECONDS
        if time.monotonic() > deadline:
            return
        time.sleep(0.5)
