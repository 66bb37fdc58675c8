"""Reading plain text: UTF-8, or UTF-16 with a byte-order mark; one page."""

from archive.processing.limits import Limits, describe_bytes
from archive.processing.result import ProcessResult, Status
from archive.processing.text_of_record import (
    Candidate,
    choose,
    garbled_warning,
    page_of_record,
)

MAX_TEXT_BYTES = 4 << 20


def process_text(path: str, media_type: str, limits: Limits) -> ProcessResult:
    """Plain text, one page; read in the worker itself (no child), so it is capped."""
    with open(path, "rb") as f:
        data = f.read(MAX_TEXT_BYTES + 1)
    utf16 = data.startswith((b"\xfe\xff", b"\xff\xfe"))
    text = data[:MAX_TEXT_BYTES].decode("utf-16" if utf16 else "utf-8", errors="replace")
    page = page_of_record(1, choose([Candidate("text", text.replace("\x00", "").strip())]))
    warnings = (
        [f"Only the first {describe_bytes(MAX_TEXT_BYTES)} of the text were read."]
        if len(data) > MAX_TEXT_BYTES
        else []
    )
    return ProcessResult(
        status=Status.READY if page.text else Status.NO_TEXT,
        media_type=media_type,
        page_count=1,
        pages=[page],
        warnings=warnings + garbled_warning([page]),
    )
