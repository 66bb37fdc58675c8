"""/api/v1/search/ answers as the OpenAPI document describes it, for a search that finds, one
that finds nothing, an empty one and one with parameters it cannot read; and never names what
the public may not see. What it finds, engine by engine, is tests/search/test_contract.py's."""

from __future__ import annotations

import pytest

from tests.api.conftest import CANARY
from tests.api.openapi import assert_conforms

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/api/v1/search/"


def search(client, params: dict) -> dict:
    response = client.get(SEARCH, params)
    assert response.status_code == 200, response.content[:300]
    return assert_conforms(response, SEARCH)


def test_a_search_that_finds_gives_the_page_and_its_marked_words(client, archive):
    body = search(client, {"q": "prayer hall", "kind": ["report", "photo"]})
    assert body["count"] == 1 and body["pages"] == 1
    (result,) = body["results"]
    assert result["reference"] == archive["report"].reference
    assert result["language"] == "en"  # the item's, which the search index carries
    match = result["matches"][0]
    assert match["page"] == 2 and match["url"].endswith("#page-2")
    marked = [match["text"][a:b].lower() for a, b in match["marks"]]
    assert "prayer" in marked and "hall" in marked
    assert body["facets"]["kind"] == {"report": 1}
    assert body["years"] == {"2024": 1}


def test_nothing_found_an_empty_query_and_unreadable_parameters_still_conform(client, archive):
    assert search(client, {"q": "pelicans"})["count"] == 0
    empty = search(client, {})
    assert (empty["count"], empty["results"], empty["query"]) == (0, [], "")
    odd = search(client, {"q": "cameras", "page": "two", "from": "last spring", "sort": "x"})
    assert odd["page"] == 1
    assert any("last spring" in message for message in odd["messages"])
    unknown = search(client, {"q": "cameras", "within": "EV-0000-0000"})
    assert unknown["count"] == 0 and any("EV-0000-0000" in m for m in unknown["messages"])


def test_what_the_public_may_not_see_is_never_found(client, archive):
    body = search(client, {"q": CANARY})
    assert body["count"] == 0
    assert CANARY not in str(body).replace(body["query"], "")
