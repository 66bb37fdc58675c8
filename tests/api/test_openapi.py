"""The OpenAPI document: a valid OpenAPI 3.1 document, served as kept in the repository, and
describing every route the API has."""

from __future__ import annotations

import json

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from django.urls import get_resolver

from tests.api.openapi import DOCUMENT, DOCUMENT_PATH


def test_the_document_is_valid_openapi_3_1():
    assert DOCUMENT["openapi"].startswith("3.1")
    validate(DOCUMENT, cls=OpenAPIV31SpecValidator)


def test_it_is_served_as_kept(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == json.loads(DOCUMENT_PATH.read_text())


def test_every_route_of_the_api_is_described():
    routes = {
        "/" + str(pattern.pattern).replace("<str:", "{").replace("<id:", "{").replace(">", "}")
        for resolver in get_resolver().url_patterns
        if getattr(resolver, "app_name", None) in ("api", "search")
        for pattern in resolver.url_patterns
        if pattern.name != "not_found"  # the JSON 404 for every other path under /api/v1/
        if str(pattern.pattern).startswith("api/")  # search's own, not its page at /search/
    }
    assert routes == set(DOCUMENT["paths"])


def test_any_other_path_under_the_api_is_a_json_404(client, db):
    for url in (
        "/api/v1/",
        "/api/v1/nothing/here/",
        "/api/v1/evidence/EV-2026-0001/files/x/pages/1/",
        "/api/v1/evidence/EV-2026-0001/files/1/pages/99999999999999999999999/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert json.loads(response.content) == {"error": {"status": 404, "message": "Not found."}}
    # A missing slash is still added, as CommonMiddleware does for the rest of the site.
    response = client.get("/api/v1/evidence?page=2")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/evidence/?page=2")
    assert client.get("/api/v1/search")["Location"] == "/api/v1/search/"
    assert client.get("/api/v1/nothing").status_code == 404
