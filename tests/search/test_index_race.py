"""Restricting an item while another process re-indexes it never leaves it in the index.

The re-indexer (a task worker reading a file again, `reconcile_search_index`, a retry) reads
the item as public, builds its document and writes it; the restricting transaction's own
removal runs on its commit. Each round below starts one re-index in another process at a
random moment around the restricting commit, so that over the rounds the commit lands before,
inside and after the re-indexer's read–build–write, on the real database (a SQLite file or
PostgreSQL) and on a real Elasticsearch node. Afterwards the item must be in no engine's index
and found by no search. Why it holds: docs/decisions/0009-index-writes-race-restriction.md.
"""

from __future__ import annotations

import multiprocessing
import random
import time

import pytest

from django.db import connections

from archive.models import PageText
from archive.services.worker import run_queued_tasks
from search.engines import get_engine
from search.engines.base import SearchRequest
from search.query import parse_query
from tests.conftest import build_site_tree
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 30
WORD = "quarrystone"
# Enough text that building and writing the document takes the re-indexer a while (tens of
# milliseconds), as a real book does: the restricting commit then often lands inside it.
PAGES = 300
RETRIES = 5
PAGE_TEXT = " ".join([f"{WORD} testimony about the cells and the cameras in them"] * 30)


def _sleep_until(instant: float) -> None:
    # CLOCK_MONOTONIC is one clock for every process on the machine.
    while (left := instant - time.monotonic()) > 0:
        time.sleep(min(left, 0.001))


def _reindexer(item_id: int, conn) -> None:
    """The other process: one re-index of the item each time it is told when to start."""
    from search.indexing import search_item_sync

    get_engine.cache_clear()  # its own Elasticsearch client, not a forked copy of ours
    try:
        while (start_at := conn.recv()) is not None:
            _sleep_until(start_at)
            began = time.monotonic()
            for attempt in range(RETRIES):
                try:
                    search_item_sync(item_id)
                    break
                except Exception:  # Elasticsearch slow on a busy machine: retry, as the task does
                    if attempt == RETRIES - 1:
                        raise
            conn.send(time.monotonic() - began)
    finally:
        connections.close_all()


def _findable(engine, item_id: int) -> bool:
    found = engine.search(SearchRequest(query=parse_query(WORD)))
    return item_id in engine.indexed_item_ids() or any(r.item_id == item_id for r in found.results)


def _set_access(item, level: str) -> float:
    """Publish the item with this access level (its index update runs on commit): seconds taken."""
    began = time.monotonic()
    item.access_level = level
    item.save_revision().publish()
    return time.monotonic() - began


def test_restricting_while_another_process_reindexes_never_leaves_the_item_findable(
    shared_db,
    engine,
):
    index = build_site_tree()["index"]
    evidence_file = make_file("long-testimony.pdf", make_pdf(["first page"]))
    # The text as a reader would have stored it: this test is about the index, not reading.
    PageText.objects.bulk_create(
        PageText(file=evidence_file, number=n, text=PAGE_TEXT, extractor="pdfminer")
        for n in range(1, PAGES + 1)
    )
    item = make_item(index, title="Testimony in a long file", files=[evidence_file])
    assert _findable(engine, item.pk)

    connections.close_all()  # the child opens its own connections
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    child = context.Process(target=_reindexer, args=(item.pk, theirs), daemon=True)
    child.start()
    rng = random.Random(11)
    leaked = []
    try:
        # How long each side takes here, so the re-index can be started around the commit.
        ours.send(time.monotonic())
        sync_seconds = ours.recv()
        publish_seconds = _set_access(item, "restricted")
        for round_number in range(ROUNDS):
            _set_access(item, "public")
            assert _findable(engine, item.pk), f"round {round_number}: not indexed when public"
            start = time.monotonic() + 0.05
            # From "the re-index is done before the restriction starts" to "it starts after
            # the restriction's own removal", most of the rounds in between.
            offset = rng.uniform(-1.2 * sync_seconds, 1.2 * publish_seconds)
            ours.send(start + offset)
            _sleep_until(start)
            _set_access(item, "restricted")
            assert ours.poll(60), "the re-indexer did not finish"
            ours.recv()
            run_queued_tasks()  # the retry of an index update that timed out, as a worker would
            if _findable(engine, item.pk):
                leaked.append(round_number)
    finally:
        ours.send(None)
        child.join(30)
        if child.is_alive():
            child.kill()
    assert not leaked, (
        f"restricted item findable after {len(leaked)} of {ROUNDS} rounds: {leaked} "
        f"(re-index {sync_seconds * 1000:.0f} ms, publish {publish_seconds * 1000:.0f} ms)"
    )
