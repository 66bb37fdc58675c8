"""What a page names itself (issue 16, item 4): one site name in the title, and a canonical link
on the host the reader asked for, or the Site record's without a request."""

import re

import pytest

from django.test import override_settings

from wagtail.models import Site

from tests.factories import make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db

HOST = "archive.example.org"


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_the_home_page_names_the_site_once(client, site_tree):
    assert site_tree["home"].title == "Evidence Archive"
    assert title(client.get("/").content.decode()) == "Evidence Archive"


def test_other_pages_put_their_own_title_first(client, site_tree, evidence_index):
    item = make_item(evidence_index, title="Cameras in the cloister")
    assert (
        title(client.get(item.url).content.decode()) == "Cameras in the cloister — Evidence Archive"
    )
    assert title(client.get("/evidence/").content.decode()) == "Evidence — Evidence Archive"
    assert title(client.get("/search/?q=x").content.decode()) == "Search: x — Evidence Archive"


@pytest.fixture
def demo_site(site_tree):
    """The Site record as load_demo and a fresh install leave it."""
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=8000)
    return site_tree


@override_settings(ALLOWED_HOSTS=[HOST])
def test_every_page_has_one_canonical_link_on_the_asked_host(client, demo_site, evidence_index):
    item = make_item(evidence_index, title="Report")
    letter = make_letter(make_letter_index(demo_site["home"]), body=[])
    for path in ("/", "/evidence/", item.url, letter.url):
        html = client.get(path, HTTP_HOST=HOST, secure=True).content.decode()
        links = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
        assert links == [f"https://{HOST}{path}"], path
        assert "localhost" not in html, path
        # The running head of a printed page names the same address.
        assert f'data-print-url="https://{HOST}{path}"' in html, path


def test_a_page_without_a_wagtail_page_names_no_address(client, site_tree):
    html = client.get("/search/?q=x").content.decode()
    assert 'rel="canonical"' not in html and 'data-print-url=""' in html
    missing = client.get("/no-such-page/").content.decode()
    assert "no-such-page" not in missing  # a 404 does not echo what was asked
