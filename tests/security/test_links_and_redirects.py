"""Where the site sends people and what it names itself: no open redirect, no localhost:8000."""

import re

import pytest

from django.test import override_settings
from django.urls import reverse

from wagtail.models import Site

from tests.factories import make_file, make_item, make_letter, make_letter_index, make_pdf

pytestmark = pytest.mark.django_db

HOST = "archive.example.org"


@pytest.fixture
def stored_file(evidence_index):
    item = make_item(evidence_index, title="Report", files=[make_file("r.pdf", make_pdf(["x"]))])
    return item.files[0]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/phish",
        "//evil.example.com/phish",
        "/\\evil.example.com",
        "javascript:alert(1)",
        "http://testserver.evil.example.com/",
    ],
)
def test_reprocess_does_not_redirect_off_site(admin_client, stored_file, target):
    url = reverse("archive_reprocess_file", args=[stored_file.pk])
    response = admin_client.post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("archive_file_report")


def test_reprocess_returns_to_the_page_it_came_from(admin_client, stored_file):
    back = reverse("archive_file_report") + "?status=failed&p=2"
    url = reverse("archive_reprocess_file", args=[stored_file.pk])
    response = admin_client.post(url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.fixture
def demo_site(site_tree):
    """The Site record as load_demo and a fresh install leave it."""
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=8000)
    return site_tree


@override_settings(ALLOWED_HOSTS=[HOST])
def test_canonical_link_names_the_host_that_was_asked(client, demo_site, evidence_index):
    item = make_item(evidence_index, title="Report")
    response = client.get(item.url, HTTP_HOST=HOST, secure=True)
    html = response.content.decode()
    assert f'<link rel="canonical" href="https://{HOST}/evidence/{item.reference}/">' in html
    assert "localhost:8000" not in html


@override_settings(ALLOWED_HOSTS=[HOST])
def test_sitemap_names_the_host_that_was_asked(client, demo_site, evidence_index):
    item = make_item(evidence_index, title="Report")
    letter = make_letter(make_letter_index(demo_site["home"]), body=[])
    xml = client.get("/sitemap.xml", HTTP_HOST=HOST, secure=True).content.decode()
    assert f"<loc>https://{HOST}/evidence/{item.reference}/</loc>" in xml
    assert f"<loc>https://{HOST}{letter.url}</loc>" in xml
    assert f"<loc>https://{HOST}/</loc>" in xml
    assert "localhost" not in xml


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


def test_without_a_request_the_site_record_still_answers(demo_site, evidence_index):
    item = make_item(evidence_index, title="Report")
    assert item.full_url == f"http://localhost:8000/evidence/{item.reference}/"
