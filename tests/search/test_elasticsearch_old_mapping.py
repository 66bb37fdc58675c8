"""An Elasticsearch index built before issue 18 (item terms in `body`, no `pages_terms`) keeps
working after the upgrade, on a real node: found as before, and index updates accepted, until
`rebuild_search_index` gives it the new mapping."""

from __future__ import annotations

import copy

import pytest

from search.engines.base import plain_item_document
from search.engines.elastic import ITEM_TERMS, LEGACY_ITEM_TERMS, MAPPINGS
from search.query import parse_query
from tests.search.conftest import engine_settings

pytestmark = pytest.mark.django_db


def _old_mapping() -> dict:
    mapping = copy.deepcopy(MAPPINGS)
    del mapping["_source"]
    del mapping["properties"][ITEM_TERMS]
    return mapping


def _old_item_actions(index: str, document) -> list[dict]:
    """The document as the engine wrote it before: the item's page terms in `body`."""
    from search.engines.elastic import ElasticsearchEngine

    actions = list(ElasticsearchEngine._actions(index, document))
    source = actions[0]["_source"]
    source["body"] = source.pop(ITEM_TERMS)
    return actions


def test_an_index_from_before_pages_terms_is_searched_and_updated_until_rebuilt():
    from elasticsearch import helpers

    from search.engines.base import SearchRequest

    with engine_settings("elasticsearch") as engine:
        index = f"{engine.alias}-old"
        engine.client.indices.create(index=index, mappings=_old_mapping())
        engine.client.indices.put_alias(index=index, name=engine.alias)
        old = plain_item_document(1, "EV-2026-00001", ["The harbour ledger of the old port."])
        helpers.bulk(engine.client, _old_item_actions(index, old), refresh="wait_for")

        def found(text: str) -> list[str]:
            answer = engine.search(SearchRequest(query=parse_query(text)))
            return [result.reference for result in answer.results]

        assert found("harbour") == ["EV-2026-00001"]
        assert found('"old port"') == ["EV-2026-00001"]
        assert engine._item_terms_field() == LEGACY_ITEM_TERMS

        # An update in the new shape: the strict old mapping has learnt the new field.
        new = plain_item_document(2, "EV-2026-00002", ["A ledger of the new harbour."])
        engine.replace_item(new)
        assert sorted(found("harbour")) == ["EV-2026-00001", "EV-2026-00002"]
        assert found("ledger new") == ["EV-2026-00002"]

        engine.rebuild([old, new])
        assert engine._item_terms_field() == (ITEM_TERMS,)
        assert sorted(found("harbour")) == ["EV-2026-00001", "EV-2026-00002"]
        assert found('"old port"') == ["EV-2026-00001"]
