"""manage.py db_worker: django-tasks' database worker, which also re-queues stuck files.

This app comes first in INSTALLED_APPS, so this command stands in for django_tasks_db's own
under the same name: every existing `db_worker` (make run, make worker, the deployment's
service) gets the recovery without a second process to deploy. Before taking its first task,
and then every ARCHIVE_PROCESSING_SECONDS in a background thread, it runs
archive.services.recovery.files_requeue_stuck(), so a file a killed worker left `processing`
is queued again by whichever worker is alive (see that module). An idle worker waits on the
database rather than sleeping, so it starts on a new task as soon as one is queued
(archive/worker_wakeup.py); `--interval` is now the longest it goes without looking.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from archive.services.recovery import files_requeue_stuck
from archive.worker_wakeup import WakingWorker

logger = logging.getLogger(__name__)


def requeue_stuck_files_safely() -> None:
    try:
        files_requeue_stuck()
    except Exception:  # a locked or unreachable database: the next round tries again
        logger.exception("re-queueing stuck evidence files failed")


def watch_stuck_files(interval: float) -> None:
    while True:
        time.sleep(interval)
        requeue_stuck_files_safely()
        connection.close()  # this thread's own connection; a fresh one next round


WORKER_OPTIONS = ("interval", "backend_name", "startup_delay", "max_tasks", "worker_id")


class Command(DatabaseWorkerCommand):
    help = "Run a database task worker; re-queue files that a dead worker left half-read."

    def handle(self, *args, **options):
        reloading = options["reload"] and not options["batch"]
        # With --reload, handle() runs in the watching parent too; only the child works.
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            requeue_stuck_files_safely()
            if not options["batch"]:
                threading.Thread(
                    target=watch_stuck_files,
                    args=(settings.ARCHIVE_PROCESSING_SECONDS,),
                    name="requeue-stuck-files",
                    daemon=True,
                ).start()
        self.run_worker(**options)

    def run_worker(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        """django-tasks-db's handle() (0.13.0), with the worker that wakes on new tasks."""
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = WakingWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            **{name: options[name] for name in WORKER_OPTIONS},
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child works
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
