"""What reading one file produced: the types process_file returns."""

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How reading a file ended: the terminal values of archive.choices.FileStatus, which is
    built from these (this package stays free of Django)."""

    READY = "ready"
    NO_TEXT = "no_text"
    NEEDS_PASSWORD = "needs_password"
    FAILED = "failed"


@dataclass
class ExtractedPage:
    """One page's text as a reader extracted it (stored as archive.models.PageText)."""

    number: int  # 1-based
    text: str  # the text of record, normalised (archive/processing/text_of_record.py)
    extractor: str  # which reading won: "pdfminer", "pdfium", "text", ... or "none"
    quality: float = 1.0  # its score, 0 (all lost) to 1 (clean); 0 for a page without text
    note: str = ""  # why it won over the reader's first choice, or what is wrong with it
    language: str = ""  # detected (archive/processing/language.py); "" when it cannot tell
    # OCR's word boxes when the text came from OCR (archive/processing/ocr.py): {"size": [w, h],
    # "words": [[word, left, top, width, height, confidence], ...]} in the pixels OCR read
    ocr: dict | None = None


@dataclass
class Attachment:
    """A file carried inside another (an email's attachment, a message inside a message): the
    caller stores it as an original of its own, read in its turn."""

    name: str
    content: bytes


@dataclass
class ProcessResult:
    status: Status
    media_type: str  # sniffed from the bytes
    page_count: int = 0
    pages: list[ExtractedPage] = field(default_factory=list)
    preview: bytes | None = None  # WebP, metadata stripped
    preview_media_type: str = ""
    title: str = ""
    # What the file says about itself, offered to the item when the researcher left it empty:
    # "date" (ISO 8601), and for email "subject", "from", "to", "cc".
    metadata: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    # A PDF the file was converted to and read from (an office document), in a temporary folder
    # that the caller moves into storage or deletes; "" for files read as they are.
    derivative: str = ""
    error: str = ""  # one sentence for a researcher; "" on success
    warnings: list[str] = field(default_factory=list)
    # A photo's metadata that matters for verification (capture time, device, GPS), for researchers
    photo: dict = field(default_factory=dict)
    # The public copy of an image: its pixels only, upright, no EXIF/GPS/XMP (None: not an image)
    public_copy: bytes | None = None
    public_copy_media_type: str = ""
    public_copy_note: str = ""  # what the copy changed beyond metadata ("first frame only")
    # A PDF's pages (archive/processing/page_images.py): each page's [width, height] in points,
    # and the first pages' images as {(page number, width): WebP} with their words' boxes as
    # {(page number, "words"): [[word, left, top, right, bottom], ...]}; the rest on request.
    page_sizes: list[list[float]] = field(default_factory=list)
    page_images: dict[tuple, bytes | list] = field(default_factory=dict)
    # Scanned pages OCR left to later runs (Limits.ocr_pages_per_run), in order, and the
    # packs its last page was read with, for the next run to start from (later_ocr.py).
    ocr_queued: list[int] = field(default_factory=list)
    ocr_packs: str = ""


@dataclass
class OcrRun:
    """One later OCR run over a long scan's queued pages (archive/processing/later_ocr.py)."""

    readings: dict[int, dict]  # page number -> OcrReading.as_dict(), or {"usable": False, ...}
    warnings: list[str] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)  # still left for the run after this one
    packs: str = ""
    error: str = ""  # the child failed: this run read nothing


def failed(media_type: str, error: str, status: Status = Status.FAILED) -> ProcessResult:
    return ProcessResult(status=status, media_type=media_type, error=error)
