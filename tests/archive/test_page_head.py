"""What a page names itself (issue 16, item 4): one site name in the title, and no address
where there is no page (the canonical link on the asked host: tests/security/
test_links_and_redirects.py)."""

import re

import pytest

from tests.factories import make_item

pytestmark = pytest.mark.django_db


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


def test_a_page_without_a_wagtail_page_names_no_address(client, site_tree):
    html = client.get("/search/?q=x").content.decode()
    assert 'rel="canonical"' not in html and 'data-print-url=""' in html
    missing = client.get("/no-such-page/").content.decode()
    assert "no-such-page" not in missing  # a 404 does not echo what was asked
