"""Reading a raster image: refuse bombs; a metadata-free preview and public copy; OCR of its pages.

Photos and images of documents (a photographed notice, a scanned form, a multi-page TIFF) go
through the same OCR module as scanned PDFs (archive/processing/ocr.py), inside the same limits.
"""

import base64
import io
import time
import warnings
from typing import TYPE_CHECKING, Any

from archive.processing import sandbox
from archive.processing.limits import Limits
from archive.processing.ocr import (
    DPI,
    IMAGE_WITHOUT_TEXT,
    NOT_REACHED,
    PHOTO_WITHOUT_TEXT,
    QUEUED,
    SCAN_WITHOUT_TEXT,
    TOO_LARGE_FOR_OCR,
    OcrTimeout,
    PageReader,
    ocr_given_up_warning,
    ocr_page_note,
    ocr_queued_warning,
    ocr_warnings,
)
from archive.processing.photo import gps_warning, photo_facts, public_copy
from archive.processing.result import ExtractedPage, ProcessResult, Status, failed
from archive.processing.text_of_record import Candidate, choose, page_list, page_of_record

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


@sandbox.preloads("PIL.Image", "PIL.ImageOps", "PIL.ImageCms", "PIL.WebPImagePlugin", "tesserocr")
def read_image(path: str, limits: Limits) -> dict[str, Any]:
    """Child: check the image; return its preview, the photo facts researchers need, the
    public copy without metadata and OCR of its pages (a TIFF's frames), or a user-facing
    error."""
    from PIL import Image

    started = time.monotonic()
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
        # A TIFF's frames are the pages of a scan; other formats' frames are an animation.
        frames = image.n_frames if image.format == "TIFF" else 1
        if frames > limits.max_pages:
            return {
                "error": f"The TIFF has {frames:,} pages; the limit is {limits.max_pages:,}"
                " (ARCHIVE_MAX_PAGES)."
            }
        facts = photo_facts(image)
        kind = "photo" if image.format in ("JPEG", "MPO") or "device" in facts else "image"
        if frames > 1:
            kind = "scan"
    with Image.open(path) as image:
        preview = encode_preview(image, limits.preview_width)
    with Image.open(path) as image:
        copy, copy_type, copy_note = public_copy(image, frames=frames)
    with Image.open(path) as image:
        # The preview and public copy are this run's work: a first frame OCR has no time
        # left for goes to a later run with the whole limit, not given up.
        pages, unreached, queued, packs = _ocr_frames(
            image, frames, limits, started, moved_on=True, photo=kind == "photo"
        )
    return {
        "preview": preview,
        "photo": facts,
        "kind": kind,
        "public_copy": base64.b64encode(copy).decode("ascii"),
        "public_copy_media_type": copy_type,
        "public_copy_note": copy_note,
        "frames": frames,
        "ocr": pages,
        "unreached": unreached,
        "queued": queued,
        "packs": packs,
    }


@sandbox.preloads("tesserocr", "PIL.Image")
def read_image_ocr(path: str, limits: Limits, first: int = 1, packs: str = "") -> dict[str, Any]:
    """Child: a later OCR run over a multi-page TIFF's frames from `first` on
    (archive/processing/later_ocr.py), as read_with_ocr is for a scanned PDF's pages."""
    from PIL import Image

    started = time.monotonic()
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    with Image.open(path) as image:
        frames = image.n_frames if image.format == "TIFF" else 1
        pages, unreached, queued, packs = _ocr_frames(
            image, min(frames, limits.max_pages), limits, started, first=first, packs=packs
        )
    return {"pages": pages, "unreached": unreached, "queued": queued, "packs": packs}


def _ocr_frames(
    image: "Image.Image",
    frames: int,
    limits: Limits,
    started: float,
    *,
    first: int = 1,
    packs: str = "",
    moved_on: bool = False,
    photo: bool = False,
) -> tuple[dict, list[int], list[int], str]:
    """OCR of each frame from `first` on, in order, until limits.ocr_share of the child's time
    limit (counted from its start) is spent or limits.ocr_pages_per_run frames are read; the
    frames after are left to later runs (queued). A frame that does not fit in a run on its
    own is given up (unreached), as read_with_ocr does a PDF's page. Returns the readings,
    those two lists and the packs the last frame was read with."""
    deadline = started + limits.seconds * limits.ocr_share
    dpi = _dpi(image)
    read: dict[str, Any] = {}
    unreached: list[int] = []
    queued: list[int] = []
    # One for the file: its pages share a script. (A later run reads a TIFF's frames: a scan.)
    reader = PageReader(limits.ocr_languages, photo=photo)
    reader.last = packs  # what the file's earlier run settled on
    budget = limits.ocr_pages_per_run or frames
    for index in range(max(0, first - 1), frames):
        progress = moved_on or bool(read or unreached)  # this run has done something
        if queued or len(read) >= budget or (progress and time.monotonic() > deadline - 1):
            queued.append(index + 1)
            continue
        image.seek(index)
        if image.width * image.height > limits.max_image_pixels:
            read[str(index + 1)] = {"usable": False, "too_large": True}
            continue  # only the first frame was checked for a bomb when the file was opened
        try:
            if time.monotonic() > deadline - 1:
                raise OcrTimeout
            reading = reader.read(image.convert("L"), deadline=deadline, dpi=dpi)
        except OcrTimeout:
            (queued if progress else unreached).append(index + 1)
            continue
        read[str(index + 1)] = reading.as_dict()
    return read, unreached, queued, reader.last


def _dpi(image: "Image.Image") -> int:
    """The resolution the image says it has, if believable; else what a desk scanner uses."""
    try:
        dpi = int(round(float(image.info.get("dpi", (0, 0))[0])))
    except (TypeError, ValueError, IndexError):
        dpi = 0
    return dpi if 70 <= dpi <= 1200 else DPI


BLANK = {"photo": PHOTO_WITHOUT_TEXT, "scan": SCAN_WITHOUT_TEXT, "image": IMAGE_WITHOUT_TEXT}


def process_image(path: str, media_type: str, limits: Limits) -> ProcessResult:
    outcome = sandbox.run(read_image, path, limits)
    if error := outcome.data.get("error"):
        return failed(media_type, error)
    if outcome.failure:
        return failed(
            media_type,
            sandbox.failure_message(outcome, limits, "The image is damaged and could not be read"),
        )
    data = outcome.data
    queued = set(data["queued"])
    pages = [
        _page(number, data["ocr"].get(str(number)), BLANK[data["kind"]], number in queued)
        for number in range(1, data["frames"] + 1)
    ]
    warnings = list(filter(None, [gps_warning(data["photo"])]))
    warnings += too_large_warning(data["ocr"], limits)
    # Which pages OCR read without finding text, which it left to later runs and which it
    # gave up; a single image says it on its page note alone ("a photo; OCR found no text").
    read = {n: r for n, r in data["ocr"].items() if not r.get("too_large")}
    if data["frames"] > 1:
        warnings += ocr_warnings(read, [], limits)
    warnings += ocr_given_up_warning(data["unreached"], limits)
    if data["queued"]:
        warnings.append(ocr_queued_warning(data["queued"]))
    return ProcessResult(
        status=Status.READY if any(p.text for p in pages) else Status.NO_TEXT,
        media_type=media_type,
        page_count=data["frames"],
        pages=pages,
        preview=base64.b64decode(data["preview"]),
        preview_media_type="image/webp",
        warnings=warnings,
        photo=data["photo"],
        public_copy=base64.b64decode(data["public_copy"]),
        public_copy_media_type=data["public_copy_media_type"],
        public_copy_note=data["public_copy_note"],
        ocr_queued=data["queued"],
        ocr_packs=data["packs"],
    )


def too_large_warning(readings: dict[str, dict], limits: Limits) -> list[str]:
    too_large = [int(n) for n, r in readings.items() if r.get("too_large")]
    if not too_large:
        return []
    return [
        f"OCR left out {page_list(too_large)}: larger than the"
        f" {limits.max_image_pixels / 1e6:g} megapixel limit (ARCHIVE_MAX_IMAGE_PIXELS)."
    ]


def _page(number: int, reading: dict | None, blank: str, queued: bool = False) -> ExtractedPage:
    if reading and reading.get("too_large"):
        return ExtractedPage(number, "", "none", 0.0, TOO_LARGE_FOR_OCR)
    if queued:
        return ExtractedPage(number, "", "none", 0.0, QUEUED)
    if not reading:
        return ExtractedPage(number, "", "none", 0.0, NOT_REACHED)
    if not reading["usable"]:
        return ExtractedPage(number, "", "none", 0.0, blank)
    page = page_of_record(
        number, choose([Candidate("ocr", reading["text"], confidence=reading["confidence"])])
    )
    page.note = ocr_page_note(page, reading, blank=blank)
    page.ocr = {k: reading[k] for k in ("size", "words", "languages")}
    return page
