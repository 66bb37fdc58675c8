"""Page images: a PDF's pages as WebP at two widths, rendered by PDFium in the sandbox.

Readers check a claim against the page as printed, so every page of a PDF (and of an office
document's or a scan's PDF) gets a thumbnail and a reading-size image. The first pages are
rendered while the file is read (read_with_pdfium); the rest on first request (render_pages, run
in the same sandbox as every reader: a hostile PDF can crash or stall PDFium there, not the web
process). The images are derived: the original is never touched.
"""

import base64
import io
from collections.abc import Iterable, Sequence
from typing import Any

from archive.processing import sandbox
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
    image = page.render(scale=scale).to_pil().convert("RGB")
    images = {}
    for width in widths:
        # PDFium rounds its bitmap up; the image is exactly the size the page's HTML says.
        if image.size != pixel_size(size, width):
            image = image.resize(pixel_size(size, width), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # method=2: half libwebp's default effort, for 2 % more bytes (as for the preview)
        image.save(buffer, "WEBP", quality=80 if width >= READING_WIDTH else 70, method=2)
        images[str(width)] = base64.b64encode(buffer.getvalue()).decode("ascii")
    return images


def render_numbers(pdf: Any, numbers: Iterable[int]) -> dict[str, dict[str, str]]:
    """{page number: {width: base64 WebP}} for the pages asked that exist and render."""
    rendered = {}
    for number in numbers:
        if not 1 <= number <= len(pdf):
            continue
        try:
            rendered[str(number)] = render(pdf[number - 1])
        except Exception:  # a page PDFium cannot draw has no image; the others still do
            continue
    return rendered


@sandbox.preloads("pypdfium2", "PIL.Image", "PIL.WebPImagePlugin")
def render_pages(path: str, limits: Limits, *, numbers: Sequence[int] = ()) -> dict[str, Any]:
    """Child: the pages asked for (at most 20 a run) as WebP at each of WIDTHS."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    if len(pdf) > limits.max_pages:
        return {"pages": {}}
    return {"pages": render_numbers(pdf, list(numbers)[:20])}


def decode(rendered: dict[str, dict[str, str]]) -> dict[tuple[int, int], bytes]:
    """The child's JSON as {(page number, width): WebP bytes}."""
    return {
        (int(number), int(width)): base64.b64decode(data)
        for number, images in rendered.items()
        for width, data in images.items()
    }


def render_in_sandbox(
    path: str, numbers: Sequence[int], limits: Limits
) -> dict[tuple[int, int], bytes]:
    """Render the pages in a child; {} when the child fails (no image, never an exception)."""
    outcome = sandbox.run(render_pages, path, limits, options={"numbers": list(numbers)})
    if outcome.failure:
        return {}
    return decode(outcome.data.get("pages", {}))
