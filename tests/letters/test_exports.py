"""Citation exports, read back by the parsers reference managers use, and their routes."""

import json
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from archive.models import Source
from letters.exports import KIND_TYPES, bibtex, csl_json, ris
from tests.factories import cite, claim, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db
BASE = "https://archive.example.org"


@pytest.fixture
def report(evidence_index):
    source = Source.objects.create(name="Watchful Rights & Co", source_type="ngo")
    return make_item(
        evidence_index,
        title="Cameras in the Cloisters: 100% {installed} in #14 monasteries",
        kind="report",
        source=source,
        authors="Doe, Jane\nSmith, John\nWitness K (pseudonym)",
        published_on=date(2024, 3, 1),
        date_precision="month",
        retrieved_on=date(2024, 4, 2),
        summary="A field report.\nIn two lines.",
        original_url="https://example.org/report.pdf",
        archived_url="https://example.org/archive/report",
    )


@pytest.fixture
def article(evidence_index):
    source = Source.objects.create(name="The Example Ledger", source_type="news_outlet")
    return make_item(
        evidence_index,
        title="Cameras send data abroad",
        kind="news_article",
        source=source,
        authors="Reporter, Ana",
        published_on=date(2024, 1, 15),
        language="it",
    )


def test_bibtex_is_read_by_bibtexparser(report, article):
    text = bibtex([report, article], base_url=BASE)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    first, second = library.entries
    assert (first.entry_type, first.key) == ("report", report.reference)
    fields = {f.key: f.value for f in first.fields}
    assert fields["title"] == report.title  # its %, braces and # escaped, then decoded
    assert fields["author"] == "Doe, Jane and Smith, John and Witness K (pseudonym)"
    assert fields["institution"] == "Watchful Rights & Co"
    assert (fields["year"], fields["month"], fields["date"]) == ("2024", "mar", "2024-03")
    assert fields["url"] == f"{BASE}/evidence/{report.reference}/"
    assert "number" not in fields and fields["urldate"] == "2024-04-02"
    assert "https://example.org/archive/report" in fields["note"]
    assert (second.entry_type, second.fields_dict["journal"].value) == (
        "article",
        "The Example Ledger",
    )


def test_ris_is_read_by_rispy(report, article):
    entries = rispy.loads(ris([report, article], base_url=BASE))
    assert len(entries) == 2
    first, second = entries
    assert first["type_of_reference"] == "RPRT"
    assert first["title"] == report.title
    assert first["authors"] == ["Doe, Jane", "Smith, John", "Witness K (pseudonym)"]
    assert first["year"] == "2024" and first["date"] == "2024/03/"
    assert first["publisher"] == "Watchful Rights & Co"
    assert first["urls"] == [f"{BASE}/evidence/{report.reference}/"]
    assert first["accession_number"] == report.reference
    assert first["abstract"] == "A field report. In two lines."
    assert second["type_of_reference"] == "MGZN"
    assert second["secondary_title"] == "The Example Ledger"
    assert second["language"] == "it"


def test_csl_json_renders_with_a_real_csl_style(report, article):
    items = json.loads(csl_json([report, article], base_url=BASE))
    assert items[0]["issued"] == {"date-parts": [[2024, 3]]}
    assert items[0]["author"][0] == {"given": "Jane", "family": "Doe"}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    report_entry = next(e for e in rendered if "Cloisters" in e)
    assert report_entry.startswith("Doe, J., Smith, J. and Witness K (pseudonym) (2024)")
    assert "Watchful Rights & Co" in report_entry
    assert f"{BASE}/evidence/{report.reference}/" in report_entry
    article_entry = next(e for e in rendered if "abroad" in e)
    assert "Reporter, A. (2024)" in article_entry and "The Example Ledger" in article_entry


def test_every_kind_has_a_type_in_each_format():
    from archive.choices import EvidenceKind

    assert set(KIND_TYPES) == set(EvidenceKind.values)


def test_evidence_cite_routes_download_each_format(client, report):
    for fmt, content_type in (
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("json", "application/vnd.citationstyles.csl+json"),
    ):
        response = client.get(f"/evidence/{report.reference}/cite.{fmt}")
        assert response.status_code == 200, fmt
        assert response["Content-Type"].startswith(content_type)
        assert f'filename="{report.reference}.{fmt}"' in response["Content-Disposition"]
        assert report.reference in response.content.decode()
    assert client.get(f"/evidence/{report.reference}/cite.pdf").status_code == 404


def test_restricted_cite_routes_are_404_for_the_public(client, evidence_index, django_user_model):
    secret = make_item(evidence_index, title="SECRET", access_level="restricted")
    unpublished = make_item(evidence_index, title="Draft", publish=False)
    for item in (secret, unpublished):
        for fmt in ("bib", "ris", "json"):
            assert client.get(f"/evidence/{item.reference}/cite.{fmt}").status_code == 404
    researcher = django_user_model.objects.create_superuser("r", "r@example.org", "pw")
    client.force_login(researcher)
    response = client.get(f"/evidence/{secret.reference}/cite.bib")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_letters_bibliography_lists_its_public_evidence_once(client, site_tree, report, article):
    letters = make_letter_index(site_tree["home"])
    secret = make_item(site_tree["index"], title="SECRET-ITEM")
    letter = make_letter(
        letters,
        body=[claim("A.", cite(report, "2"), cite(article)), claim("B.", cite(report, "3"))],
        title="Letter",
    )
    letter.body = [claim("A.", cite(report, "2"), cite(article), cite(secret))]
    secret.access_level = "restricted"
    secret.save_revision().publish()
    letter.save_revision()  # a draft only: the live letter is what is exported
    library = bibtexparser.parse_string(client.get(f"{letter.url}cite.bib").content.decode())
    assert [e.key for e in library.entries] == [report.reference, article.reference]
    entries = rispy.loads(client.get(f"{letter.url}cite.ris").content.decode())
    assert [e["accession_number"] for e in entries] == [report.reference, article.reference]
    items = json.loads(client.get(f"{letter.url}cite.json").content)
    assert [i["id"] for i in items] == [report.reference, article.reference]
    assert client.get(f"{letter.url}cite.xml").status_code == 404
    assert client.get("/letters/no-such-letter/cite.bib").status_code == 404
