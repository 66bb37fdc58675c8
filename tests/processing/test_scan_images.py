"""A scanned PDF page's one image taken out for OCR instead of rendering the page (pdf.py).

Real PDFium on PDFs Pillow writes; each case checks the pixels OCR is given against the page
PDFium renders, so a wrong orientation, scale or colour would show.
"""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from archive.processing.pdf import _image_for_ocr, _render_for_ocr
from tests.processing import scans


def _page(path: Path, image: Image.Image, resolution: float) -> pdfium.PdfPage:
    image.save(path, "PDF", resolution=resolution)
    return pdfium.PdfDocument(path)[0]


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey-level difference of two images brought to a's size (0 = the same)."""
    return ImageStat.Stat(ImageChops.difference(a, b.resize(a.size))).mean[0]


@pytest.fixture(scope="module")
def scan() -> Image.Image:
    return scans.page_image("en", seed=3)


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_200_dpi_jpeg_scan_is_read_from_its_own_pixels(tmp_path, scan, mode) -> None:
    page = _page(tmp_path / "scan.pdf", scan.convert(mode), 200)  # Pillow writes JPEG (DCT)
    image, dpi = _image_for_ocr(pdfium, page)
    assert (image.mode, image.size, dpi) == ("L", scan.size, 200)
    assert _difference(image, _render_for_ocr(page)) < 4  # the same page as PDFium shows it


def test_a_400_dpi_jpeg_is_decoded_at_half_scale(tmp_path, scan) -> None:
    sharp = scan.resize((scan.width * 2, scan.height * 2)).convert("RGB")
    page = _page(tmp_path / "sharp.pdf", sharp, 400)
    image, dpi = _image_for_ocr(pdfium, page)
    assert (image.size, dpi) == (scan.size, 200)
    assert _difference(image, _render_for_ocr(page)) < 4


def test_a_lossless_scan_is_read_from_its_own_pixels(tmp_path, scan) -> None:
    page = _page(tmp_path / "flate.pdf", scan.convert("1"), 200)  # Pillow writes CCITT/Flate
    image, dpi = _image_for_ocr(pdfium, page)
    assert (image.mode, image.size, dpi) == ("L", scan.size, 200)
    assert _difference(image, _render_for_ocr(page)) < 8


def test_a_coarse_scan_is_rendered_at_ocr_resolution(tmp_path, scan) -> None:
    fax = scan.resize((scan.width // 2, scan.height // 2)).convert("RGB")
    page = _page(tmp_path / "fax.pdf", fax, 100)  # a fax's 100 dpi: Tesseract reads 200 better
    image, dpi = _image_for_ocr(pdfium, page)
    assert (image.size, dpi) == (_render_for_ocr(page).size, 200)


def test_a_rotated_page_is_rendered_as_printed(tmp_path, scan) -> None:
    path = tmp_path / "rotated.pdf"
    _page(path, scan.convert("RGB"), 200)
    pdf = pdfium.PdfDocument(path)
    pdf[0].set_rotation(90)
    pdf.save(tmp_path / "turned.pdf")
    page = pdfium.PdfDocument(tmp_path / "turned.pdf")[0]
    image, _ = _image_for_ocr(pdfium, page)
    assert image.size == _render_for_ocr(page).size
    assert image.width > image.height  # the page as shown: landscape


def test_a_page_of_several_images_is_rendered(tmp_path, scan) -> None:
    # A second image laid over the scan (a stamp, a redaction): the page is what PDFium shows.
    path = tmp_path / "stamped.pdf"
    _page(path, scan.convert("RGB"), 200)
    Image.new("RGB", (100, 100), (200, 0, 0)).save(tmp_path / "stamp.jpg")
    pdf = pdfium.PdfDocument(path)
    page = pdf[0]
    stamp = pdfium.PdfImage.new(pdf)
    stamp.load_jpeg(str(tmp_path / "stamp.jpg"))
    stamp.set_matrix(pdfium.PdfMatrix().scale(100, 100).translate(50, 50))
    page.insert_obj(stamp)
    page.gen_content()
    image, dpi = _image_for_ocr(pdfium, page)
    assert (image.size, dpi) == (_render_for_ocr(page).size, 200)


def test_a_scans_page_images_and_preview_come_from_its_jpeg(tmp_path, scan) -> None:
    import base64
    import io

    from archive.processing.page_images import READING_WIDTH, pixel_size, render, scanned_picture
    from archive.processing.pdf import _render

    page = _page(tmp_path / "scan.pdf", scan.convert("RGB"), 200)
    size = pixel_size(page.get_size(), READING_WIDTH)
    picture = scanned_picture(page, size)
    assert picture is not None and picture.width >= READING_WIDTH  # decoded at half scale
    assert picture.width < scan.width
    shown = page.render(scale=size[0] / page.get_size()[0]).to_pil().convert("RGB")
    for webp in (render(page)[str(READING_WIDTH)], _render(page, READING_WIDTH)):
        image = Image.open(io.BytesIO(base64.b64decode(webp))).convert("RGB")
        assert image.width == READING_WIDTH
        assert _difference(image.convert("L"), shown.convert("L")) < 6  # what PDFium shows
    # Never enlarged: a page image wider than the scan's pixels is PDFium's to render.
    assert scanned_picture(page, (scan.width * 2, scan.height * 2)) is None
