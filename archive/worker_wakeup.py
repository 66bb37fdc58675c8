"""Task workers wake when work arrives, not on their next poll.

django-tasks-db's worker sleeps `--interval` seconds (1 by default) whenever the queue is
empty, so an upload waited up to that long before anyone looked at it. Here an idle worker
waits on the database instead, and is woken as soon as a task is queued:

- PostgreSQL: every enqueue sends `NOTIFY django_tasks_enqueued` on the connection that wrote
  the task row, so it is delivered when that transaction commits (never before the row is
  visible); an idle worker LISTENs on a connection of its own and blocks until a notification
  comes or the interval passes. Every listening worker is woken; one of them takes the task.
- SQLite (one machine, no notifications): the idle worker polls `PRAGMA data_version` on a
  connection of its own, which changes whenever another connection commits. Reading it costs
  microseconds (a counter in the write-ahead log's shared memory, no query on any table), so
  the poll is short: 10 ms just after the worker went idle, backing off to 100 ms. Any commit
  wakes it, not only a new task: it then looks at the queue once and waits again.

Either way a worker still looks at the queue at least every `--interval` seconds, so a task
deferred to later (`run_after`), or one whose notification was lost with a dropped connection,
runs no later than before.
"""

from __future__ import annotations

import logging
import random
import threading
import time

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from django.db import close_old_connections, connections, router
from django.db.utils import DatabaseError, OperationalError

logger = logging.getLogger(__name__)

CHANNEL = "django_tasks_enqueued"
SQLITE_FIRST_POLL, SQLITE_LONGEST_POLL = 0.01, 0.1


def notify_enqueued(sender, task_result, **kwargs) -> None:
    """task_enqueued receiver: tell listening workers (PostgreSQL) that a task was queued."""
    connection = connections[router.db_for_write(DBTaskResult)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, task_result.task.queue_name])


class PostgresWaiter:
    def __init__(self, alias: str):
        import psycopg  # the PostgreSQL driver Django uses here; absent on SQLite-only installs

        # Not Django's connection: the worker closes that one between tasks (CONN_MAX_AGE),
        # which would end the LISTEN. Autocommit, so LISTEN takes effect at once.
        params = connections[alias].get_connection_params()
        self.raw = psycopg.connect(**params, autocommit=True)
        self.raw.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        # A notification sent while the worker was busy is already queued on this connection,
        # so none is missed between the worker's last look at the queue and this wait.
        woken = any(True for _ in self.raw.notifies(timeout=timeout, stop_after=1))
        for _ in self.raw.notifies(timeout=0):  # several tasks queued: one look takes them all
            pass
        return woken

    def close(self) -> None:
        self.raw.close()


class SqliteWaiter:
    def __init__(self, alias: str):
        wrapper = connections[alias]
        self.raw = wrapper.get_new_connection(wrapper.get_connection_params())
        self.seen = self._version()

    def _version(self) -> int:
        return self.raw.execute("PRAGMA data_version").fetchone()[0]

    def wait(self, timeout: float) -> bool:
        deadline, step = time.monotonic() + timeout, SQLITE_FIRST_POLL
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(step, left))
            step = min(step * 2, SQLITE_LONGEST_POLL)
            version = self._version()
            if version != self.seen:
                self.seen = version
                return True
        return False

    def close(self) -> None:
        self.raw.close()


class SleepingWaiter:
    """Any other database: django-tasks-db's own behaviour, a sleep of the interval."""

    def __init__(self, alias: str):
        pass

    def wait(self, timeout: float) -> bool:
        time.sleep(timeout)
        return False

    def close(self) -> None:
        pass


WAITERS = {"postgresql": PostgresWaiter, "sqlite": SqliteWaiter}


class WakingWorker(Worker):
    """django-tasks-db's Worker whose idle wait ends when a task is queued.

    `run` is the upstream loop (django-tasks-db 0.13.0, pinned) with its `time.sleep(interval)`
    replaced by the waiter's wait; `idle` is set while it waits and `woken` counts the waits a
    new task ended (what the tests look at).
    """

    def __init__(self, **options):
        super().__init__(**options)
        self.idle = threading.Event()
        self.woken = 0
        self._waiter = None

    def waiter(self):
        if self._waiter is None:
            alias = router.db_for_read(DBTaskResult)
            self._waiter = WAITERS.get(connections[alias].vendor, SleepingWaiter)(alias)
        return self._waiter

    def wait_for_work(self) -> None:
        try:
            waiter = self.waiter()  # made before the look at the queue: nothing queued is missed
            self.idle.set()
            if waiter.wait(self.interval):
                self.woken += 1
        except DatabaseError:  # the listening connection dropped: sleep, then a new one
            logger.warning("waiting for tasks failed; polling until it works again", exc_info=True)
            self.close_waiter()
            time.sleep(self.interval)
        finally:
            self.idle.clear()

    def close_waiter(self) -> None:
        if self._waiter is not None:
            try:
                self._waiter.close()
            except DatabaseError:
                pass
            self._waiter = None

    def next_task(self) -> tuple[DBTaskResult | None, bool]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # so no other worker runs it
                return task_result, True
            except OperationalError as error:
                if is_locked_database_exception(error):  # it unlocks eventually
                    return None, False
                raise

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 (no thundering herd at start)
        try:
            if not self.batch:
                self.waiter()  # listening before the first look at the queue
            while self.running:
                close_old_connections()
                task_result, looked = self.next_task()
                if task_result is not None:
                    self.run_task(task_result)
                if self.batch and looked and task_result is None:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                close_old_connections()
                if self.running and task_result is None:
                    self.wait_for_work()
        finally:
            self.close_waiter()
