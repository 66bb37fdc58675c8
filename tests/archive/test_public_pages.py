"""The public site: home, the evidence list, an evidence page with its text by page, sources."""

import pytest

from wagtail.test.utils import WagtailPageTestCase

from archive.models import EvidenceFileLink, EvidenceIndexPage, EvidencePage, Source, Topic
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_evidence_page_shows_metadata_files_and_text_by_page(client, evidence_index, work_queue):
    source = Source.objects.create(name="Watch Group", source_type="ngo", url="https://example.org")
    topic = Topic.objects.create(name="Facial recognition")
    content = make_pdf(["first page words", "second page words"])
    item = make_item(
        evidence_index,
        title="A report",
        summary="What it shows.",
        kind="report",
        source=source,
        authors="A. Author\nB. Author",
        published_on="2023-05-01",
        date_precision="month",
        original_url="https://example.org/report",
        files=[make_file("report.pdf", content)],
    )
    item.topics.add(topic)
    item.save_revision().publish()
    work_queue()

    html = client.get(item.url).content.decode()

    evidence_file = item.files[0]
    evidence_file.refresh_from_db()
    assert item.reference in html
    assert "May 2023" in html
    assert "A. Author; B. Author" in html
    assert "Facial recognition" in html
    assert f'href="/sources/{source.slug}/"' in html
    assert evidence_file.sha256 in html
    assert f"{len(content)} bytes" in html
    assert f'href="{evidence_file.url}"' in html
    # A PDF's first page is shown in the viewer as its page image (the preview is for the rest).
    assert f'src="/files/{evidence_file.pk}/pages/800/1.webp"' in html
    assert f'src="{evidence_file.preview_url}"' not in html
    assert 'id="page-1"' in html and 'id="page-2"' in html
    page_two = html.split('id="page-2"', 1)[1]
    assert "second page words" in page_two


def test_index_lists_newest_first_paginates_and_filters_by_kind(client, evidence_index):
    for n in range(25):
        make_item(evidence_index, title=f"Item {n:02d}", kind="report" if n % 2 else "photo")

    first = client.get("/evidence/").content.decode()
    assert "25 items" in first
    assert first.index("Item 24") < first.index("Item 23")
    assert "Item 00" not in first
    assert "Item 00" in client.get("/evidence/?page=2").content.decode()

    photos = client.get("/evidence/?kind=photo").content.decode()
    assert "13 items" in photos and "Item 01" not in photos
    assert client.get("/evidence/?kind=<script>&page=x").status_code == 200


def test_source_page_lists_its_public_evidence(client, evidence_index):
    source = Source.objects.create(name="Gazette", source_type="news_outlet")
    make_item(evidence_index, title="Visible article", source=source)
    make_item(evidence_index, title="Hidden testimony", source=source, access_level="restricted")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Visible article" in html and "Hidden testimony" not in html


def test_pages_use_only_local_assets(client, evidence_index):
    make_item(evidence_index, title="Local")
    html = client.get("/evidence/").content.decode()
    for attribute in ('src="http', "src='http", 'href="//', '<link rel="stylesheet" href="http'):
        assert attribute not in html


class TestPageTree(WagtailPageTestCase):
    def test_evidence_lives_under_the_index(self):
        self.assertCanCreateAt(EvidenceIndexPage, EvidencePage)
        self.assertCanNotCreateAt(EvidencePage, EvidencePage)


def test_a_preview_shows_the_drafts_files_and_topics_the_live_page_its_own(client, evidence_index):
    live_file = make_file("live.pdf", make_pdf(["live words"]))
    item = make_item(evidence_index, title="A report", files=[live_file])
    item.topics.add(Topic.objects.create(name="Live topic"))
    item.save_revision().publish()
    # A draft with another file and topic: held by the revision, not yet in the tables.
    draft = item.get_latest_revision_as_object()
    draft.file_links = [EvidenceFileLink(file=make_file("draft.pdf", make_pdf(["draft"])))]
    draft.topics = [Topic.objects.create(name="Draft topic")]
    draft.save_revision()

    draft = EvidencePage.objects.get(pk=item.pk).get_latest_revision_as_object()
    preview = draft.make_preview_request().content.decode()
    assert "draft.pdf" in preview and "Draft topic" in preview
    assert "live.pdf" not in preview and "Live topic" not in preview
    live = client.get(item.url).content.decode()
    assert "live.pdf" in live and "Live topic" in live
    assert "draft.pdf" not in live and "Draft topic" not in live
