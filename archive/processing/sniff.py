"""What a file is, decided from its first bytes (never from its name)."""

import mimetypes
import re

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
)
# ISO base media files (MP4, MOV, HEIC) say what they are in the 'ftyp' box's brand.
_FTYP_BRANDS = {
    b"qt  ": "video/quicktime",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"avif": "image/avif",
}
# The WHATWG MIME-sniffing rules for HTML: one of these tags, then a space or '>'.
_HTML = re.compile(
    rb"<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)"
    rb"[ >\t\n\r\x0c]|<!--",
    re.IGNORECASE,
)
# Bytes that never occur in text (WHATWG "binary data bytes").
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Built-in table only: the system's mime.types differs between machines.
_NAMES = mimetypes.MimeTypes()


def sniff_media_type(head: bytes) -> str:
    """Media type of a file from its first ~8 KiB."""
    if not head:
        return "application/x-empty"
    if b"%PDF-" in head[:1024]:  # readers accept junk before the header
        return "application/pdf"
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "video/mp4")
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str:
    if head.startswith((b"\xfe\xff", b"\xff\xfe")):
        return "text/plain"  # UTF-16 with a byte-order mark
    if _BINARY.search(head):
        return "application/octet-stream"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    lower = start[:1024].lower()
    if lower.startswith(b"<svg") or (lower.startswith(b"<?xml") and b"<svg" in lower):
        return "image/svg+xml"
    if _HTML.match(start):
        return "text/html"
    if lower.startswith(b"<?xml"):
        return "application/xml"
    return "text/plain"


def media_type_for_name(name: str) -> str | None:
    """The media type a file name's extension claims, or None."""
    return _NAMES.guess_type(name, strict=False)[0]


LABELS = {
    "application/pdf": "a PDF",
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "image/tiff": "a TIFF image",
    "image/svg+xml": "an SVG image",
    "image/heic": "a HEIC image",
    "image/heif": "a HEIF image",
    "image/avif": "an AVIF image",
    "text/html": "HTML",
    "application/xml": "XML",
    "application/zip": "a ZIP archive",
    "video/mp4": "an MP4 video",
    "video/quicktime": "a QuickTime video",
}
