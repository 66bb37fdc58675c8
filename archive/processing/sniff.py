"""What a file is, decided from its first bytes (never from its name), and for ZIP and OLE
containers from the names of what they hold."""

import mimetypes
import re
import zipfile

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # OLE compound file
    (b"{\\rtf", "application/rtf"),
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


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is mostly NUL (text saved as UTF-16 by
    Windows tools without a byte-order mark), else None."""
    sample = data[:4096]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# An email (RFC 5322) or a web page saved as MHTML: header lines from the first byte, or an
# mbox "From " line first. Two known header names are asked for, so that a text note that
# opens with "Note: ..." stays text.
_HEADER_LINE = re.compile(rb"([!-9;-~]+):")
_MAIL_HEADERS = frozenset(
    b"from to cc subject date received recieved message-id mime-version return-path"
    b" delivered-to reply-to content-type x-mailer sender x-original-to in-reply-to".split()
)


def _sniff_email(head: bytes) -> str | None:
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    known, content_type = 0, b""
    for line in lines[:60]:
        if not line.strip():
            break
        if line[:1] in b" \t":  # a folded header goes on
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            return None
        name = match.group(1).lower()
        known += name in _MAIL_HEADERS
        if name == b"content-type":
            content_type = line.lower()
    if known < 2:
        return None
    if b"multipart/related" in content_type and b"text/html" in head.lower():
        return "multipart/related"  # a web page saved as MHTML
    return "message/rfc822"


def _sniff_text(head: bytes) -> str:
    if head.startswith((b"\xfe\xff", b"\xff\xfe")):  # UTF-16 with a byte-order mark
        start = head[: len(head) // 2 * 2].decode("utf-16", "replace").lstrip().encode()
        return "text/html" if _HTML.match(start) else "text/plain"
    if utf16_without_bom(head):
        return "text/plain"
    if _BINARY.search(head):
        return "application/octet-stream"
    email = _sniff_email(head)
    if email:
        return email
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    lower = start[:1024].lower()
    if lower.startswith(b"<svg") or (lower.startswith(b"<?xml") and b"<svg" in lower):
        return "image/svg+xml"
    if _HTML.match(start):
        return "text/html"
    if lower.startswith(b"<?xml"):
        return "application/xml"
    return "text/plain"


# What OOXML and ODF packages hold, telling them from any other ZIP file.
_OOXML_PARTS = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
_ODF_TYPES = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    }
)
# Stream names at the root of OLE compound files (MS-CFB) that say which program wrote them.
_OLE_STREAMS = (
    ("__substg1.0_", "application/vnd.ms-outlook"),
    ("worddocument", "application/msword"),
    ("workbook", "application/vnd.ms-excel"),
    ("book", "application/vnd.ms-excel"),
    ("powerpoint document", "application/vnd.ms-powerpoint"),
)


def sniff_container(path: str, media_type: str) -> str:
    """A ZIP or OLE file's real type from what it holds; any other type is returned as it is."""
    if media_type == "application/zip":
        return _sniff_zip(path)
    if media_type == "application/x-ole-storage":
        return _sniff_ole(path)
    return media_type


# ODF stores its type first and uncompressed, so the bytes say it even when the ZIP is damaged.
_ODF_MIMETYPE = re.compile(rb"mimetype(application/vnd\.oasis\.opendocument\.[a-z]+)")


def _sniff_zip(path: str) -> str:
    try:
        with open(path, "rb") as f:
            match = _ODF_MIMETYPE.match(f.read(200), 30)  # after the 30-byte local header
        if match and match.group(1).decode() in _ODF_TYPES:
            return match.group(1).decode()
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, media_type in _OOXML_PARTS:
                    if any(n.startswith(prefix) for n in names):
                        return media_type
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        pass
    return "application/zip"


def _sniff_ole(path: str) -> str:
    import olefile  # imported here: only OLE files need it

    try:
        with olefile.OleFileIO(path) as ole:
            entries = [e[-1].lower() for e in ole.listdir(streams=True, storages=True)]
    except (OSError, ValueError, IndexError, TypeError):  # olefile raises OSError for bad files
        return "application/x-ole-storage"
    for prefix, media_type in _OLE_STREAMS:
        if any(e.startswith(prefix) for e in entries):
            return media_type
    return "application/x-ole-storage"


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
    "application/x-ole-storage": "an OLE compound file",
    "application/rtf": "an RTF document",
    "message/rfc822": "an email",
    "multipart/related": "a saved web page (MHTML)",
    "application/vnd.ms-outlook": "an Outlook message",
    "application/msword": "a Word document",
    "application/vnd.ms-excel": "an Excel spreadsheet",
    "application/vnd.ms-powerpoint": "a PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "a PowerPoint presentation"
    ),
    "application/vnd.oasis.opendocument.text": "an OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
    "video/mp4": "an MP4 video",
    "video/quicktime": "a QuickTime video",
}


def kind_label(media_type: str) -> str:
    """What a researcher calls the kind of file: 'Word document', not its container's type."""
    label = LABELS.get(media_type)
    if not label:
        return media_type or "Unknown"
    for article in ("a ", "an "):
        label = label.removeprefix(article)
    return label[:1].upper() + label[1:]
