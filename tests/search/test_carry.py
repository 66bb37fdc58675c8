"""The public search index carried in a backup (search/carry.py): its rows read out and loaded
back give the same answers, on the database the suite runs on (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

import io

import pytest

from django.db import connection

from search.carry import dump_index, load_index, signature
from search.engines import get_engine
from search.engines.base import SearchRequest
from search.query import parse_query
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def found(words: str) -> list[str]:
    answer = get_engine().search(SearchRequest(parse_query(words)))
    return [r.reference for r in answer.results]


def item_texts() -> list[tuple]:
    """SQLite's rows of each item's indexed text (rebuilt from the page rows when loaded)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, title, metadata, body FROM search_item_text ORDER BY rowid")
        return cursor.fetchall()


def test_dumped_rows_loaded_back_answer_as_the_index_did(evidence_index, work_queue):
    pdf = make_file("weir.pdf", make_pdf(["The weir keeper counted 北京市 boats.", "Page two"]))
    item = make_item(evidence_index, title="Weir log", files=[pdf])
    other = make_item(evidence_index, title="Lock keeper's diary", files=[])
    work_queue()
    queries = ["weir", '"weir keeper"', "北京", "keeper", "diary"]
    before = {q: found(q) for q in queries}
    assert before["weir"] == [item.reference] and before["diary"] == [other.reference]
    texts = item_texts()

    dumped = io.StringIO()
    rows = dump_index(dumped.write)
    assert rows >= 4  # two items, their texts, the PDF's two pages
    get_engine().remove_item(item.pk)
    assert found("weir") == []

    assert load_index(io.StringIO(dumped.getvalue())) == rows
    assert {q: found(q) for q in queries} == before
    assert item_texts() == texts  # an item's body, made again from its pages' rows, as indexed
    # Best pages and snippets come from the loaded page rows too.
    hit = get_engine().search(SearchRequest(parse_query("boats"))).results[0]
    assert [m.page for m in hit.matches] == [1] and "<mark>" in hit.matches[0].snippet


def test_rows_are_loaded_only_where_engine_tables_and_analysis_are_the_same(db, monkeypatch):
    from sitewide.backup import search_carried

    here = signature()
    assert here["engine"] == get_engine().name and here["migrations"][0].startswith("0001")
    assert search_carried({"search": {**here, "rows": 3, "sha256": "..."}})
    for key, other in [
        ("engine", "elasticsearch"),
        ("migrations", here["migrations"][:-1]),  # an older search schema
        ("analysis", "0" * 64),
        ("tables", here["tables"][1:]),  # rows of another shape
    ]:
        assert not search_carried({"search": {**here, key: other}}), key
    assert not search_carried({})  # a backup from before the index travelled
    # Any change to the analysis of the probe's scripts changes the signature.
    monkeypatch.setattr("search.carry.index_text", lambda text: text.lower())
    assert signature()["analysis"] != here["analysis"]
