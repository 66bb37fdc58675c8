"""The facet counts Elasticsearch is asked for: what each counts is in test_contract.py (on a
real node); here, that counts passing the same filters share one `filter` aggregation and counts
passing none are asked plainly, so a search without filters sends no filter wrappers at all."""

from __future__ import annotations

import datetime as dt

from search.engines.base import FACETS, SearchRequest
from search.engines.elastic import facet_aggs, facet_counts
from search.query import parse_query

COUNTS = {*FACETS, "years"}


def _request(**kwargs) -> SearchRequest:
    return SearchRequest(parse_query("cameras"), **kwargs)


def test_a_search_without_filters_asks_every_count_plainly():
    aggs = facet_aggs(_request())
    assert set(aggs) == COUNTS
    assert not any("filter" in agg for agg in aggs.values())


def test_counts_passing_the_same_filters_share_one_filter():
    aggs = facet_aggs(_request(filters={"kind": ["report"]}))
    # The kind counts pass no filter (their own is left out); every other count passes it.
    assert aggs["kind"] == {"terms": {"field": "kind", "size": 100}}
    (shared,) = (agg for name, agg in aggs.items() if name != "kind")
    assert shared["filter"] == {"bool": {"filter": [{"terms": {"kind": ["report"]}}]}}
    assert set(shared["aggs"]) == COUNTS - {"kind"}


def test_dates_and_two_facets_give_each_its_own_group():
    request = _request(
        filters={"kind": ["report"], "topic": ["detention"]}, date_from=dt.date(2021, 1, 1)
    )
    aggs = facet_aggs(request)
    groups = {frozenset(agg["aggs"]): agg["filter"]["bool"]["filter"] for agg in aggs.values()}
    dated = {"range": {"published_on": {"gte": "2021-01-01"}}}
    kind, topic = {"terms": {"kind": ["report"]}}, {"terms": {"topics": ["detention"]}}
    assert groups == {
        frozenset({"kind"}): [topic, dated],
        frozenset({"topic"}): [kind, dated],
        frozenset({"years"}): [kind, topic],
        frozenset({"source", "place", "language"}): [kind, topic, dated],
    }


def test_the_answer_is_read_back_by_count_name():
    buckets = [{"key": "report", "doc_count": 2}]
    answer = {
        "kind": {"buckets": buckets},
        "filtered-1": {"doc_count": 2, "topic": {"buckets": []}, "years": {"buckets": []}},
    }
    assert facet_counts(answer) == {"kind": buckets, "topic": [], "years": []}
