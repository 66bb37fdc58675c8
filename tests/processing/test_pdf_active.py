"""Active content in a PDF (JavaScript, Launch, embedded files) is found and flagged, through
the real sandboxed readers, on PDFs written by hand (tests/processing/active_pdfs.py)."""

from pathlib import Path

import pytest

from archive.processing import Status, process_file
from archive.processing.pdf_active import EMBEDDED, JAVASCRIPT, LAUNCH, WARNING_START
from tests.processing.active_pdfs import active_pdf

EXPECTED = {
    "open_action_js": JAVASCRIPT,
    "names_js": JAVASCRIPT,
    "launch": LAUNCH,
    "embedded_files": EMBEDDED,
    "file_attachment": EMBEDDED,
}


def read(tmp_path: Path, data: bytes):
    path = tmp_path / "statement.pdf"
    path.write_bytes(data)
    return process_file(path, name="statement.pdf")


@pytest.mark.parametrize("kind", EXPECTED)
def test_active_content_is_flagged_and_the_text_still_read(tmp_path, kind):
    result = read(tmp_path, active_pdf(kind))
    assert result.status == Status.READY, result.error
    assert "Statement of the witness" in result.pages[0].text
    flagged = [w for w in result.warnings if w.startswith(WARNING_START)]
    assert len(flagged) == 1, result.warnings
    assert EXPECTED[kind] in flagged[0] and "download" in flagged[0]


def test_javascript_inside_a_compressed_object_stream_is_found(tmp_path):
    data = active_pdf("open_action_js", compressed=True)
    assert b"JavaScript" not in data  # not a byte search: the parser must open the stream
    result = read(tmp_path, data)
    assert result.status == Status.READY, result.error
    assert any(w.startswith(WARNING_START) and JAVASCRIPT in w for w in result.warnings)


@pytest.mark.parametrize("kind", ["none", "usage_rights"])
def test_a_pdf_without_active_content_is_not_flagged(tmp_path, kind):
    result = read(tmp_path, active_pdf(kind))
    assert result.status == Status.READY and result.warnings == []
