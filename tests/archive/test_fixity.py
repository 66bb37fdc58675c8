"""check_fixity: every original re-hashed against its recorded SHA-256; damage is reported."""

from __future__ import annotations

import json

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_file, make_item, make_pdf, make_png
from tests.object_storage import flip_stored_byte

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_flipped_byte_and_one_missing_file_are_caught(tmp_path, evidence_index, capsys):
    intact = make_file("intact.pdf", make_pdf(["left alone"]))
    flipped = make_file("flipped.pdf", make_pdf(["one bit rots"]))
    missing = make_file("missing.png", make_png())
    item = make_item(evidence_index, title="Held", files=[flipped])
    report = tmp_path / "fixity.json"

    call_command("check_fixity", "--report", str(report))
    clean = json.loads(report.read_text())
    assert clean["ok"] and clean["checked"] == 3 and clean["problems"] == []

    flip_stored_byte(flipped.file)  # on disk, or in the bucket with boto3 (make test-postgres)
    missing.file.storage.delete(missing.file.name)
    with pytest.raises(CommandError, match="3 original"):
        call_command("check_fixity", "--report", str(report))

    result = json.loads(report.read_text())
    assert not result["ok"] and result["checked"] == 3
    problems = {p["file_id"]: p for p in result["problems"]}
    assert set(problems) == {flipped.pk, missing.pk}
    assert problems[flipped.pk]["problem"] == "mismatch"
    assert problems[flipped.pk]["recorded_sha256"] == flipped.sha256
    assert problems[flipped.pk]["actual_sha256"] not in ("", flipped.sha256)
    assert problems[flipped.pk]["references"] == [item.reference]
    assert problems[missing.pk]["problem"] == "missing"
    errors = capsys.readouterr().err
    assert f"MISMATCH   file #{flipped.pk}" in errors and item.reference in errors
    assert f"MISSING    file #{missing.pk}" in errors
    assert intact.file.name not in errors
