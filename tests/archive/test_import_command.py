"""manage.py import_evidence: one item per file, read through the worker, a JSON report."""

import hashlib
import json

import pytest

from django.core.management import call_command

from archive.models import EvidencePage
from tests.factories import make_pdf, make_png

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_reports_every_file_and_never_stops_on_a_bad_one(tmp_path, evidence_index):
    good = tmp_path / "field_notes.pdf"
    good.write_bytes(make_pdf(["notes one", "notes two"], title="Field notes from the visit"))
    untitled = tmp_path / "council-minutes.pdf"
    untitled.write_bytes(make_pdf(["minutes"]))
    photo = tmp_path / "photo.png"
    photo.write_bytes(make_png())
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"oops")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.pdf"
    again = tmp_path / "same-bytes.pdf"
    again.write_bytes(good.read_bytes())
    report = tmp_path / "report.json"

    paths = [good, untitled, photo, fake, empty, missing, again]
    call_command("import_evidence", *map(str, paths), "--report", str(report))

    entries = json.loads(report.read_text())
    assert [e["path"] for e in entries] == list(map(str, paths))
    by_name = {e["path"].rsplit("/", 1)[1]: e for e in entries}
    assert set(entries[0]) == {"path", "sha256", "status", "pages", "reference", "error"}

    assert by_name["field_notes.pdf"]["status"] == "ready"
    assert by_name["field_notes.pdf"]["pages"] == 2
    assert by_name["field_notes.pdf"]["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    item = EvidencePage.objects.get(reference=by_name["field_notes.pdf"]["reference"])
    assert item.title == "Field notes from the visit" and item.live
    untitled = EvidencePage.objects.get(reference=by_name["council-minutes.pdf"]["reference"])
    assert untitled.title == "council minutes"  # reportlab's placeholder "untitled" is ignored
    assert by_name["photo.png"]["status"] == "no_text"
    assert by_name["fake.pdf"]["status"] == "failed" and by_name["fake.pdf"]["error"]
    assert by_name["empty.pdf"]["status"] == "failed" and "empty" in by_name["empty.pdf"]["error"]
    assert by_name["missing.pdf"]["status"] == "failed" and by_name["missing.pdf"]["error"]
    assert by_name["same-bytes.pdf"]["status"] == "duplicate"
    assert by_name["same-bytes.pdf"]["reference"] == by_name["field_notes.pdf"]["reference"]


def test_restricted_import(tmp_path, evidence_index, client):
    path = tmp_path / "testimony.pdf"
    path.write_bytes(make_pdf(["a witness speaks"]))
    report = tmp_path / "r.json"
    call_command("import_evidence", str(path), "--access", "restricted", "--report", str(report))
    reference = json.loads(report.read_text())[0]["reference"]
    assert EvidencePage.objects.get(reference=reference).access_level == "restricted"
    assert client.get(f"/evidence/{reference}/").status_code == 404
