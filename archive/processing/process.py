"""process_file: what the archive calls to learn what a file is and read it page by page."""

import os
from pathlib import PurePath

from archive.processing.html import process_html
from archive.processing.images import IMAGE_TYPES, process_image
from archive.processing.language import detect_language
from archive.processing.limits import Limits
from archive.processing.mail import process_mail
from archive.processing.mhtml import process_mhtml
from archive.processing.office import OFFICE_TYPES, process_office
from archive.processing.pdf import process_pdf
from archive.processing.result import ProcessResult, Status, failed
from archive.processing.sniff import (
    LABELS,
    media_type_for_name,
    sniff_container,
    sniff_media_type,
)
from archive.processing.text import process_text

# One reader per kind of file, chosen by the type sniffed from the bytes; each is a module of
# this package with the same signature: (path, media_type, limits) -> ProcessResult.
READERS = {
    "application/pdf": process_pdf,
    "text/plain": process_text,
    "text/html": process_html,
    "multipart/related": process_mhtml,
    "message/rfc822": process_mail,
    "application/vnd.ms-outlook": process_mail,
    **{t: process_office for t in OFFICE_TYPES},
    **{t: process_image for t in IMAGE_TYPES},
}
# Types whose name must match their bytes: a ".pdf" that is not a PDF is refused, not guessed at.
CHECKED_BY_NAME = frozenset({"application/pdf", *IMAGE_TYPES})
DEFAULT_LIMITS = Limits()


def process_file(
    path: str | os.PathLike[str], *, name: str = "", limits: Limits = DEFAULT_LIMITS
) -> ProcessResult:
    """Sniff the file and read it in child processes; never raises for a bad file."""
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as exc:
        return failed("application/octet-stream", f"The file could not be opened ({exc.strerror}).")
    media_type = sniff_container(os.fspath(path), sniff_media_type(head))
    if media_type == "application/x-empty":
        return failed(media_type, "The file is empty.")
    mismatch = _name_mismatch(name, media_type, head)
    if mismatch and media_type not in CHECKED_BY_NAME:
        return failed(media_type, mismatch)
    if media_type in READERS:
        result = READERS[media_type](os.fspath(path), media_type, limits)
    else:
        unsupported = f"Text extraction is not supported for {media_type};"
        result = ProcessResult(
            status=Status.NO_TEXT,
            media_type=media_type,
            warnings=[f"{unsupported} the original is kept as uploaded."],
        )
    if mismatch:
        result.warnings.insert(0, mismatch)
    for page in result.pages:
        page.language = detect_language(page.text)
    return result


def _name_mismatch(name: str, media_type: str, head: bytes) -> str:
    """The message when the name claims a type we read (PDF, image) and the bytes say otherwise."""
    claimed = media_type_for_name(name) if name else None
    if claimed not in CHECKED_BY_NAME or claimed == media_type:
        return ""
    named = f"The file is named {PurePath(name).suffix.lower()}"
    if media_type in LABELS:
        return f"{named} but its content is {LABELS[media_type]}."
    start = head[:20].decode("latin-1").strip()
    return f"{named} but is not {LABELS[claimed]} (it starts with {start!r})."
