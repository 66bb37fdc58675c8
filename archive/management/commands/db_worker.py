"""manage.py db_worker: django-tasks' database worker, which also re-queues stuck files.

This app comes first in INSTALLED_APPS, so this command stands in for django_tasks_db's own
under the same name: every existing `db_worker` (make run, make worker, the deployment's
service) gets the recovery without a second process to deploy. Before taking its first task,
and then every ARCHIVE_PROCESSING_SECONDS in a background thread, it runs
archive.services.recovery.files_requeue_stuck(), so a file a killed worker left `processing`
is queued again by whichever worker is alive (see that module).
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from django.conf import settings
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from archive.services.recovery import files_requeue_stuck

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
        super().handle(*args, **options)
