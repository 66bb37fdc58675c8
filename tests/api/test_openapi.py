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
        if getattr(resolver, "app_name", None) == "api"
        for pattern in resolver.url_patterns
    }
    assert routes == set(DOCUMENT["paths"])
