"""Every hostile or broken file in ../shared/corpus/bad ends in a terminal status via workers."""

import json
import time

import pytest

from django.core.management import call_command

from archive.choices import TERMINAL_FILE_STATUSES
from archive.models import EvidenceFile, EvidencePage
from tests.factories import make_pdf
from tests.shared_corpus import corpus_dir, manifest

pytestmark = pytest.mark.corpus("bad")

# What a researcher should see for the files whose outcome is not a matter of judgement.
EXPECTED = {
    "gen__control_valid.pdf": "ready",
    "gen__control_valid.png": "no_text",
    "gen__html_with_script_renamed.pdf": "failed",
    "gen__many_pages_50000.pdf": "failed",
    "gen__png_bomb_30000x30000_1bit.png": "failed",
    "gen__zero_pages.pdf": "failed",
    "gen__svg_with_script.svg": "no_text",
    "ingestfile__password-hunter2.pdf": "needs_password",
    "qpdf__bad1.pdf": "failed",
}


def test_every_bad_file_ends_in_a_terminal_status_and_the_workers_survive(tmp_path, shared_index):
    folder = corpus_dir("bad")
    rows = manifest("bad")
    report = tmp_path / "report.json"
    after = tmp_path / "after.pdf"
    after.write_bytes(make_pdf(["the worker is still alive"]))
    paths = [folder / row["file"] for row in rows] + [after]

    started = time.monotonic()
    call_command("import_evidence", *map(str, paths), "--report", str(report), "--workers", "2")
    elapsed = time.monotonic() - started

    entries = {e["path"].rsplit("/", 1)[1]: e for e in json.loads(report.read_text())}
    assert len(entries) == len(paths)
    for row in rows:
        entry = entries[row["file"]]
        assert entry["status"] in TERMINAL_FILE_STATUSES, entry
        assert entry["sha256"] == row["sha256"], entry
        if entry["status"] in {"failed", "needs_password"}:
            assert entry["error"], entry
            assert "Traceback" not in entry["error"]
        if row["file"] in EXPECTED:
            assert entry["status"] == EXPECTED[row["file"]], entry
    assert entries["after.pdf"]["status"] == "ready"
    # Every item and file is intact, whatever its file did.
    assert EvidencePage.objects.count() == len(paths)
    assert EvidenceFile.objects.exclude(status__in=TERMINAL_FILE_STATUSES).count() == 0
    print(f"\n{len(paths)} files ingested in {elapsed:.1f} s")
