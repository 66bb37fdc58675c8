"""Every hostile file in ../shared/corpus/bad ends in its expected status within the limits."""

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from archive.processing import Limits, Status, process_file, sha256_of_stream
from tests.shared_corpus import CORPUS, corpus_problem, in_ci, manifest

# Under CI=true a missing folder fails the run instead (tests/conftest.py).
pytestmark = pytest.mark.corpus("bad")
if corpus_problem("bad") and not in_ci():
    pytest.skip(corpus_problem("bad"), allow_module_level=True)

READY, NO_TEXT, FAILED = Status.READY, Status.NO_TEXT, Status.FAILED
MEMORY = "needed more than 1 GiB of memory"
# file → (statuses it may end in, text its error must contain). Measured with default Limits.
EXPECTED: dict[str, tuple[set[Status], str]] = {
    "gen__control_valid.pdf": ({READY}, ""),
    "gen__control_valid.png": ({NO_TEXT}, ""),
    "gen__flate_bomb_1GiB_content.pdf": ({FAILED}, MEMORY),  # PDFium aborts, pdfminer MemoryError
    "gen__giant_mediabox_100000pt.pdf": ({READY}, ""),
    "gen__html_with_script_renamed.pdf": ({FAILED}, "named .pdf but its content is HTML"),
    "gen__many_pages_50000.pdf": ({FAILED}, "has 50,000 pages; the limit is 5,000"),
    "gen__png_bomb_30000x30000_1bit.png": ({FAILED}, "30000×30000 pixels"),
    "gen__png_ztxt_bomb_256MiB.png": ({FAILED, NO_TEXT}, ""),  # Pillow's MAX_TEXT_CHUNK
    "gen__svg_with_script.svg": ({NO_TEXT}, ""),
    "gen__truncated_half_of_500_pages.pdf": ({FAILED, READY}, ""),  # no trailer: both fail now
    "gen__zero_pages.pdf": ({FAILED}, "The PDF has no pages."),
    "ingestfile__password-hunter2.pdf": ({Status.NEEDS_PASSWORD}, "protected by a password"),
    "pdfjs__ContentStreamCycleType3insideType3.pdf": ({READY}, ""),
    "pdfjs__Pages-tree-refs.pdf": ({READY}, ""),  # pdfminer finds 1 of PDFium's 2 pages
    "pdfjs__REDHAT-1531897-0.pdf": ({FAILED}, "no pages"),  # PDFium refuses, pdfminer finds none
    "pdfjs__attachment.pdf": ({READY}, ""),
    "pdfjs__empty_protected.pdf": ({READY, NO_TEXT}, ""),  # AES-256 R6, empty user password
    "pdfjs__helloworld-bad.pdf": ({READY}, ""),
    "pdfjs__issue15590.pdf": ({NO_TEXT}, ""),  # pdfminer finds no /Root; PDFium: a blank page
    "qpdf__append-xref-loop.pdf": ({READY}, ""),  # pdfminer RecursionError, PDFium's text
    "qpdf__bad1.pdf": ({FAILED}, "is not a PDF (it starts with 'oops')"),
    "qpdf__deep-pages.pdf": ({NO_TEXT}, ""),  # PDFium counts 1 page it cannot load
}


def _check_fixity(folder: Path, row: dict[str, str]) -> Path:
    path = folder / row["file"]
    with path.open("rb") as f:
        assert sha256_of_stream(f) == (row["sha256"], int(row["bytes"])), "corpus file changed"
    return path


def _rows(name: str) -> list[object]:
    if corpus_problem(name):
        return []  # outside CI the test skips; under CI the run fails first (tests/conftest.py)
    return [pytest.param(row, id=row["file"]) for row in manifest(name)]


def test_every_corpus_file_has_an_expectation() -> None:
    assert {row["file"] for row in manifest("bad")} == EXPECTED.keys()


@pytest.mark.parametrize("row", _rows("bad"))
def test_bad_file_ends_in_expected_status(row: dict[str, str]) -> None:
    path = _check_fixity(CORPUS / "bad", row)
    statuses, error_part = EXPECTED[row["file"]]
    started = time.monotonic()
    result = process_file(path, name=row["file"].split("__", 1)[1])
    elapsed = time.monotonic() - started
    assert elapsed < 2 * Limits().seconds + 5  # at most two child runs, each within the limit
    assert result.status in statuses, (result.status, result.error, result.warnings)
    assert error_part in result.error
    assert (result.error == "") == (result.status in {READY, NO_TEXT})
    assert "Traceback" not in result.error and "\n" not in result.error
    assert [p.number for p in result.pages] == list(range(1, result.page_count + 1))
    if result.preview:
        with Image.open(io.BytesIO(result.preview)) as preview:
            assert preview.format == "WEBP" and preview.width <= 800 and preview.height <= 3200


@pytest.mark.corpus("real")
@pytest.mark.parametrize("row", _rows("real"))
def test_real_pdf_is_read(row: dict[str, str]) -> None:
    result = process_file(_check_fixity(CORPUS / "real", row), name=row["file"])
    assert (result.status, result.error) == (READY, "")
    assert result.page_count == len(result.pages) == int(row["pages"])
    assert [p.number for p in result.pages] == list(range(1, result.page_count + 1))
    assert result.preview_media_type == "image/webp"
