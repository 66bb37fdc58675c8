"""/api/v1/letters/: a letter's claims and the citations its public page shows, checked."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import CANARY
from tests.api.openapi import assert_conforms

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = "/api/v1/letters/{letter}/"
LIST = "/api/v1/letters/"


def test_a_letter_with_the_citations_its_page_shows(
    client, editor_client, researcher_client, archive
):
    letter, report = archive["letter"], archive["report"]
    html = client.get(letter.url).content.decode()
    for asking in (client, editor_client, researcher_client):
        by_id = asking.get(f"/api/v1/letters/{letter.pk}/")
        by_slug = asking.get("/api/v1/letters/letter-to-the-camera-maker/")
        assert by_id.status_code == by_slug.status_code == 200
        body = assert_conforms(by_id, LETTER)
        assert body == assert_conforms(by_slug, LETTER)
        # The item restricted after publication is left out for everyone, researchers too, as
        # the public letter leaves its footnote out; the others are numbered without a gap.
        assert CANARY not in json.dumps(body, ensure_ascii=False) and CANARY not in html
        assert archive["later_secret"].reference not in json.dumps(body)

    assert (body["title"], body["recipient"], body["date_sent"]) == (
        "Letter to the camera maker",
        "The Managing Director",
        "2024-05-14",
    )
    first, second = body["claims"]
    assert first["text"] == "Cameras were installed in March." and first["needs_evidence"]
    assert second["citations"] == []  # its one citation is of the restricted item
    found, missing = first["citations"]
    assert (found["number"], missing["number"]) == (1, 2)
    assert found["reference"] == missing["reference"] == report.reference
    assert (found["pinpoint"], found["pages"], found["file"]) == ("2", [2, 2], 1)
    assert found["quotation"] == "installed in March"
    assert found["check"] == {
        "result": "found_on_cited_page",
        "label": "Found on the cited page",
        "found_on": {"file": 1, "pages": [2]},
    }
    assert (missing["file"], missing["pinpoint_display"]) == (2, "file 2, p. 1")
    assert missing["check"]["result"] == "not_found" and missing["check"]["found_on"] is None
    # The footnote's own link, to the cited page with the quotation marked.
    assert found["url"].startswith(f"http://testserver/evidence/{report.reference}/?quote=")
    assert found["url"].endswith("#page-2")
    assert client.get(found["api_url"]).status_code == 200


def test_letters_are_listed_and_drafts_never_appear(client, archive, site_tree):
    from tests.factories import make_letter

    letters = archive["letter"].get_parent()
    draft = make_letter(letters, title="Unsent draft", slug="unsent", body=[], publish=False)
    listed = assert_conforms(client.get(LIST), LIST)
    assert [r["title"] for r in listed["results"]] == ["Letter to the camera maker"]
    for url in (f"/api/v1/letters/{draft.pk}/", "/api/v1/letters/unsent/"):
        response = client.get(url)
        assert response.status_code == 404
        assert_conforms(response, LETTER)
    archive["letter"].unpublish()
    assert client.get(f"/api/v1/letters/{archive['letter'].pk}/").status_code == 404
    assert assert_conforms(client.get(LIST), LIST)["count"] == 0


def test_malformed_letter_requests_get_a_json_404_or_400(client, archive):
    evidence_page = archive["report"].pk  # a page, but not a letter
    for url, status in [
        (f"/api/v1/letters/{evidence_page}/", 404),
        ("/api/v1/letters/99999999999999999999/", 404),
        ("/api/v1/letters/%00/", 404),
        ("/api/v1/letters/" + "x" * 300 + "/", 404),
        ("/api/v1/letters/?page=-1", 400),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert_conforms(response, LIST if "?" in url else LETTER)
