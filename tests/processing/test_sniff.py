import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from archive.processing import Status, media_type_for_name, process_file, sniff_media_type
from tests.processing import fixtures

READY, NO_TEXT, FAILED = Status.READY, Status.NO_TEXT, Status.FAILED


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"", "application/x-empty"),
        (b"%PDF-1.7\n", "application/pdf"),
        (
            b"\x00" * 1000 + b"%PDF-1.4",
            "application/pdf",
        ),  # junk before the header, as readers allow
        (b"\x00" * 1100 + b"%PDF-1.4", "application/octet-stream"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"II*\x00\x08\x00", "image/tiff"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"PK\x03\x04\x14\x00", "application/zip"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", "video/mp4"),
        (b"\xef\xbb\xbf  <!DOCTYPE HTML>\n<html>", "text/html"),
        (b"\n<p>Hello</p>", "text/html"),
        (b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b"<svg onload='alert(1)'>", "image/svg+xml"),
        (b"<?xml version='1.0'?><note/>", "application/xml"),
        ("Zeugenaussage, März 2024\n".encode(), "text/plain"),
        (b"oops\n", "text/plain"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "application/octet-stream"),
    ],
)
def test_sniff_media_type(head: bytes, expected: str) -> None:
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    ("format_", "expected"),
    [
        ("PNG", "image/png"),
        ("JPEG", "image/jpeg"),
        ("GIF", "image/gif"),
        ("WEBP", "image/webp"),
        ("TIFF", "image/tiff"),
    ],
)
def test_sniffs_what_pillow_writes(format_: str, expected: str) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format_)
    assert sniff_media_type(buffer.getvalue()[:8192]) == expected


def test_sniffs_what_reportlab_writes(tmp_path: Path) -> None:
    assert (
        sniff_media_type(fixtures.three_page_pdf(tmp_path).read_bytes()[:8192]) == "application/pdf"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Report.PDF", "application/pdf"),
        ("photo.jpeg", "image/jpeg"),
        ("scan.tif", "image/tiff"),
        ("notes.txt", "text/plain"),
        ("no-extension", None),
    ],
)
def test_media_type_for_name(name: str, expected: str | None) -> None:
    assert media_type_for_name(name) == expected


def test_empty_file_fails(tmp_path: Path) -> None:
    result = process_file(fixtures.empty_file(tmp_path), name="empty.pdf")
    assert (result.status, result.error, result.media_type) == (
        Status.FAILED,
        "The file is empty.",
        "application/x-empty",
    )


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (
            fixtures.html_named_pdf,
            "report.pdf",
            (FAILED, "named .pdf but its content is HTML.", []),
        ),
        (fixtures.html_named_pdf, "photo.PNG", (FAILED, "named .png but its content is HTML.", [])),
        (
            fixtures.oops_pdf,
            "bad.pdf",
            (FAILED, "named .pdf but is not a PDF (it starts with 'oops').", []),
        ),
        (
            fixtures.three_page_pdf,
            "photo.jpg",
            (READY, "", ["named .jpg but its content is a PDF."]),
        ),
        (
            fixtures.gps_jpeg,
            "photo.png",
            (NO_TEXT, "", ["named .png but its content is a JPEG image."]),
        ),
    ],
)
def test_the_content_decides_not_the_name(
    tmp_path: Path, make: Callable[[Path], Path], name: str, expected: tuple
) -> None:
    """A PDF or image name on other content fails; readable content is read, with a warning."""
    status, error, warnings = expected
    result = process_file(make(tmp_path), name=name)
    assert result.status == status
    assert result.error == (error and f"The file is {error}")
    assert result.warnings[: len(warnings)] == [f"The file is {warning}" for warning in warnings]
    # ... then, for the photo, the GPS position its original carries (test_photos.py)
    assert all("GPS position" in warning for warning in result.warnings[len(warnings) :])


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "x.svg",
            "image/svg+xml",
        ),
        # (RTF was here; it is read now, through LibreOffice: tests/processing/test_office.py)
        (b"<?xml version='1.0'?><statement/>", "statement.xml", "application/xml"),
        (b"PK\x05\x06" + bytes(18), "bundle.zip", "application/zip"),
        (b"\x00\x01\x02\x03binary", "", "application/octet-stream"),
    ],
)
def test_unsupported_types_are_kept_but_not_read(
    tmp_path: Path, data: bytes, name: str, media_type: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(data)
    result = process_file(path, name=name)
    assert (result.status, result.media_type, result.page_count, result.pages, result.preview) == (
        Status.NO_TEXT,
        media_type,
        0,
        [],
        None,
    )
    assert result.error == ""
    assert result.warnings == [
        f"Text extraction is not supported for {media_type}; the original is kept as uploaded."
    ]


def test_plain_text_is_one_page(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_bytes("Ich habe gesehen …\nline two\n".encode())
    result = process_file(path, name="statement.txt")
    assert (result.status, result.page_count) == (Status.READY, 1)
    assert result.pages[0].text == "Ich habe gesehen …\nline two"


def test_missing_file_fails_without_raising(tmp_path: Path) -> None:
    result = process_file(tmp_path / "gone.pdf")
    assert result.status == Status.FAILED
    assert result.error == "The file could not be opened (No such file or directory)."
