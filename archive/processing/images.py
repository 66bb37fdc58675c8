"""Reading a raster image: refuse decompression bombs and make a metadata-free WebP preview."""

import base64
import io
import warnings
from typing import TYPE_CHECKING, Any

from archive.processing import sandbox
from archive.processing.limits import Limits
from archive.processing.result import ExtractedPage, ProcessResult, Status, failed

if TYPE_CHECKING:
    from PIL import Image

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"})


def encode_preview(image: "Image.Image", width: int) -> str:
    """Base64 WebP of image at most width wide (and 4x that high), made from its pixels only."""
    from PIL import Image, ImageOps

    image.draft("RGB", (width, 4 * width))  # JPEG decodes at a reduced scale: far less memory
    image = ImageOps.exif_transpose(image)  # show photos upright once EXIF is gone
    mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert(mode)  # palette and 16-bit images shrink badly or not at all
    image.thumbnail((width, 4 * width))
    # A new image from raw pixels carries no EXIF, GPS, XMP, ICC or text chunks.
    clean = Image.frombytes(mode, image.size, image.convert(mode).tobytes())
    buffer = io.BytesIO()
    # method=2: half libwebp's default effort (4), for 2 % more bytes; at 800 px the default
    # took ~80 ms a page, most of what PDFium's child spends on a short PDF.
    clean.save(buffer, "WEBP", quality=80, method=2)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@sandbox.preloads("PIL.Image", "PIL.ImageOps", "PIL.WebPImagePlugin")
def read_image(path: str, limits: Limits) -> dict[str, Any]:
    """Child: check the image and return its preview, or a user-facing error."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    try:
        with Image.open(path) as image:
            image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        Image.MAX_IMAGE_PIXELS = None  # to read the size for the message; nothing is decoded
        with Image.open(path) as image:
            width, height = image.size
        return {
            "error": f"The image is {width}×{height} pixels, larger than the"
            f" {limits.max_image_pixels / 1e6:g} megapixel limit (ARCHIVE_MAX_IMAGE_PIXELS)."
        }
    with Image.open(path) as image:  # verify() leaves the image unusable
        return {"preview": encode_preview(image, limits.preview_width)}


def process_image(path: str, media_type: str, limits: Limits) -> ProcessResult:
    outcome = sandbox.run(read_image, path, limits)
    if error := outcome.data.get("error"):
        return failed(media_type, error)
    if outcome.failure:
        return failed(
            media_type,
            sandbox.failure_message(outcome, limits, "The image is damaged and could not be read"),
        )
    return ProcessResult(
        status=Status.NO_TEXT,  # no OCR yet
        media_type=media_type,
        page_count=1,
        pages=[ExtractedPage(1, "", "none")],
        preview=base64.b64decode(outcome.data["preview"]),
        preview_media_type="image/webp",
    )
