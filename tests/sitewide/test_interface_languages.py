"""The public interface in the readers' languages (issue 16, item 3): English at today's URLs,
the same pages under /zh-hans/, /zh-hant/, /bo/ and /ug/, machine addresses without a prefix,
<html lang dir>, and a switcher that keeps the page."""

from __future__ import annotations

import datetime
import re

import pytest

from django.utils import translation

from archive.models import Source
from tests.factories import make_file, make_item, make_letter_index, make_pdf

# The worker (work_queue) closes connections between tasks: outside a test transaction, as the
# other tests that read files do (on PostgreSQL a transaction test lost its connection).
pytestmark = pytest.mark.django_db(transaction=True)

PREFIXES = ("zh-hans", "zh-hant", "bo", "ug")
HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\" dir=\"(ltr|rtl)\"")


@pytest.fixture
def item(site_tree, work_queue):
    make_letter_index(site_tree["home"])
    made = make_item(
        site_tree["index"],
        title="Cameras at the monastery",
        summary="A report.",
        language="fr",
        source=Source.objects.create(name="Example Camera Co.", source_type="company"),
        files=[make_file("report.pdf", make_pdf(["The cameras were installed in March."]))],
    )
    work_queue()
    return made


def english_paths(item) -> list[str]:
    with translation.override("en-gb"):  # the test client leaves the last page's language on
        source = item.source.get_absolute_url()
    return [
        "/",
        "/evidence/",
        f"/evidence/{item.reference}/",
        "/search/?q=cameras",
        "/letters/",
        source,
    ]


def test_every_english_address_still_answers_in_english(client, item):
    for path in english_paths(item):
        response = client.get(path)
        assert response.status_code == 200, path
        assert HTML_TAG.search(response.content.decode()).groups() == ("en-gb", "ltr"), path


@pytest.mark.parametrize("code", PREFIXES)
def test_each_language_serves_the_same_pages_under_its_prefix(client, item, code):
    for path in english_paths(item):
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, f"/{code}{path}"
        html = response.content.decode()
        assert HTML_TAG.search(html).groups() == (code, "rtl" if code == "ug" else "ltr")
        assert response["Content-Language"] == code


def test_links_keep_the_language_and_machine_addresses_have_no_prefix(client, item):
    html = client.get(f"/bo/evidence/{item.reference}/").content.decode()
    assert 'href="/bo/search/"' in html and 'href="/bo/evidence/"' in html
    file = item.files[0]
    assert f'href="{file.url}"' in html and file.url.startswith("/files/")
    with translation.override("bo"):
        assert item.url == f"/bo/evidence/{item.reference}/"
        assert file.url.startswith("/files/")
    assert client.get(f"/bo{file.url}").status_code in (200, 404)  # never a 500
    for machine in ("/api/v1/evidence/", "/api/v1/search/?q=cameras", "/sitemap.xml"):
        assert client.get(machine).status_code == 200, machine
    assert client.get("/bo/api/v1/evidence/").status_code == 404
    assert f"/bo/evidence/{item.reference}/" not in client.get("/sitemap.xml").content.decode()


def test_the_switcher_names_this_page_in_every_language(client, item):
    html = client.get(f"/ug/evidence/{item.reference}/?q=cameras").content.decode()
    for code in PREFIXES:
        assert f'href="/{code}/evidence/{item.reference}/?q=cameras" lang="{code}"' in html
    assert f'href="/evidence/{item.reference}/?q=cameras" lang="en-gb"' in html
    assert 'lang="bo" hreflang="bo" dir="ltr">བོད་ཡིག<' in html
    assert 'aria-current="true">ئۇيغۇرچە<' in html


def test_tibetan_is_known_to_django():
    info = translation.get_language_info("bo")
    assert (info["name"], info["name_local"], info["bidi"]) == ("Tibetan", "བོད་ཡིག", False)
    assert translation.get_language_info("ug")["bidi"] is True


def test_an_unknown_prefix_is_a_404_not_a_500(client, item):
    assert client.get(f"/xx/evidence/{item.reference}/").status_code == 404
    assert client.get("/zh-hans/evidence/NOPE-1/").status_code == 404


def test_a_404_names_no_requested_address_in_any_language(client, item):
    """The switcher of a 404 links each language's home: the address asked for (a restricted
    file's name, say) is never echoed back."""
    for prefix in ("", "/bo"):
        html = client.get(f"{prefix}/files/999999/secret-witness-name.pdf").content.decode()
        assert "secret-witness-name" not in html
        assert 'href="/bo/" lang="bo"' in html and 'href="/" lang="en-gb"' in html


@pytest.fixture
def dated(site_tree, work_queue):
    made = make_item(
        site_tree["index"],
        title="Caméras au monastère",
        language="fr",
        published_on=datetime.date(2024, 3, 5),
        date_precision="month",
        files=[make_file("rapport.pdf", make_pdf(["Les caméras", "Deux pages."]))],
    )
    work_queue()
    return made


def test_a_search_result_gives_its_date_in_the_readers_language_and_its_title_its_own(
    client, dated
):
    """The index keeps one English date text; the result shows it in the page's language at
    the item's precision, and the title and snippets carry the item's language."""
    english = client.get("/search/?q=caméras").content.decode()
    assert '<time datetime="2024-03-05">March 2024</time>' in english
    chinese = client.get("/zh-hans/search/?q=caméras").content.decode()
    assert '<time datetime="2024-03-05">2024年3月</time>' in chinese
    assert '<h3 lang="fr" dir="auto"><a href="/zh-hans/evidence/' in chinese
    assert '<span lang="fr" dir="auto">Les <mark>caméras</mark>' in chinese


def test_the_evidence_pages_own_words_are_in_the_readers_language(client, dated):
    """The page sections (built in Python, not a template) and the viewer's later words."""
    html = client.get(f"/bo/evidence/{dated.reference}/").content.decode()
    assert '<h4><a href="#page-2">ཤོག་ངོས་ 2</a></h4>' in html
    assert 'alt="Page 1 as printed"' not in html
    assert 'data-not-on-page="ལུང་འདྲེན་དེ་ཤོག་ངོས་ %(page)s ནང་མེད།"' in html
    assert ">Page 2<" not in html
