"""The API's OpenAPI document, and checking a response against the schema it declares."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "api" / "openapi.json"
DOCUMENT = json.loads(DOCUMENT_PATH.read_text())
BASE = "urn:evidence-archive:openapi"
# OpenAPI 3.1's schemas are JSON Schema 2020-12: the document is the resource their $refs
# (#/components/schemas/…) point into.
REGISTRY = Registry().with_resource(
    BASE, Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
)


def declared_schema(template: str, status: int) -> dict:
    """The JSON schema the document declares for GET `template` answering `status`."""
    responses = DOCUMENT["paths"][template]["get"]["responses"]
    assert str(status) in responses, f"{template} does not declare a {status}"
    return responses[str(status)]["content"]["application/json"]["schema"]


def assert_conforms(response, template: str) -> dict:
    """The response is JSON and valid against the schema declared for its status; its body."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    schema = {"$ref": f"{BASE}{_pointer(declared_schema(template, response.status_code))}"}
    validator = Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return body


def _pointer(schema: dict) -> str:
    """A declared schema is a $ref into the components, or written in place: point at either."""
    if set(schema) == {"$ref"}:
        return schema["$ref"]
    for template, item in DOCUMENT["paths"].items():
        for status, answer in item["get"]["responses"].items():
            if answer.get("content", {}).get("application/json", {}).get("schema") is schema:
                escaped = template.replace("~", "~0").replace("/", "~1")
                return f"#/paths/{escaped}/get/responses/{status}/content/application~1json/schema"
    raise AssertionError("schema not in the document")
