"""A photo's metadata for researchers, and its public copy made of pixels only.

A photo taken by a source can give away where the source stood (EXIF GPS), with what device
and when. Researchers need those facts to verify the photo; the public must never get them. So
the reader keeps the facts that matter for verification (`photo_facts`), flags a position, and
makes a public copy (`public_copy`): the pixels turned upright by the EXIF orientation,
converted to sRGB when an ICC profile says otherwise, and written into a new image, which
carries no EXIF, GPS, XMP, IPTC, ICC profile or text chunk of any kind. Pure of Django: runs in
the image reader's sandboxed child (archive/processing/images.py).
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

# EXIF tags (Pillow's ExifTags numbers): the base IFD, the Exif sub-IFD and the GPS IFD.
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_MAKE, _MODEL, _SOFTWARE, _DATETIME = 0x010F, 0x0110, 0x0131, 0x0132
_DATETIME_ORIGINAL, _OFFSET_ORIGINAL, _SERIAL, _LENS = 0x9003, 0x9011, 0xA431, 0xA434
# A public copy larger than this is scaled down: it travels from the sandboxed child as JSON
# (sandbox.MAX_OUTPUT_BYTES, 64 MiB) and is what visitors download.
PUBLIC_COPY_MAX_PIXELS = 40_000_000
# Pillow's multi-page TIFF writer takes quadratic time (20 s for 3,000 pages): a longer scan's
# public copy holds its first pages, and says so.
PUBLIC_COPY_MAX_FRAMES = 300
PUBLIC_COPY_MAX_BYTES = 40 << 20  # 53 MiB once in base64: under the child's 64 MiB of output
# The warning names no coordinates: warnings reach every editor (reports, the import report),
# the position itself only researchers with the restricted permission (photo_metadata).
GPS_WARNING = (
    "The original carries a GPS position{where}: only researchers with the restricted"
    " permission receive the original; the public gets a copy without location or device"
    " metadata. Check that publishing this photo cannot endanger whoever took it."
)


def photo_facts(image: Image.Image) -> dict[str, Any]:
    """What matters for verification: capture time, device, software, GPS as coordinates."""
    exif = image.getexif()
    sub = exif.get_ifd(_EXIF_IFD)
    facts: dict[str, Any] = {}
    taken = _text(sub.get(_DATETIME_ORIGINAL)) or _text(exif.get(_DATETIME))
    if taken:
        offset = _text(sub.get(_OFFSET_ORIGINAL))
        facts["taken"] = f"{taken} {offset}".strip()
    device = " ".join(filter(None, [_text(exif.get(_MAKE)), _text(exif.get(_MODEL))]))
    for key, value in (
        ("device", device),
        ("lens", _text(sub.get(_LENS))),
        ("serial", _text(sub.get(_SERIAL))),
        ("software", _text(exif.get(_SOFTWARE))),
    ):
        if value:
            facts[key] = value
    gps = _coordinates(exif.get_ifd(_GPS_IFD))
    if gps:
        facts["gps"] = gps
    elif _xmp_has_gps(image):
        facts["gps"] = {"source": "XMP"}  # a position in XMP only: flagged, coordinates unread
    return facts


def gps_warning(facts: dict[str, Any]) -> str:
    gps = facts.get("gps")
    if not gps:
        return ""
    return GPS_WARNING.format(where="" if "latitude" in gps else " in its XMP metadata")


def public_copy(image: Image.Image, *, frames: int = 1) -> tuple[bytes, str, str]:
    """The copy the public gets: (bytes, media type, note).

    JPEG originals stay JPEG (no lossless bloat); a multi-page TIFF (a scan) stays a TIFF of
    its pages, up to PUBLIC_COPY_MAX_FRAMES and PUBLIC_COPY_MAX_PIXELS in all; everything else
    becomes PNG (lossless, and every browser shows it). `frames` is the TIFF's page count,
    which the caller has counted (counting walks the whole file). The note says what changed
    beyond the metadata. A copy over PUBLIC_COPY_MAX_BYTES (noise compresses badly) is made
    again at a quarter of the pixels."""
    budget = PUBLIC_COPY_MAX_PIXELS
    while True:
        copy, media_type, note = _public_copy(image, frames, budget)
        if len(copy) <= PUBLIC_COPY_MAX_BYTES or budget < 1_000_000:
            return copy, media_type, note
        budget //= 4


def _public_copy(image: Image.Image, frames: int, budget: int) -> tuple[bytes, str, str]:
    source_format = image.format
    if source_format != "TIFF":
        frames = getattr(image, "n_frames", 1)  # an animation's frames; only the first is kept
    pages, notes = [], []
    for index in range(min(frames, PUBLIC_COPY_MAX_FRAMES) if source_format == "TIFF" else 1):
        image.seek(index)
        if pages and image.width * image.height > budget:
            break  # later pages are left out rather than shrunk to nothing
        page, note = _clean_frame(image, budget)
        budget -= page.width * page.height
        pages.append(page)
        if note:
            notes.append(note)
    if frames > len(pages):
        notes.append(f"{len(pages):,} of {frames:,} frames")
    image.seek(0)
    buffer = io.BytesIO()
    first = pages[0]
    if len(pages) > 1:
        first.save(
            buffer, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate"
        )
        media_type = "image/tiff"
    elif source_format == "JPEG" and first.mode in ("RGB", "L"):
        first.save(buffer, "JPEG", quality=92, optimize=True)
        media_type = "image/jpeg"
    else:
        first.save(buffer, "PNG", compress_level=6)
        media_type = "image/png"
    return buffer.getvalue(), media_type, "; ".join(notes)


def _clean_frame(image: Image.Image, budget: int) -> tuple[Image.Image, str]:
    """The frame upright, in sRGB, as a new image made of its pixels alone (nothing of the
    original's info — EXIF, XMP, IPTC, ICC, text chunks — comes with them)."""
    from PIL import Image, ImageOps

    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    mode = "RGBA" if upright.has_transparency_data else "RGB"
    if upright.mode in ("L", "1") and not icc:
        mode = "L"
    pixels = _srgb(upright, icc, mode)
    note = ""
    if pixels.width * pixels.height > budget:
        factor = (budget / (pixels.width * pixels.height)) ** 0.5
        size = (max(1, int(pixels.width * factor)), max(1, int(pixels.height * factor)))
        note = f"scaled from {pixels.width}×{pixels.height} to {size[0]}×{size[1]}"
        pixels = pixels.resize(size)
    return Image.frombytes(pixels.mode, pixels.size, pixels.tobytes()), note


def _srgb(image: Image.Image, icc: bytes | None, mode: str) -> Image.Image:
    """The pixels in sRGB: dropping an ICC profile without converting would shift colours."""
    if icc and mode != "L":
        try:
            from PIL import ImageCms

            converted = ImageCms.profileToProfile(
                image if image.mode in ("RGB", "RGBA", "CMYK") else image.convert("RGB"),
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: its pixels as they are, the profile still left behind
    return image if image.mode == mode else image.convert(mode)


def _coordinates(gps: dict) -> dict[str, float] | None:
    try:
        latitude = _degrees(gps[2], gps.get(1, "N"), "S")
        longitude = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    found: dict[str, float] = {"latitude": latitude, "longitude": longitude}
    try:
        altitude = float(Fraction(str(gps[6])).limit_denominator()) if 6 in gps else None
    except (TypeError, ValueError, ZeroDivisionError):
        altitude = None
    if altitude is not None:
        found["altitude"] = round(-altitude if gps.get(5) in (1, b"\x01") else altitude, 1)
    return found


def _degrees(dms: Any, ref: Any, negative: str) -> float:
    degrees, minutes, seconds = (float(v) for v in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if not (-180.0 <= value <= 180.0):
        raise ValueError(value)
    return round(-value if _text(ref).upper().startswith(negative) else value, 6)


def _xmp_has_gps(image: Image.Image) -> bool:
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return b"GPSLatitude" in xmp


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).replace("\x00", " ").split()) if value is not None else ""
