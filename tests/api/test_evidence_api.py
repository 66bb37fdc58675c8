"""/api/v1/evidence/: an item's JSON matches what is stored and follows the pages' access rules."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.api.conftest import CANARY
from tests.api.openapi import assert_conforms

pytestmark = pytest.mark.django_db(transaction=True)

ITEM = "/api/v1/evidence/{reference}/"
PAGE = "/api/v1/evidence/{reference}/files/{file}/pages/{page}/"
LIST = "/api/v1/evidence/"


def get(client, url: str, template: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return assert_conforms(response, template)


def stored_bytes(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def test_an_item_as_json_with_its_files_hashed_as_stored(client, archive):
    report = archive["report"]
    body = get(client, f"/api/v1/evidence/{report.reference}/", ITEM)
    assert body["reference"] == report.reference and body["title"] == "Cameras in the Cloisters"
    assert (body["kind"], body["kind_label"]) == ("report", "Report")
    assert (body["published_on"], body["date_precision"]) == ("2024-03-01", "day")
    assert body["url"] == f"http://testserver/evidence/{report.reference}/"
    assert body["authors"] == [
        {
            "type": "person",
            "name": "Jane Doe",
            "family": "Doe",
            "given": "Jane",
            "family_first": False,
        },
        {
            "type": "organisation",
            "name": "Camera Oversight Commissioner",
            "literal": "Camera Oversight Commissioner",
        },
        {
            "type": "person",
            "name": "Đặng Thị Ngọc Thịnh",
            "family": "Đặng",
            "given": "Thị Ngọc Thịnh",
            "family_first": True,
        },
    ]
    assert body["source"]["name"] == "Watchful Rights Collective"
    assert body["source"]["website"] == "https://watchful.example/"
    assert client.get(body["source"]["url"]).status_code == 200

    assert [f["filename"] for f in body["files"]] == ["report.pdf", "annex.pdf"]
    for entry, stored in zip(body["files"], report.files, strict=True):
        stored.refresh_from_db()
        data = stored_bytes(stored.file)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() == stored.sha256
        assert entry["size"] == len(data)
        assert (entry["media_type"], entry["kind_label"]) == ("application/pdf", "PDF")
        assert entry["status"] == "ready" and entry["derivative_of"] is None
        download = client.get(entry["download_url"])
        assert download.status_code == 200
        assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == entry["sha256"]
    first, annex = body["files"]
    assert first["page_count"] == 3 and [p["number"] for p in first["pages"]] == [1, 2, 3]
    assert first["pages"][1]["url"].endswith(f"/evidence/{report.reference}/#page-2")
    assert annex["pages"][0]["url"].endswith("#f2-page-1")  # the anchors of the page itself
    assert all(p["image_url"] is None for p in first["pages"])  # no page images yet

    page = get(client, first["pages"][1]["text_url"], PAGE)
    assert page["text"].strip() == "The cameras in the prayer hall were installed in March."
    assert (page["file"], page["number"], page["url"]) == (1, 2, first["pages"][1]["url"])
    html = client.get(f"/evidence/{report.reference}/").content.decode()
    assert 'id="page-2"' in html and 'id="f2-page-1"' in html
    assert get(client, annex["pages"][0]["text_url"], PAGE)["text"].startswith("Annex")


def test_cited_in_lists_the_published_letter(client, archive):
    report = archive["report"]
    body = get(client, f"/api/v1/evidence/{report.reference}/", ITEM)
    (citing,) = body["cited_in"]
    letter = archive["letter"]
    assert (citing["title"], citing["type"]) == ("Letter to the camera maker", "letter")
    assert citing["api_url"] == f"http://testserver/api/v1/letters/{letter.pk}/"
    letter.unpublish()
    assert get(client, f"/api/v1/evidence/{report.reference}/", ITEM)["cited_in"] == []


def test_an_image_is_described_by_its_public_copy_to_the_public(client, researcher_client, archive):
    photo = archive["photo"]
    stored = photo.files[0]
    stored.refresh_from_db()
    (public,) = get(client, f"/api/v1/evidence/{photo.reference}/", ITEM)["files"]
    assert public["sha256"] == stored.public_copy_sha256 != stored.sha256
    assert public["size"] == len(stored_bytes(stored.public_copy))
    assert public["derivative_of"] == {
        "filename": stored.filename,
        "media_type": "image/jpeg",
        "size": stored.file_size,
        "sha256": stored.sha256,
    }
    download = client.get(public["download_url"])
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == public["sha256"]
    # A researcher downloads the original, so that is what the JSON hashes for them.
    (original,) = get(researcher_client, f"/api/v1/evidence/{photo.reference}/", ITEM)["files"]
    assert original["sha256"] == stored.sha256 and original["derivative_of"] is None


def test_restricted_and_draft_items_are_404_as_an_unknown_reference(client, editor_client, archive):
    for asking in (client, editor_client):
        _not_shown(asking, archive)


def _not_shown(asking, archive):
    unknown = asking.get("/api/v1/evidence/EV-1999-9999/")
    assert unknown.status_code == 404
    assert_conforms(unknown, ITEM)
    for item in (archive["secret"], archive["draft"], archive["later_secret"]):
        for url in (
            f"/api/v1/evidence/{item.reference}/",
            f"/api/v1/evidence/{item.reference.lower()}/files/1/pages/1/",
        ):
            response = asking.get(url)
            assert response.status_code == 404, url
            assert response.content == unknown.content  # not even told apart by the body
    listed = get(asking, LIST, LIST)
    assert CANARY not in json.dumps(listed, ensure_ascii=False)
    assert {r["reference"] for r in listed["results"]} == {
        archive["report"].reference,
        archive["photo"].reference,
    }
    assert get(asking, f"{LIST}?kind=testimony", LIST)["count"] == 0


def test_a_researcher_gets_a_restricted_item_as_the_page_shows_it(researcher_client, archive):
    secret = archive["secret"]
    assert researcher_client.get(f"/evidence/{secret.reference}/").status_code == 200
    body = get(researcher_client, f"/api/v1/evidence/{secret.reference}/", ITEM)
    assert body["access_level"] == "restricted" and CANARY in body["title"]
    page = get(researcher_client, body["files"][0]["pages"][0]["text_url"], PAGE)
    assert CANARY in page["text"]
    listed = get(researcher_client, f"{LIST}?kind=testimony", LIST)
    assert {r["reference"] for r in listed["results"]} == {
        secret.reference,
        archive["later_secret"].reference,
    }
    # A draft is never shown, not even to a researcher (nor is it on the pages).
    draft = archive["draft"]
    assert researcher_client.get(f"/api/v1/evidence/{draft.reference}/").status_code == 404


MALFORMED = [
    ("/api/v1/evidence/EV%00-1/", ITEM, 404),
    ("/api/v1/evidence/" + "A" * 300 + "/", ITEM, 404),
    ("/api/v1/evidence/{ref}/files/3/pages/1/", PAGE, 404),
    ("/api/v1/evidence/{ref}/files/1/pages/99/", PAGE, 404),
    ("/api/v1/evidence/{ref}/files/0/pages/1/", PAGE, 404),
    ("/api/v1/evidence/{ref}/files/1/pages/99999999999/", PAGE, 404),
    ("/api/v1/evidence/?page=0", LIST, 400),
    ("/api/v1/evidence/?page=abc", LIST, 400),
    ("/api/v1/evidence/?page=99999999999999999999", LIST, 400),
    ("/api/v1/evidence/?page=%00", LIST, 400),
    ("/api/v1/evidence/?page=2", LIST, 404),
    ("/api/v1/evidence/?kind=nonsense", LIST, 400),
]


def test_malformed_requests_get_a_json_answer(client, researcher_client, archive):
    for asking in (client, researcher_client):
        for url, template, status in MALFORMED:
            response = asking.get(url.format(ref=archive["report"].reference))
            assert response.status_code == status, url
            assert assert_conforms(response, template)["error"]["status"] == status


def test_only_get_and_head(client, archive):
    url = f"/api/v1/evidence/{archive['report'].reference}/"
    assert client.head(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["error"]["status"] == 405


def test_cache_headers_like_the_public_pages(client, researcher_client, archive):
    report = archive["report"]
    page = client.get(f"/evidence/{report.reference}/")
    for asking in (client, researcher_client):
        for url in (f"/api/v1/evidence/{report.reference}/", LIST, "/api/v1/letters/"):
            response = asking.get(url)
            assert response["Cache-Control"] == page["Cache-Control"] == "private, no-cache"


def test_a_kept_response_is_not_served_once_the_item_is_restricted(client, archive):
    """The public cache keeps an anonymous answer; restricting the item retires it."""
    report = archive["report"]
    url = f"/api/v1/evidence/{report.reference}/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept
    report.access_level = "restricted"
    report.save_revision().publish()
    assert client.get(url).status_code == 404
    assert report.reference not in json.dumps(client.get(LIST).json())
