"""Running queued background tasks: in this process (tests, the demo) or in forked worker processes
that drain the queue in parallel (the import command)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from contextlib import contextmanager

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from archive.choices import TERMINAL_FILE_STATUSES
from archive.models import EvidenceFile


def run_queued_tasks(worker_id: str = "") -> None:
    """Work through the database queue until it is empty, exactly as `db_worker --batch` does."""
    Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or get_random_string(32),
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


# Wagtail's tasks that bring one object's index entries up to date from what is committed. A
# transaction that saves an object several times queues one per save; run after the commit,
# every copy does the same, and two copies run at once by two workers race to insert the same
# row (modelsearch's UNIQUE(content_type, object_id) on SQLite).
INDEX_TASKS = (
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
)


@contextmanager
def index_tasks_collapsed():
    """Inside a transaction: keep one of each identical index task its saves queue."""
    since = timezone.now()
    yield
    seen, extra = set(), []
    queued = DBTaskResult.objects.ready().filter(task_path__in=INDEX_TASKS, enqueued_at__gte=since)
    for pk, path, args in queued.values_list("pk", "task_path", "args_kwargs"):
        key = (path, json.dumps(args, sort_keys=True))
        if key in seen:
            extra.append(pk)
        seen.add(key)
    DBTaskResult.objects.filter(pk__in=extra).delete()


def queued_tasks_exist() -> bool:
    """Whether any task waits in the queue for a worker."""
    return DBTaskResult.objects.ready().exists()


def task_queued(task, *args) -> bool:
    """Whether `task(*args)` waits in the queue (queued, not yet claimed by a worker)."""
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=task.module_path, args_kwargs__args=list(args))
        .exists()
    )


def worker_processes_possible() -> bool:
    """Whether other processes can see this connection's data: not an in-memory SQLite
    database (tests), not uncommitted work in an open transaction, and fork() exists."""
    if not hasattr(os, "fork") or connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


WORKER_ID_PREFIX = "import-"  # then the worker's pid: its tasks say which process ran them


class WorkerPool:
    """Worker processes, forked from this one, that drain the task queue in parallel.

    The same loop as `manage.py db_worker` (django-tasks' Worker, which claims each task in a
    locked transaction, so no two workers run one task) in processes forked from this one: no
    interpreter or Django start-up, and the same settings and database. They keep polling the
    queue until `stop()`, then finish what is queued and exit; they also exit if this process
    dies. Ctrl+C is left to this process, which stops them with SIGTERM (`terminate()`).
    """

    IDLE_SECONDS = 0.1  # how long an idle worker waits before looking at the queue again

    def __init__(self, count: int, niceness: int = 0) -> None:
        self.count = count
        self.niceness = niceness  # added to each worker's nice value: the public site comes first
        self._context = multiprocessing.get_context("fork")
        self._stop = self._context.Event()
        self.processes: list[multiprocessing.process.BaseProcess] = []

    def start(self) -> None:
        for _ in range(self.count):
            self._start_one()

    def _start_one(self) -> None:
        # Each worker opens its own connections; a forked copy of ours would be shared.
        connections.close_all()
        sys.stdout.flush()
        sys.stderr.flush()
        process = self._context.Process(
            target=_drain_until_stopped,
            args=(os.getpid(), self._stop, self.niceness),
            name=f"import-worker-{len(self.processes) + 1}",
            daemon=True,
        )
        process.start()
        self.processes.append(process)

    def replace_dead(self) -> list[int]:
        """Start a new worker for each one that died unexpectedly; returns the dead ones' pids."""
        if self._stop.is_set():
            return []
        dead = [p for p in self.processes if p.exitcode is not None]
        for process in dead:
            self.processes.remove(process)
            self._start_one()
        return [p.pid for p in dead]

    @staticmethod
    def running_for(pid: int, task) -> list[tuple]:
        """The args of each `task` the worker with this pid had claimed and not finished."""
        prefix = f"{WORKER_ID_PREFIX}{pid}-"
        running = DBTaskResult.objects.running().filter(task_path=task.module_path)
        return [
            tuple(args_kwargs["args"])
            for args_kwargs, worker_ids in running.values_list("args_kwargs", "worker_ids")
            if any(w.startswith(prefix) for w in worker_ids)
        ]

    def stop(self) -> None:
        """Let the workers finish what is queued, then wait for them to exit."""
        self._stop.set()
        for process in self.processes:
            process.join()

    def terminate(self) -> None:
        """Stop now: a file being read stays `processing` and is re-queued by the next import."""
        self._stop.set()
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def _drain_until_stopped(parent_pid: int, stop, niceness: int) -> None:
    from archive.processing import sandbox

    os.nice(niceness)  # inherited by the fork servers and reader children it starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler: terminate() ends us
    worker_id = f"{WORKER_ID_PREFIX}{os.getpid()}-{get_random_string(8)}"
    try:
        while True:
            stopping = stop.is_set()
            run_queued_tasks(worker_id)
            if stopping or os.getppid() != parent_pid:
                return
            stop.wait(WorkerPool.IDLE_SECONDS)
    finally:
        sandbox.fork_servers_close()
        connections.close_all()
