"""The tests' Elasticsearch node is a real 8.x that the official client indexes into and searches.

Runs against whatever tests/elasticsearch_node.py finds (the node `make test` starts); skips
without one, except in CI, where it fails.
"""

from __future__ import annotations

import uuid

import pytest
from elasticsearch import Elasticsearch

from tests.elasticsearch_node import require_elasticsearch

# An analyzer of analysis-common filters (the search engine itself now needs only the built-in
# whitespace analyzer: search/engines/elastic.py): asciifolding and porter_stem
# come from analysis-common in a full distribution, from the test node's own plugin here.
ANALYSIS = {
    "analyzer": {
        "folded_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "porter_stem"],
        }
    }
}
LETTERS = [
    {
        "title": "Letter from the harbour master",
        "body": "The ships were running late, and the Café du Port stayed open all night.",
        "kind": "letter",
    },
    {
        "title": "Customs report",
        "body": "Two ships ran aground; the cargo was counted on the quay.",
        "kind": "report",
    },
]


@pytest.fixture(scope="module")
def es():
    client = Elasticsearch(require_elasticsearch(), request_timeout=30)
    yield client
    client.close()


def test_node_is_elasticsearch_8(es):
    # Not es.info(): GET / belongs to the rest-root module, which the test node does not carry.
    nodes = es.nodes.info(node_id="_local", metric="_none")["nodes"]
    (node,) = nodes.values()
    assert node["version"].startswith("8."), node["version"]
    assert es.cluster.health()["status"] in ("green", "yellow")


def test_index_search_highlight_aggregate_delete(es):
    index = f"test-node-{uuid.uuid4().hex[:12]}"
    es.indices.create(
        index=index,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
        mappings={
            "properties": {
                "title": {"type": "text", "analyzer": "folded_english"},
                "body": {"type": "text", "analyzer": "folded_english"},
                "kind": {"type": "keyword"},
            }
        },
    )
    try:
        for number, letter in enumerate(LETTERS, 1):
            es.index(index=index, id=str(number), document=letter)
        es.indices.refresh(index=index)
        assert es.count(index=index)["count"] == 2

        # "cafe runs" finds "Café ... running": folding and stemming at work.
        answer = es.search(
            index=index,
            query={"match": {"body": {"query": "cafe runs", "operator": "and"}}},
            highlight={"fields": {"body": {}}},
            aggs={"kinds": {"terms": {"field": "kind"}}},
        )
        hits = answer["hits"]["hits"]
        assert [hit["_id"] for hit in hits] == ["1"]
        snippet = " ".join(hits[0]["highlight"]["body"])
        assert "<em>running</em>" in snippet and "<em>Café</em>" in snippet, snippet
        assert answer["aggregations"]["kinds"]["buckets"] == [{"key": "letter", "doc_count": 1}]

        everything = es.search(
            index=index,
            query={"match": {"body": "ship"}},
            aggs={"kinds": {"terms": {"field": "kind"}}},
        )
        assert everything["hits"]["total"]["value"] == 2
        assert {
            b["key"]: b["doc_count"] for b in everything["aggregations"]["kinds"]["buckets"]
        } == {
            "letter": 1,
            "report": 1,
        }
    finally:
        es.indices.delete(index=index, ignore_unavailable=True)
    assert not es.indices.exists(index=index)
