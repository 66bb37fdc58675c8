"""manage.py load_demo: the demo archive is built through the real upload path, read, and safe."""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import time

import pytest
from PIL import Image

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Revision, Site

from archive.choices import AccessLevel, FileStatus
from archive.models import (
    EvidenceFile,
    EvidenceFileLink,
    EvidenceIndexPage,
    EvidencePage,
    HomePage,
    PageText,
    Place,
    Source,
    Topic,
)
from letters.models import LetterIndexPage, LetterPage
from sitewide.demo import content
from sitewide.demo.files import fits_on_one_line
from sitewide.demo.loader import WAGTAIL_WELCOME_TITLE, demo_item_get
from tests.image_metadata import metadata_found
from tests.separate_instance import ROOT

CANARY = "CANARY-RESTRICTED-7f3a"
GPS_IFD = 0x8825


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def wagtail_fresh_install() -> None:
    """The tree Wagtail's migrations leave: root, the "Welcome" page, a default site on port 80.

    A transactional test before this one may have flushed those rows, so make them again.
    """
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_language_variant("en-gb"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    for child in root.get_children():
        child.delete()
    welcome = root.add_child(instance=Page(title=WAGTAIL_WELCOME_TITLE, slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


def snapshot() -> dict[str, object]:
    models = [
        Page,
        EvidencePage,
        EvidenceFile,
        EvidenceFileLink,
        PageText,
        Source,
        Topic,
        Place,
        Revision,
        Site,
        LetterPage,
    ]
    counts: dict[str, object] = {m.__name__: m.objects.count() for m in models}
    counts["sites"] = list(Site.objects.values_list("hostname", "port", "root_page_id"))
    counts["files"] = sorted(
        EvidenceFile.objects.values_list("sha256", "file", "status", "page_count", "processed_at")
    )
    return counts


# Run in a process of its own: the SHA-256 of every demo file, by name.
DEMO_FILE_HASHES = """
import hashlib, json
from sitewide.demo import content
from sitewide.demo.files import file_bytes
print(json.dumps({spec.name: hashlib.sha256(file_bytes(spec)).hexdigest()
                  for item in content.ITEMS for spec in item.files}))
"""


def demo_file_hashes(timezone: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # it would hide dates
    done = subprocess.run(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{DEMO_FILE_HASHES}"],
        cwd=ROOT,
        env={**env, "TZ": timezone, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_demo_files_are_byte_identical_from_run_to_run():
    """Two builds in two processes, in time zones 26 hours apart (so their local dates always
    differ) and in different seconds: a file that carried a creation date or time (reportlab
    without invariant mode writes both, and an /ID made from them), or anything else a process
    seeds afresh, would differ, and the loader could no longer find its own files."""
    first = demo_file_hashes("Etc/GMT+12")  # UTC-12 (POSIX names count the other way)
    second_begins = math.floor(time.time()) + 1
    time.sleep(second_begins - time.time() + 0.05)
    second = demo_file_hashes("Etc/GMT-14")  # UTC+14
    assert len(first) == sum(len(item.files) for item in content.ITEMS) >= 12
    assert second == first


def test_demo_content_is_marked_and_its_quotations_stand_on_their_pages():
    assert len(content.ITEMS) >= 12
    assert len({item.slug for item in content.ITEMS}) == len(content.ITEMS)
    for item in content.ITEMS:
        assert content.DEMO_NOTE in item.summary, item.key
        assert item.original_url.startswith("https://example.org/"), item.key
    for quotation in content.QUOTATIONS:
        first_file = content.item_by_key(quotation.item).files[0]
        page = first_file.pages[quotation.page - 1]
        assert any(p.startswith(quotation.text) for p in page.paragraphs), quotation.key
        assert fits_on_one_line(quotation.text), quotation.key
    assert any(q.page >= 2 for q in content.QUOTATIONS)


@pytest.mark.django_db(transaction=True)
def test_load_demo_builds_a_readable_archive(client):
    output = load_demo()
    assert "Demo content loaded." in output
    assert "Totals: " in output

    home = HomePage.objects.get()
    assert home.title == "Evidence Archive" and "demonstration content" in home.intro
    evidence_index = EvidenceIndexPage.objects.child_of(home).get(slug="evidence")
    letter_index = LetterIndexPage.objects.child_of(home).get(slug="letters")
    assert evidence_index.title == "Evidence" and letter_index.title == "Letters"

    items = EvidencePage.objects.live().child_of(evidence_index)
    assert items.count() >= 12
    assert items.values("kind").distinct().count() >= 6
    assert items.filter(language__in=["fr", "pl"]).exists()
    for item in items.annotate(topic_count=Count("topics"), place_count=Count("places")):
        assert "Demonstration item" in item.summary, item.title
        assert item.source and item.author_list and item.published_on and item.retrieved_on
        assert item.original_url.startswith("https://example.org/")
        assert item.topic_count and item.place_count
        assert item.files, item.title
    assert EvidencePage.objects.count() == items.count()  # all published

    for evidence_file in EvidenceFile.objects.all():
        texts = list(evidence_file.pages.values_list("text", flat=True))
        if evidence_file.media_type == "application/pdf":
            assert evidence_file.status == FileStatus.READY, evidence_file.error
            assert len(texts) == evidence_file.page_count >= 1
            assert all(texts) and len(set(texts)) == len(texts), evidence_file.filename
            assert evidence_file.preview
        elif evidence_file.media_type.startswith("image/"):
            # OCR may read a drawing's caption; either way the image is read, with a preview
            # and a public copy
            assert evidence_file.status in {FileStatus.READY, FileStatus.NO_TEXT}
            assert evidence_file.preview and evidence_file.public_copy
        else:
            assert evidence_file.is_terminal, evidence_file.error
    assert EvidenceFile.objects.filter(media_type="application/pdf", page_count__gte=3).count() >= 5
    assert EvidenceFile.objects.filter(media_type__startswith="image/").count() >= 2

    for quotation in content.QUOTATIONS:
        item = demo_item_get(quotation.item)
        page = PageText.objects.get(file=item.files[0], number=quotation.page)
        assert quotation.text in page.text, (quotation.key, page.text)

    # The photo's original keeps its GPS position; the preview anyone can see carries none.
    photo = EvidenceFile.objects.get(media_type="image/jpeg")
    with photo.file.open("rb") as original:
        assert Image.open(original).getexif().get_ifd(GPS_IFD)
    with photo.preview.open("rb") as preview:
        image = Image.open(preview)
        assert not image.getexif() and "exif" not in image.info
    assert photo.gps_position and "GPS position" in photo.warnings[0]
    public_copy = b"".join(client.get(photo.url).streaming_content)
    assert metadata_found(public_copy) == []

    # The scanned FOI response has no text layer: its text comes from OCR.
    scan = demo_item_get("council_foi_scanned").files[0]
    assert scan.status == FileStatus.READY
    assert set(scan.pages.values_list("extractor", flat=True)) == {"ocr"}
    assert "212 street cameras" in scan.pages.get(number=1).text

    restricted = EvidencePage.objects.get(access_level=AccessLevel.RESTRICTED)
    assert CANARY in restricted.title and CANARY in restricted.summary
    secret_file = restricted.files[0]
    assert CANARY in secret_file.filename
    assert all(CANARY in text for text in secret_file.pages.values_list("text", flat=True))
    assert client.get(f"/evidence/{restricted.reference}/").status_code == 404
    assert client.get(secret_file.url).status_code == 404

    report = demo_item_get("cloisters_report")
    response = client.get(f"/evidence/{report.reference}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="page-2"' in html
    assert "The cameras in the prayer hall were installed in March." in html

    letter = LetterPage.objects.live().child_of(letter_index).get()
    assert "Example Camera Co" in letter.recipient
    letter_html = client.get(letter.url).content.decode()
    cited = set(re.findall(r'href="/evidence/(EV-\d{4}-\d{4})/', letter_html))
    assert len(cited) >= 8
    assert restricted.reference not in cited
    public = items.filter(access_level=AccessLevel.PUBLIC)
    assert cited <= set(public.values_list("reference", flat=True))
    prayer_hall = content.QUOTATIONS[0]
    assert prayer_hall.page == 2
    quote = prayer_hall.text.replace(" ", "+")
    assert f'href="/evidence/{report.reference}/?quote={quote}#page-2"' in letter_html
    # every quotation of the demo letter stands where it is cited
    checks = letter.citation_checks.all()
    assert {c.result for c in checks} <= {"found_on_cited_page", "not_quoted"}
    quoted = sum(p.count("[[quote:") for p in content.LETTER.paragraphs)
    assert checks.filter(result="found_on_cited_page").count() == quoted >= 10

    anonymous = [
        "/",
        "/evidence/",
        "/evidence/?kind=testimony",
        "/letters/",
        letter.url,
        "/sitemap.xml",
        "/search/?q=witness",
        "/search/?q=testimony",
    ]
    anonymous += [item.url for item in public]
    anonymous += [source.get_absolute_url() for source in Source.objects.all()]
    for url in anonymous:
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response) if response.streaming else response.content
        assert CANARY.encode() not in body, url


@pytest.mark.django_db(transaction=True)
def test_load_demo_replaces_wagtails_welcome_page_and_a_second_run_changes_nothing():
    wagtail_fresh_install()

    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 8000)
    assert site.root_page.specific_class is HomePage
    assert not Page.objects.filter(
        title=WAGTAIL_WELCOME_TITLE, content_type=ContentType.objects.get_for_model(Page)
    ).exists()
    before = snapshot()

    output = load_demo()
    assert "Nothing changed" in output
    assert output.count("exists ") >= 12
    assert snapshot() == before
