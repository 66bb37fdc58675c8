"""Nothing whose answer depends on access may be kept by a shared cache (issue 11, row 6).

Once an item is restricted, a proxy's or CDN's copy of its page, file, preview or citation would
go on serving it. Every public route is asked (from the URLconf, tests/security/routes.py) and
every answer must say `private` and `no-cache` or `no-store`.
"""

from __future__ import annotations

import pytest

from archive.choices import AccessLevel
from tests.security.routes import RouteFiller, public_routes

pytestmark = pytest.mark.django_db(transaction=True)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def assert_private(response, where: str) -> None:
    directives = cache_control(response)
    assert "private" in directives, (where, response.get("Cache-Control"))
    assert directives & {"no-cache", "no-store"}, (where, response.get("Cache-Control"))
    assert "public" not in directives and not any(
        d.startswith(("max-age=", "s-maxage=")) and d not in ("max-age=0",) for d in directives
    ), (where, response.get("Cache-Control"))


@pytest.mark.parametrize("who", ["anonymous", "researcher"])
def test_every_public_route_answers_with_private_caching(
    client, researcher_client, route_data, who
):
    asking = researcher_client if who == "researcher" else client
    seen = 0
    for route in public_routes():
        for path in RouteFiller(route_data).good_paths(route):
            response = asking.get(path)
            assert_private(response, path)
            seen += response.status_code == 200
    assert seen >= 15  # files, previews, pages, citations, the pack: not just 404s


def test_a_restricted_file_is_never_stored(researcher_client, sample):
    restricted_file = sample["restricted"].files[0]
    for url in (restricted_file.url, restricted_file.preview_url):
        response = researcher_client.get(url)
        assert response.status_code == 200
        assert cache_control(response) == {"private", "no-store"}
        assert not response.has_header("ETag")


def test_revalidating_a_public_file_checks_access_again(client, sample):
    """A browser that kept a public file asks again with its ETag: a 304 while the item is
    public, the 404 of any unknown file once it is restricted (never the kept copy's 304)."""
    item = sample["public"]
    etags = {}
    for url in (item.files[0].url, item.files[0].preview_url):
        first = client.get(url)
        etags[url] = first["ETag"]
        assert first.status_code == 200 and etags[url]
        again = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert again.status_code == 304 and again["ETag"] == etags[url]
        assert_private(again, url)
    item.access_level = AccessLevel.RESTRICTED
    item.save_revision().publish()
    for url, etag in etags.items():
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
