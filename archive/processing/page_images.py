"""Page images: a PDF's pages as WebP at two widths, rendered by PDFium in the sandbox.

Readers check a claim against the page as printed, so every page of a PDF (and of an office
document's or a scan's PDF) gets a thumbnail and a reading-size image. The first pages are
rendered while the file is read (read_with_pdfium), unless they are scans, which OCR needs the
time for; the rest on first request (render_pages, run
in the same sandbox as every reader: a hostile PDF can crash or stall PDFium there, not the web
process). The images are derived: the original is never touched.
"""

import base64
import io
from collections.abc import Iterable, Sequence
from typing import Any

from archive.processing import sandbox, scan_image
from archive.processing.limits import Limits

THUMBNAIL_WIDTH = 160
READING_WIDTH = 800
WIDTHS = (THUMBNAIL_WIDTH, READING_WIDTH)
EAGER_PAGES = 3  # rendered while the file is read: what a reader sees first
# A page at most this many times as tall as wide: a 100000 pt strip must not become a
# gigapixel bitmap (the same rule as the preview, archive/processing/pdf.py).
MAX_ASPECT = 4


def pixel_size(page_size: Sequence[float], width: int) -> tuple[int, int]:
    """The image's width and height for a page of page_size points rendered at width."""
    page_width, page_height = page_size
    if not (page_width > 0 and page_height > 0):
        return width, round(width * 1.414)  # unknown: an A4 page's proportions
    scale = min(width / page_width, MAX_ASPECT * width / page_height)
    return max(1, round(page_width * scale)), max(1, round(page_height * scale))


def page_sizes(pdf: Any) -> list[list[float]]:
    """Each page's size in points, [width, height] ([0, 0] where PDFium cannot tell)."""
    sizes = []
    for index in range(len(pdf)):
        try:
            width, height = pdf.get_page_size(index)
        except Exception:  # one broken page must not lose the others' sizes
            width = height = 0.0
        sizes.append([round(width, 2), round(height, 2)])
    return sizes


def render(page: Any, widths: Iterable[int] = WIDTHS) -> dict[str, str]:
    """One PDFium page as base64 WebP at each width: rendered once at the widest, the narrower
    ones scaled down from that bitmap (a thumbnail costs a resize, not a second render)."""
    from PIL import Image

    widths = sorted(widths, reverse=True)
    size = page.get_size()
    target = pixel_size(size, widths[0])
    scale = target[0] / size[0] if size[0] > 0 else 1.0
    image = scanned_picture(page, target) or page.render(scale=scale).to_pil().convert("RGB")
    images = {}
    for width in widths:
        # PDFium rounds its bitmap up; the image is exactly the size the page's HTML says.
        if image.size != pixel_size(size, width):
            image = image.resize(pixel_size(size, width), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # method=0: libwebp's least effort: a third less time than the preview's method=2 on a
        # page of text, for a fifth more bytes (bench/pages.py); a page is asked for while the
        # reader waits.
        image.save(buffer, "WEBP", quality=70, method=0)
        images[str(width)] = base64.b64encode(buffer.getvalue()).decode("ascii")
    return images


def scanned_picture(page: Any, size: tuple[int, int]) -> Any | None:
    """A scanned page's own JPEG decoded by libjpeg at the smallest scale that still covers
    size (archive/processing/scan_image.py): a page image of a scan without PDFium decoding
    the whole image and resampling it, about a tenth of the time. None for any other page."""
    import pypdfium2 as pdfium

    try:
        image = scan_image.sole_image(pdfium, page)
        if image is None or not scan_image.is_jpeg(image):
            return None
        scale = scan_image.jpeg_scale(image.get_px_size()[0], size[0])
        picture = scan_image.jpeg_picture(image, "RGB", scale)
    except MemoryError:
        raise
    except Exception:  # a damaged image stream: PDFium's rendering shows what it can
        return None
    if picture is None or picture.width < size[0]:  # never enlarged: PDFium renders that
        return None
    return picture.convert("RGB")


def page_words(pdfium: Any, page: Any) -> list[list]:
    """The page's words with their boxes from PDFium's character boxes, as fractions of the
    page from its top left: [[word, left, top, right, bottom], ...], for marking a quotation
    or a search's words on the image (assets/js/viewer.js)."""
    textpage = page.get_textpage()
    width, height = page.get_size()
    if not (width > 0 and height > 0):
        return []
    words: list[list] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]

    def close() -> None:
        if chars:
            left, bottom, right, top = box
            words.append(
                [
                    "".join(chars),
                    round(left / width, 4),
                    round(1 - top / height, 4),
                    round(right / width, 4),
                    round(1 - bottom / height, 4),
                ]
            )
            chars.clear()

    for index in range(textpage.count_chars()):
        char = chr(pdfium.raw.FPDFText_GetUnicode(textpage.raw, index) or 32)
        if char.isspace() or char == "\x00":
            close()
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if chars:
            box = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
        else:
            box = [left, bottom, right, top]
        chars.append(char)
    close()
    return words


def render_numbers(
    pdfium: Any,
    pdf: Any,
    numbers: Iterable[int],
    *,
    images: bool = True,
    words: bool = True,
    widths: Sequence[int] = WIDTHS,
) -> dict[str, dict]:
    """{page number: {"images": {width: base64 WebP}, "words": page_words}} for the pages
    asked that exist and render (the images, the words or both)."""
    rendered = {}
    for number in numbers:
        if not 1 <= number <= len(pdf):
            continue
        result: dict[str, Any] = {"images": {}}
        try:
            page = pdf[number - 1]
            if images:
                result["images"] = render(page, widths)
        except Exception:  # a page PDFium cannot draw has no image; the others still do
            continue
        if words:
            try:
                result["words"] = page_words(pdfium, page)
            except Exception:  # the image stands without its words
                result["words"] = []
        rendered[str(number)] = result
    return rendered


@sandbox.preloads("pypdfium2", "PIL.Image", "PIL.WebPImagePlugin")
def render_pages(
    path: str,
    limits: Limits,
    *,
    numbers: Sequence[int] = (),
    words: bool = False,
    widths: Sequence[int] = WIDTHS,
) -> dict[str, Any]:
    """Child: the pages asked for (at most 20 a run) as WebP at each of `widths`, or (`words`)
    their words' boxes instead: each is asked for on its own, and a reader waits for the image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    if len(pdf) > limits.max_pages:
        return {"pages": {}}
    asked = list(numbers)[:20]
    widths = [w for w in widths if w in WIDTHS] or list(WIDTHS)
    rendered = render_numbers(pdfium, pdf, asked, images=not words, words=words, widths=widths)
    return {"pages": rendered}


def decode(rendered: dict[str, dict]) -> dict[tuple[int, int | str], Any]:
    """The child's JSON as {(page number, width): WebP bytes} and {(page number, "words"):
    the page's words}."""
    decoded: dict[tuple[int, int | str], Any] = {}
    for number, page in rendered.items():
        for width, data in page["images"].items():
            decoded[int(number), int(width)] = base64.b64decode(data)
        if "words" in page:
            decoded[int(number), "words"] = page["words"]
    return decoded


def render_in_sandbox(
    path: str,
    numbers: Sequence[int],
    limits: Limits,
    *,
    words: bool = False,
    widths: Sequence[int] = WIDTHS,
) -> dict[tuple[int, int | str], Any]:
    """Render the pages at `widths` (or read their words) in a child; {} when the child fails
    (no image, never an exception)."""
    options = {"numbers": list(numbers), "words": words, "widths": list(widths)}
    outcome = sandbox.run(render_pages, path, limits, options=options)
    if outcome.failure:
        return {}
    return decode(outcome.data.get("pages", {}))
