"""Hostile requests on every public route answer with a 4xx or a page, never a 5xx.

The routes come from the URLconf (tests/security/routes.py), so a route added later is
fuzzed without being listed here: each of its groups in turn gets ids at and past the integer
limits, negative and huge numbers, bad slugs, NUL and control characters, unicode, broken
percent-encoding and very long values, the others staying at real values; every route at its
real values then gets odd query strings. Anonymous visitors and a researcher who may see
restricted evidence (whose requests take other paths) each send all of them; the search
routes once more on Elasticsearch.
"""

from __future__ import annotations

import pytest

from django.test import Client

from search.indexing import search_rebuild
from tests.search.conftest import engine_settings
from tests.security.routes import RouteFiller, public_routes

pytestmark = pytest.mark.django_db(transaction=True)

LIMITS = [2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**40]
HOSTILE_VALUES = [
    *(str(n + delta) for n in LIMITS for delta in (-1, 0, 1)),
    "0",
    "-1",
    str(-(2**63) - 1),
    "1e9",
    "0x10",
    "00000000000000000000001",
    "9" * 400,
    "%00",
    "a%00b",
    "%0d%0aSet-Cookie:%20x=1",
    "%09",
    "%7f",
    "%ff",  # not UTF-8
    "%c3%28",  # a broken UTF-8 sequence
    "%",
    "%zz",
    "%2e%2e/%2e%2e/etc/passwd",
    "..",
    "EV-2026-0001%00",
    "ev-2026-0001",
    "EV--1",
    "%E6%B5%8B%E8%AF%95",  # 测试
    "%F0%9F%94%A5",  # an emoji
    "%D9%85%D8%B1%D8%AD%D8%A8%D8%A7",  # Arabic script
    "%E0%BD%96%E0%BD%BC%E0%BD%91",  # Tibetan
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20OR%201=1--",
    "a" * 3000,
    "a/" * 300,
    "%2F",
    "_",
    "-",
]
ODD_QUERIES = [
    "page=0",
    "page=-1",
    f"page={2**63}",
    "page=" + "9" * 100,
    "page=abc",
    "page=1&page=2",
    "q=%00",
    "q=" + "a" * 5000,
    "q=%22unclosed",
    "q=OR%20OR%20-",
    "q=*&kind=%00",
    "kind=nonsense&source=%00&topic=-1&place=99999999999999999999&language=zz",
    f"source={2**63}&topic={2**64}",
    "from=2021-13-45&to=0000",
    "from=99999&to=-1",
    "sort=nonsense",
    "quote=%00",
    "quote=" + "%E6%B5%8B" * 500,
    "%ff=%ff",
    "q[]=x&q[x]=y",
    "=&&=&",
    "format=json&callback=alert",
]


def requests_for(routes, filler: RouteFiller) -> list[tuple[str, str]]:
    """(method, path) for every route: hostile groups, then odd query strings."""
    planned = []
    for route in routes:
        for _, path in filler.paths_varying(route, HOSTILE_VALUES):
            planned.append(("GET", path))
        for path in filler.good_paths(route):
            planned += [("GET", path), ("HEAD", path), ("POST", path)]
            planned += [("GET", f"{path}?{query}") for query in ODD_QUERIES]
    return planned


def server_errors(client: Client, planned: list[tuple[str, str]]) -> list[str]:
    errors = []
    for method, path in planned:
        try:
            response = getattr(client, method.lower())(path)
            if response.streaming:
                b"".join(response.streaming_content)  # errors raised while streaming count
            status = response.status_code
        except Exception as exc:  # the test client re-raises a view's exception: a 500
            errors.append(f"{method} {path[:200]}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        if status >= 500:
            errors.append(f"{method} {path[:200]}: HTTP {status}")
    return errors


def test_every_public_route_is_walked(route_data):
    """The walk finds the routes this project and Wagtail add, including ones named nowhere
    in this file's data (Wagtail's page tree is a regular expression with a numbered group)."""
    names = {route.name for route in public_routes()}
    for view in (
        "archive.views.serve_file",
        "archive.views.serve_preview",
        "archive.views.serve_page_image",
        "archive.views.serve_page_words",
        "archive.views.source_detail",
        "archive.views.evidence_detail",
        "letters.views.page_evidence_pack",
        "search.views.search_api",
        "wagtail.views.serve",
        "wagtail.contrib.sitemaps.views.sitemap",
    ):
        assert view in names
    assert not any(name.startswith("wagtail.admin") for name in names)


def test_no_public_route_answers_a_hostile_request_with_a_5xx(client, route_data):
    planned = requests_for(public_routes(), RouteFiller(route_data))
    assert len(planned) > 1000
    assert server_errors(client, planned) == []


def test_no_public_route_answers_a_researchers_hostile_request_with_a_5xx(
    route_data, researcher_client
):
    planned = requests_for(public_routes(), RouteFiller(route_data))
    assert server_errors(researcher_client, planned) == []


@pytest.mark.parametrize("engine_name", ["elasticsearch"])
def test_search_routes_on_elasticsearch_answer_hostile_requests(client, route_data, engine_name):
    with engine_settings(engine_name):
        assert search_rebuild() == 1  # the public item, so hostile queries meet real documents
        routes = [r for r in public_routes() if r.name.startswith("search.views")]
        planned = requests_for(routes, RouteFiller(route_data))
        assert server_errors(client, planned) == []
