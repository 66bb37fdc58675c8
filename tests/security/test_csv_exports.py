"""Admin CSV exports hold no cell a spreadsheet would run as a formula (issue 11, row 10)."""

import csv
import io

import pytest

from django.urls import reverse

from archive.csv_exports import csv_cell
from letters.checks import page_citations_check
from tests.factories import cite, claim, make_file, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("https://evil.example.com","open")',
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_a_spreadsheet_would_evaluate_is_made_text(payload):
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Report on cameras", "", "EV-2026-0001", 42, -3, None])
def test_other_cells_are_left_as_they_are(value):
    assert csv_cell(value) == value


def export(admin_client, url: str) -> list[dict[str, str]]:
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def assert_inert(rows: list[dict[str, str]], payloads=PAYLOADS) -> None:
    cells = [cell for row in rows for cell in row.values()]
    for payload in payloads:
        assert "'" + payload in cells, payload
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells


def test_the_evidence_files_report(admin_client, evidence_index):
    for number, payload in enumerate(PAYLOADS):
        make_file(f"f{number}.pdf", f"%PDF-1.4 {number}".encode(), title=payload)
    assert_inert(export(admin_client, reverse("archive_file_report")))


def test_the_citations_report(admin_client, evidence_index, site_tree):
    item = make_item(evidence_index, title="Report")
    letters = make_letter_index(site_tree["home"])
    payloads = [p for p in PAYLOADS if not p[0].isspace()]  # a quotation's blanks are trimmed
    body = [claim("A claim.", cite(item, "1", quotation=payload)) for payload in payloads]
    page_citations_check(page=make_letter(letters, body=body, publish=False))  # as a save does
    assert_inert(export(admin_client, reverse("letters_citation_report")), payloads)


def test_wagtails_own_site_history_report(admin_client, evidence_index):
    payloads = ["=1+1 testimony", "@SUM(2,2)"]
    for payload in payloads:
        make_item(evidence_index, title=payload)
    assert_inert(export(admin_client, reverse("wagtailadmin_reports:site_history")), payloads)
