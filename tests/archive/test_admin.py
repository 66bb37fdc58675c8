"""The admin: evidence listed with filters, snippets, the file report, page editing."""

import pytest

from django.urls import reverse

from archive.models import Source
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_evidence_listing_filters_by_kind_access_and_file_status(
    admin_client, evidence_index, work_queue
):
    make_item(
        evidence_index,
        title="Readable report",
        kind="report",
        files=[make_file("ok.pdf", make_pdf(["fine"]))],
    )
    make_item(
        evidence_index,
        title="Broken testimony",
        kind="testimony",
        access_level="restricted",
        files=[make_file("bad.pdf", b"oops")],
    )
    work_queue()

    def titles(**params) -> str:
        response = admin_client.get(reverse("evidence:index"), params)
        assert response.status_code == 200
        return response.content.decode()

    everything = titles()
    assert "Readable report" in everything and "Broken testimony" in everything
    reports = titles(kind="report")
    assert "Readable report" in reports and "Broken testimony" not in reports
    restricted = titles(access_level="restricted")
    assert "Broken testimony" in restricted and "Readable report" not in restricted
    failed = titles(file_status="failed")
    assert "Broken testimony" in failed and "Readable report" not in failed


def test_admin_screens_render(admin_client, evidence_index):
    source = Source.objects.create(name="Watch Group", source_type="ngo")
    item = make_item(evidence_index, title="Editable", source=source)
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[item.pk]),
        reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk]),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippets_archive_source:list"),
        reverse("wagtailsnippets_archive_source:edit", args=[source.pk]),
        reverse("archive_file_report"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_reference_is_shown_but_not_editable(admin_client, evidence_index):
    item = make_item(evidence_index, title="Referenced")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])).content.decode()
    assert 'name="reference"' not in html
    assert item.reference in html
