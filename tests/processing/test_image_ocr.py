"""OCR of images of documents (a photographed notice, a scanned form, a multi-page TIFF), and
the hostile images OCR must survive within the limits."""

import time
from pathlib import Path

from PIL import Image

from archive.processing import Limits, Status, process_file
from archive.processing.ocr import OCR_QUEUED_WARNING
from tests.processing import hostile_images, scans


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_an_image_of_a_document_is_read_by_ocr(tmp_path: Path) -> None:
    path = tmp_path / "notice.png"
    scans.page_image("en").save(path)
    result = process_file(path, name="notice.png")
    assert (result.status, result.error, result.warnings) == (Status.READY, "", [])
    (page,) = result.pages
    assert page.extractor == "ocr" and page.note.startswith("OCR (eng)")
    assert _squeezed(scans.PROBES["en"]) in _squeezed(page.text)
    assert page.ocr["size"] == [1654, 2339] and page.ocr["words"]
    assert result.public_copy_media_type == "image/png"


def test_each_page_of_a_multipage_tiff_scan_is_read_and_kept_in_its_public_copy(
    tmp_path: Path,
) -> None:
    path = tmp_path / "foi-response.tiff"
    pages = [scans.page_image(language, seed=n) for n, language in enumerate(["en", "de"])]
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200))
    result = process_file(path, name="foi-response.tiff")
    assert (result.status, result.page_count) == (Status.READY, 2)
    assert _squeezed(scans.PROBES["en"]) in _squeezed(result.pages[0].text)
    assert _squeezed(scans.PROBES["de"]) in _squeezed(result.pages[1].text)
    assert result.public_copy_media_type == "image/tiff"
    from io import BytesIO

    with Image.open(BytesIO(result.public_copy)) as copy:
        assert copy.n_frames == 2


def test_a_bilevel_group4_tiff_scan_is_read(tmp_path: Path) -> None:
    # What fax machines and archive scanners write (the corpus's UNLV page is one).
    path = tmp_path / "fax.tif"
    scans.page_image("en").convert("1").save(path, compression="group4", dpi=(200, 200))
    result = process_file(path, name="fax.tif")
    assert (result.status, result.error) == (Status.READY, "")
    assert _squeezed(scans.PROBES["en"]) in _squeezed(result.pages[0].text)


def test_a_tiff_of_10000_pages_is_refused_with_a_message(tmp_path: Path) -> None:
    path = hostile_images.many_page_tiff(tmp_path / "pages.tiff", 10_000)
    started = time.monotonic()
    result = process_file(path, name="pages.tiff")
    assert time.monotonic() - started < 60
    assert (result.status, result.error) == (
        Status.FAILED,
        "The TIFF has 10,000 pages; the limit is 5,000 (ARCHIVE_MAX_PAGES).",
    )


def test_a_tiff_of_10000_pages_under_a_higher_page_limit_ends_within_the_time_limit(
    tmp_path: Path,
) -> None:
    path = hostile_images.many_page_tiff(tmp_path / "pages.tiff", 10_000)
    started = time.monotonic()
    result = process_file(path, name="pages.tiff", limits=Limits(seconds=8, max_pages=20_000))
    assert time.monotonic() - started < 8 + 5
    assert (result.status, result.error, result.page_count) == (Status.NO_TEXT, "", 10_000)
    # The frames OCR had no time for are left to later runs, each a bounded task.
    assert result.warnings[-1].endswith(OCR_QUEUED_WARNING) and result.ocr_queued[-1] == 10_000
    assert result.public_copy_note.startswith("300 of 10,000 frames")


def test_an_image_that_decompresses_to_50000_by_50000_is_refused_before_decoding(
    tmp_path: Path,
) -> None:
    # A PNG header claiming 50,000 × 50,000 pixels (7.5 GB decoded) over a few bytes of data.
    path = hostile_images.png_claiming(tmp_path / "bomb.png", 50_000, 50_000)
    started = time.monotonic()
    result = process_file(path, name="bomb.png")
    assert time.monotonic() - started < 10
    assert (result.status, result.error) == (
        Status.FAILED,
        "The image is 50000×50000 pixels, larger than the 100 megapixel limit"
        " (ARCHIVE_MAX_IMAGE_PIXELS).",
    )
    assert result.public_copy is None


def test_a_pdf_of_2000_image_only_pages_ends_within_the_limits_with_a_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scans.pdf"
    page = Image.new("L", (120, 170), 250)
    page.save(path, "PDF", resolution=20, save_all=True, append_images=[page] * 1_999)
    started = time.monotonic()
    result = process_file(path, name="scans.pdf", limits=Limits(seconds=20))
    assert time.monotonic() - started < 3 * 20 + 5  # three children at most, each in its limit
    assert (result.status, result.error, result.page_count) == (Status.NO_TEXT, "", 2_000)
    # The pages OCR did not reach in its time are left to later runs (archive/services/
    # ocr_runs.py), each a bounded task of its own.
    assert result.warnings[-1].endswith(OCR_QUEUED_WARNING) and result.ocr_queued[-1] == 2_000
    assert result.pages[-1].note == "a scanned page OCR has not read yet"
