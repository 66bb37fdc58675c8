"""The evidence page's meta tags, as Zotero's Embedded Metadata translator reads them: the item
type (DC.type, and the report institution or journal it types by), people as "Family, Given" and
organisations whole, the abstract, the site's name; the reference never as a report number."""

import re
from datetime import date

import pytest

from archive.choices import EvidenceKind
from archive.models import Source
from letters.exports import CONTAINER_KINDS, REPORT_KINDS
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def _meta(client, item) -> list[tuple[str, str]]:
    response = client.get(f"/evidence/{item.reference}/")
    assert response.status_code == 200
    head = response.content.decode().split("</head>", 1)[0]
    return re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', head)


def test_every_kind_says_its_type_and_keeps_its_source(client, evidence_index):
    source = Source.objects.create(name="Camera Oversight Commissioner", source_type="other")
    for kind in EvidenceKind.values:
        item = make_item(
            evidence_index, title=f"A {kind}", kind=kind, source=source, summary="Line one.\nTwo."
        )
        tags = _meta(client, item)
        names = dict(tags)
        assert names["DC.type"] == {
            "photo": "Image",
            "video": "MovingImage",
            "dataset": "Dataset",
        }.get(kind, "Text")
        assert names["citation_publisher"] == names["DC.publisher"] == source.name
        if kind in REPORT_KINDS:
            assert names["citation_technical_report_institution"] == source.name, kind
        else:
            assert "citation_technical_report_institution" not in names, kind
        assert ("citation_journal_title" in names) == (kind in CONTAINER_KINDS), kind
        assert "citation_technical_report_number" not in names
        assert item.reference not in "".join(
            v for n, v in tags if n != "citation_abstract_html_url"
        )
        assert names["citation_abstract"] == "Line one. Two."
        assert names["og:site_name"]
    assert {"report", "foi_response", "government_document", "corporate_filing"} <= REPORT_KINDS


def test_authors_are_people_or_organisations(client, evidence_index):
    item = make_item(
        evidence_index,
        title="Testimony",
        kind="testimony",
        authors="Đặng, Thị Ngọc Thịnh, family first\nCamera Oversight Commissioner\nDoe, Jane",
    )
    authors = [value for name, value in _meta(client, item) if name == "citation_author"]
    assert authors == ["Đặng, Thị Ngọc Thịnh", "Camera Oversight Commissioner", "Doe, Jane"]
    page = client.get(f"/evidence/{item.reference}/").content.decode()
    # Written in running text as each name is written.
    assert "Đặng Thị Ngọc Thịnh; Camera Oversight Commissioner; Jane Doe" in page


def test_an_organisations_own_report_is_by_it(client, evidence_index):
    source = Source.objects.create(name="Watchful Rights Collective", source_type="ngo")
    item = make_item(
        evidence_index, title="Report", kind="report", source=source, published_on=date(2023, 9, 1)
    )
    tags = _meta(client, item)
    assert ("citation_author", "Watchful Rights Collective") in tags
    assert ("citation_technical_report_institution", "Watchful Rights Collective") in tags
