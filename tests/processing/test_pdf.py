import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from archive.processing import ExtractedPage, Limits, Status, process_file
from archive.processing.pdf import PASSWORD_MESSAGE
from tests.processing import fixtures


def _preview_size(preview: bytes | None) -> tuple[int, int]:
    assert preview is not None
    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "WEBP"
        return image.size


def test_pages_are_numbered_in_order_with_their_text(tmp_path: Path) -> None:
    result = process_file(fixtures.three_page_pdf(tmp_path), name="three.pdf")
    assert (result.status, result.media_type, result.error, result.warnings) == (
        Status.READY,
        "application/pdf",
        "",
        [],
    )
    assert result.page_count == 3
    assert result.pages == [
        ExtractedPage(n, text, "pdfminer") for n, text in enumerate(fixtures.THREE_PAGES, 1)
    ]
    assert result.title == "Three Pages"  # whitespace tidied
    assert result.preview_media_type == "image/webp"
    assert _preview_size(result.preview) == (800, 1132)  # reportlab's A4 at 800 px wide


def test_empty_page_keeps_its_place(tmp_path: Path) -> None:
    result = process_file(fixtures.empty_second_page_pdf(tmp_path))
    assert result.status == Status.READY
    assert [(p.number, p.text, p.extractor) for p in result.pages] == [
        (1, "first page text", "pdfminer"),
        (2, "", "none"),
        (3, "third page text", "pdfminer"),
    ]


def test_blank_pdf_has_no_text(tmp_path: Path) -> None:
    result = process_file(fixtures.write_pdf(tmp_path / "scan.pdf", ["", ""]))
    assert (result.status, result.page_count, result.error) == (Status.NO_TEXT, 2, "")
    assert result.preview is not None


@pytest.mark.parametrize("strength", [40, 128])
def test_password_protected_pdf_needs_password(tmp_path: Path, strength: int) -> None:
    result = process_file(fixtures.password_pdf(tmp_path, strength))
    assert (result.status, result.error, result.pages, result.preview) == (
        Status.NEEDS_PASSWORD,
        PASSWORD_MESSAGE,
        [],
        None,
    )


def test_empty_user_password_is_read(tmp_path: Path) -> None:
    result = process_file(fixtures.owner_password_only_pdf(tmp_path))
    assert result.status == Status.READY
    assert result.pages == [ExtractedPage(1, "readable without a password", "pdfminer")]


def test_truncated_pdf_ends_in_a_terminal_status_that_makes_sense(tmp_path: Path) -> None:
    result = process_file(fixtures.truncated_pdf(tmp_path), name="truncated.pdf")
    if result.status == Status.FAILED:
        assert result.error.startswith("The PDF is damaged and could not be read (")
    else:
        assert result.status == Status.READY
        assert [p.number for p in result.pages] == list(range(1, result.page_count + 1))
        assert all(p.text == f"page {p.number} text" for p in result.pages if p.text)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((100_000, 100_000), (800, 800)),
        ((612, 100_000), (20, 3200)),  # a tall strip: the height is capped at 4x the width
        ((10, 10), (800, 800)),
    ],
)
def test_preview_size_comes_from_the_page_size(
    tmp_path: Path, size: tuple[int, int], expected: tuple[int, int]
) -> None:
    canvas = Canvas(str(tmp_path / "odd.pdf"), pagesize=size)
    canvas.drawString(1, 1, "tiny")
    canvas.save()
    result = process_file(tmp_path / "odd.pdf")
    assert result.status == Status.READY
    assert _preview_size(result.preview) == expected


def test_too_many_pages_fails_before_reading(tmp_path: Path) -> None:
    path = fixtures.write_pdf(tmp_path / "long.pdf", ["x"] * 12)
    result = process_file(path, limits=Limits(max_pages=10))
    assert (result.status, result.error, result.pages) == (
        Status.FAILED,
        "The PDF has 12 pages; the limit is 10 (ARCHIVE_MAX_PAGES).",
        [],
    )


def test_time_limit_stops_every_reader(tmp_path: Path) -> None:
    # Children are forked from warm servers, so a short PDF can be read within 10 ms; these
    # 100 dense pages take PDFium ~0.1 s and pdfminer.six ~2 s: both children are killed.
    path = fixtures.write_pdf(
        tmp_path / "dense.pdf", ["lorem ipsum dolor sit amet"] * 100, lines=50
    )
    started = time.monotonic()
    result = process_file(path, limits=Limits(seconds=0.01))
    assert (result.status, result.error) == (
        Status.FAILED,
        "Reading the file took longer than 0.01 s and was stopped.",
    )
    assert time.monotonic() - started < 5


def test_slow_pdfminer_falls_back_to_pdfium(tmp_path: Path) -> None:
    # Measured: PDFium reads these 500 dense pages in ~0.5 s, pdfminer.six needs ~10 s.
    path = fixtures.write_pdf(
        tmp_path / "dense.pdf", ["lorem ipsum dolor sit amet"] * 500, lines=50
    )
    result = process_file(path, limits=Limits(seconds=3))
    assert (result.status, result.page_count) == (Status.READY, 500)
    assert {p.extractor for p in result.pages} == {"pdfium"}
    assert result.pages[499].text.startswith("lorem ipsum dolor sit amet\n")
    assert result.warnings == [
        "pdfminer.six could not read the file (it took too long); the text comes from PDFium."
    ]


def test_memory_limit_stops_a_flate_bomb(tmp_path: Path) -> None:
    result = process_file(
        fixtures.flate_bomb_pdf(tmp_path, 256), limits=Limits(memory_bytes=128 << 20)
    )
    assert (result.status, result.error) == (
        Status.FAILED,
        (
            "Reading the file needed more than 128 MiB of memory and was stopped"
            " (the file may be a decompression bomb)."
        ),
    )


def test_huge_picture_on_a_page_still_previews_within_memory(tmp_path: Path) -> None:
    # 10000×10000 RGB is 300 MB decoded: PDFium must downsample while rendering, not decode it all.
    result = process_file(
        fixtures.huge_picture_pdf(tmp_path, 10_000), limits=Limits(memory_bytes=256 << 20)
    )
    assert (result.status, result.warnings) == (Status.READY, [])
    assert result.pages == [ExtractedPage(1, "text beside a huge picture", "pdfminer")]
    assert _preview_size(result.preview) == (800, 1036)  # US Letter


def test_package_does_not_import_django() -> None:
    # The readers run in bare child processes: importing Django there would need settings.
    code = "import sys, archive.processing.child; sys.exit('django' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2]).returncode == 0
    )


@pytest.mark.parametrize(
    "placeholder", ["untitled", "Untitled Document", "Microsoft Word - draft3.docx", "scan.pdf"]
)
def test_placeholder_titles_are_ignored(tmp_path, placeholder):
    path = fixtures.write_pdf(tmp_path / "placeholder.pdf", ["some text"], title=placeholder)
    assert process_file(path).title == ""
