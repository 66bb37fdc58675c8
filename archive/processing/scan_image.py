"""A scanned PDF page's own image: the page is one upright picture, read without rendering.

A scanner writes each page as one image covering the page, most often a JPEG. Rendering such a
page with PDFium decodes the whole image and resamples it; taking the image out is cheaper, and
for a JPEG cheaper still: libjpeg decodes at 1/2, 1/4 or 1/8 scale, and straight to greyscale
for OCR (bench/ocr.py). Anything else (several objects, a rotated or mirrored placement, a
mask, CMYK) is left to PDFium's rendering, which shows the page as printed.
"""

from __future__ import annotations

import io
from typing import Any

# FPDF_COLORSPACE_: device and calibrated grey and RGB, and ICC-based (grey or RGB in a scan)
PLAIN_COLOURS = (1, 2, 4, 5, 7)


def sole_image(pdfium: Any, page: Any) -> Any | None:
    """The page's image object when it is the page's only object, upright and unmirrored,
    covering (almost) the whole of an unrotated page in grey or RGB; else None."""
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    a, b, c, d, _, _ = image.get_matrix().get()
    width, height = page.get_size()
    if b or c or a <= 0 or d <= 0 or page.get_rotation() or width <= 0 or height <= 0:
        return None
    left, bottom, right, top = image.get_bounds()
    if (right - left) * (top - bottom) < 0.9 * width * height:
        return None
    # A stencil mask has no colour space of its own; CMYK and separations need PDFium's colours.
    if image.get_metadata().colorspace not in PLAIN_COLOURS:
        return None
    return image


def is_jpeg(image: Any) -> bool:
    return image.get_filters() == ["DCTDecode"]


def jpeg_picture(image: Any, mode: str, scale: int) -> Any | None:
    """The JPEG image decoded by libjpeg in mode ("L" or "RGB") at 1/scale (1, 2, 4 or 8);
    None when it is not a grey or RGB JPEG after all (an Adobe CMYK one)."""
    from PIL import Image

    width, height = image.get_px_size()
    picture = Image.open(io.BytesIO(bytes(image.get_data(decode_simple=True))))
    if picture.format != "JPEG" or picture.mode not in ("L", "RGB"):
        return None
    picture.draft(mode, (width // scale, height // scale))
    return picture.convert(mode)


def jpeg_scale(pixels: float, at_least: float) -> int:
    """The largest of libjpeg's scales (8, 4, 2, 1) that keeps `at_least` of `pixels`."""
    return next((s for s in (8, 4, 2) if pixels / s >= at_least), 1)
