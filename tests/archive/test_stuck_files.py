"""A worker killed mid-file leaves nothing stuck: the file is queued again (or failed after N
takes), read once by another worker, with one set of pages and one set of index entries."""

from __future__ import annotations

import datetime as dt
import json
import signal
import time

import pytest
from django_tasks_db.models import DBTaskResult

from django.core.management import call_command
from django.utils import timezone

from archive.models import EvidenceFile, PageText
from archive.processing.result import ProcessResult, Status
from archive.services.ingestion import _claim, _record_result
from archive.services.recovery import STUCK_AFTER_LIMITS, files_requeue_stuck
from search.engines.sqlite_fts import page_rowid_range
from tests.factories import make_file, make_item, make_pdf

PAGES = 120  # about 5 s of pdfminer.six: long enough to kill the worker half-way through
LIMIT_SECONDS = 20  # ARCHIVE_PROCESSING_SECONDS of the instance: the file reads well within it

pytestmark = pytest.mark.django_db(transaction=True)

CREATE_SLOW_ITEM = f"""
import json
from tests.conftest import build_site_tree
from tests.factories import make_file, make_item, make_pdf
line = "The committee heard testimony about cameras installed in every street."
pages = ["\\n".join(f"{{line}} Page marker zq{{p}}x line {{n}}." for n in range(45))
         for p in range(1, {PAGES} + 1)]
index = build_site_tree()["index"]
evidence_file = make_file("long-hearing.pdf", make_pdf(pages))
item = make_item(index, title="Long hearing", files=[evidence_file])
print(json.dumps({{"file": evidence_file.pk, "item": item.pk}}))
"""


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def file_row(instance, file_id: int) -> dict:
    (row,) = instance.sql(
        "SELECT status, processing_attempts, processing_started_at, page_count, error"
        " FROM archive_evidencefile WHERE id = ?",
        (file_id,),
    )
    return dict(zip(["status", "attempts", "started", "pages", "error"], row, strict=True))


def task_statuses(instance, file_id: int) -> list[str]:
    rows = instance.sql(
        "SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = 'archive.tasks.process_evidence_file' ORDER BY enqueued_at"
    )
    return [status for status, args in rows if json.loads(args)["args"] == [file_id]]


def test_a_worker_killed_mid_file_leaves_nothing_stuck_or_doubled(make_instance):
    instance = make_instance(ARCHIVE_PROCESSING_SECONDS=str(LIMIT_SECONDS))
    ids = instance.python(CREATE_SLOW_ITEM)
    file_id, item_id = ids["file"], ids["item"]
    assert file_row(instance, file_id)["status"] == "pending"

    # A worker takes the file; it is killed (no chance to clean up) while reading it.
    worker = instance.start("db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay")
    try:
        wait_for(
            lambda: file_row(instance, file_id)["status"] == "processing", 60, "the worker's take"
        )
        time.sleep(1.5)  # into pdfminer.six's pages
        assert file_row(instance, file_id)["status"] == "processing", "read too fast to kill"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    killed = file_row(instance, file_id)
    assert killed["status"] == "processing" and killed["attempts"] == 1
    assert task_statuses(instance, file_id) == ["RUNNING"]  # the dead worker's task, for ever

    # Too soon to tell a dead worker from a slow one: nothing is touched.
    fresh = instance.manage("requeue_stuck_files")
    assert "Re-queued 0 file(s)" in fresh.stdout
    assert file_row(instance, file_id)["status"] == "processing"

    # Time passes beyond what a live worker could take (3 x the limit): move the take back.
    started = dt.datetime.fromisoformat(killed["started"])
    past = started - dt.timedelta(seconds=STUCK_AFTER_LIMITS * LIMIT_SECONDS + 1)
    instance.execute(
        "UPDATE archive_evidencefile SET processing_started_at = ? WHERE id = ?",
        (past.isoformat(sep=" "), file_id),
    )

    # Another worker starts: it re-queues the stuck file first, then reads it to the end.
    second = instance.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay")
    done = file_row(instance, file_id)
    assert done["status"] == "ready", (done, second.stdout, second.stderr)
    assert done["attempts"] == 2 and done["pages"] == PAGES
    assert task_statuses(instance, file_id) == ["FAILED", "SUCCESSFUL"]
    ((lost,),) = instance.sql(
        "SELECT exception_class_path FROM django_tasks_database_dbtaskresult"
        " WHERE status = 'FAILED' AND task_path = 'archive.tasks.process_evidence_file'"
    )
    assert lost == "archive.services.recovery.WorkerLost"

    # Exactly one set of pages, and exactly one set of index entries.
    numbers = [
        n
        for (n,) in instance.sql(
            "SELECT number FROM archive_pagetext WHERE file_id = ? ORDER BY number", (file_id,)
        )
    ]
    assert numbers == list(range(1, PAGES + 1))
    assert instance.sql("SELECT count(*) FROM search_item WHERE item_id = ?", (item_id,)) == [(1,)]
    assert instance.sql("SELECT count(*) FROM search_item_text WHERE rowid = ?", (item_id,)) == [
        (1,)
    ]
    indexed_pages = instance.sql(
        "SELECT number FROM search_page WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
        page_rowid_range(item_id),
    )
    assert [int(n) for (n,) in indexed_pages] == list(range(1, PAGES + 1))
    assert instance.sql("SELECT number FROM search_page WHERE search_page MATCH 'zq77x'") == [(77,)]


# --- the rules, in process -------------------------------------------------------------------


def stuck(evidence_file: EvidenceFile, *, attempts: int, minutes_ago: float = 60) -> None:
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(
        status="processing",
        processing_attempts=attempts,
        processing_started_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_a_stuck_file_is_queued_again_and_read(evidence_index, work_queue):
    evidence_file = make_file("stuck.pdf", make_pdf(["left half read"]))
    make_item(evidence_index, title="Stuck", files=[evidence_file])
    work_queue()
    stuck(evidence_file, attempts=1)
    PageText.objects.filter(file=evidence_file).delete()

    call_command("requeue_stuck_files")
    evidence_file.refresh_from_db()
    assert evidence_file.status == "pending"
    work_queue()

    evidence_file.refresh_from_db()
    assert evidence_file.status == "ready" and evidence_file.processing_attempts == 2
    assert PageText.objects.filter(file=evidence_file).count() == 1


def test_a_file_that_kills_its_worker_every_time_is_given_up_with_a_message(
    evidence_index, work_queue
):
    evidence_file = make_file("killer.pdf", make_pdf(["kills workers"]))
    work_queue()
    stuck(evidence_file, attempts=3)

    report = files_requeue_stuck()

    evidence_file.refresh_from_db()
    assert report.failed == [evidence_file.pk] and report.requeued == []
    assert evidence_file.status == "failed"
    assert "stopped 3 times" in evidence_file.error
    work_queue()  # nothing was queued for it
    evidence_file.refresh_from_db()
    assert evidence_file.status == "failed"


def test_a_recent_take_is_left_alone(evidence_index, work_queue):
    evidence_file = make_file("slow.pdf", make_pdf(["still being read"]))
    work_queue()
    stuck(evidence_file, attempts=1, minutes_ago=0.1)  # a live worker may still be at it

    assert not files_requeue_stuck()
    evidence_file.refresh_from_db()
    assert evidence_file.status == "processing"


def test_a_pending_file_whose_task_was_lost_is_queued_again(evidence_index, work_queue):
    evidence_file = make_file("lost.pdf", make_pdf(["never queued"]))
    DBTaskResult.objects.all().delete()  # the web process died between commit and enqueue
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert files_requeue_stuck().requeued == [evidence_file.pk]
    assert not files_requeue_stuck()  # queued now: not twice
    work_queue()
    evidence_file.refresh_from_db()
    assert evidence_file.status == "ready"


def test_a_superseded_take_does_not_record_its_result(evidence_index, work_queue):
    evidence_file = make_file("twice.pdf", make_pdf(["read by two workers"]))
    work_queue()
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status="pending")
    first = _claim(evidence_file.pk)
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status="pending")  # re-queued
    second = _claim(evidence_file.pk)
    assert (first, second) == (2, 3)

    late = ProcessResult(status=Status.FAILED, media_type="application/pdf", error="Late.")
    assert not _record_result(evidence_file, late, first)

    evidence_file.refresh_from_db()
    assert evidence_file.status == "processing" and evidence_file.error == ""
    assert PageText.objects.filter(file=evidence_file).count() == 1
