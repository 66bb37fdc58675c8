"""An idle worker takes a task as soon as it is queued, not on its next poll: on SQLite (its
data_version) and on PostgreSQL (LISTEN/NOTIFY), whichever database the suite runs on.

The worker polls every 600 s here, so a task it runs within the test's minute was one it was
woken for; and it counts the waits a new task ended.
"""

from __future__ import annotations

import threading
import time

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from django.db import connections, transaction

from archive.worker_wakeup import WakingWorker

pytestmark = pytest.mark.django_db(transaction=True)

POLL_SECONDS = 600  # far longer than the test: only a wake-up can start a task in time


@task()
def note(marker: str) -> str:
    return marker


def finished(result_id) -> DBTaskResult | None:
    """The task's row once it has run."""
    row = DBTaskResult.objects.get(pk=result_id)
    return row if row.status == "SUCCESSFUL" else None


def wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outcome = condition()
        if outcome:
            return outcome
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def worker(shared_db):
    # On SQLite, a file copy of the test database (tests/archive/conftest.py), as a deployment
    # has: the in-memory test database's shared cache answers "table is locked" at once to the
    # worker thread and the test alike, where a file database waits on its busy timeout.
    worker = WakingWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=POLL_SECONDS,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-wakeup",
    )

    def work():
        try:
            worker.run()
        finally:
            connections.close_all()  # this thread's connections: the test database can go

    thread = threading.Thread(target=work, name="test-wakeup-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    note.enqueue("stop")  # wakes it; it sees it should stop
    thread.join(30)
    assert not thread.is_alive(), "the worker did not stop"


def test_an_idle_worker_is_woken_by_each_new_task(worker):
    for marker in ["first", "second", "third"]:
        wait_for(worker.idle.is_set, "the worker to wait for work")
        woken = worker.woken
        result = note.enqueue(marker)
        row = wait_for(lambda result=result: finished(result.id), f"task {marker}")
        assert worker.woken > woken
        assert row.return_value == marker


def test_a_task_queued_in_a_transaction_wakes_the_worker_when_it_commits(worker):
    wait_for(worker.idle.is_set, "the worker to wait for work")
    with transaction.atomic():
        result = note.enqueue("committed")
        assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    wait_for(lambda: finished(result.id), "the committed task")
    assert worker.woken >= 1
