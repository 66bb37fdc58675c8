"""Reading plain text in any encoding (detected by charset-normalizer; EUC-TW by iconv); one
page."""

import re
import shutil
import subprocess

from archive.processing.limits import Limits, describe_bytes
from archive.processing.result import ProcessResult, Status
from archive.processing.sniff import utf16_without_bom
from archive.processing.text_of_record import (
    Candidate,
    choose,
    garbled_warning,
    page_of_record,
)

MAX_TEXT_BYTES = 4 << 20
# charset-normalizer's "chaos" (the share of unlikely characters) an EUC-TW reading may have.
POOR_CHAOS = 0.1
ICONV = shutil.which("iconv")
# ASCII, and EUC's two-byte (A1-FE) and four-byte (8E A1-B0 then two) characters only.
_EUC_BYTES = re.compile(rb"(?:[\x00-\x7f]|[\xa1-\xfe]{2}|\x8e[\xa1-\xb0][\xa1-\xfe]{2})*")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)
NOT_DECODED = (
    "The text could not be decoded cleanly in any encoding this archive knows; what is shown"
    " may be garbled, and the original is kept as uploaded."
)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) with "" as the encoding when nothing decoded the bytes cleanly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    wide = utf16_without_bom(data)  # before UTF-8: NUL bytes are valid UTF-8
    if wide:
        return data[: len(data) // 2 * 2].decode(wide, errors="replace"), wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut at MAX_TEXT_BYTES may end inside a character: that alone is not a failure.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8"), "utf-8"
    # Imported here: charset-normalizer loads its tables on first use, only for legacy files.
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or not best.coherence:  # it recognised no language in what it decoded
        taiwanese = euc_tw(data)
        if taiwanese is not None:
            return taiwanese, "euc-tw"
    if best is None:
        return data.decode("utf-8", errors="replace"), ""
    return data.decode(best.encoding, errors="replace"), best.encoding


def euc_tw(data: bytes) -> str | None:
    """The bytes as EUC-TW (CNS 11643, Taiwan's Unix encoding), which neither Python nor
    charset-normalizer knows (it guesses EUC-JIS and gives other characters), by glibc's iconv;
    None unless they decode cleanly into text in a language charset-normalizer recognises."""
    if not _EUC_BYTES.fullmatch(data) or not ICONV:
        return None
    try:
        done = subprocess.run(
            [ICONV, "-f", "EUC-TW", "-t", "UTF-8"], input=data, capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    from charset_normalizer.cd import coherence_ratio
    from charset_normalizer.md import mess_ratio

    text = done.stdout.decode("utf-8", errors="replace")
    return text if coherence_ratio(text) and mess_ratio(text) < POOR_CHAOS else None


def process_text(path: str, media_type: str, limits: Limits) -> ProcessResult:
    """Plain text, one page; read in the worker itself (no child), so it is capped."""
    with open(path, "rb") as f:
        data = f.read(MAX_TEXT_BYTES + 1)
    text, encoding = decode(data[:MAX_TEXT_BYTES])
    page = page_of_record(1, choose([Candidate("text", text.replace("\x00", "").strip())]))
    warnings = (
        [f"Only the first {describe_bytes(MAX_TEXT_BYTES)} of the text were read."]
        if len(data) > MAX_TEXT_BYTES
        else []
    )
    garbled = garbled_warning([page])
    clean = bool(encoding) and not garbled
    if not clean:
        warnings.append(NOT_DECODED)
    elif encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"The text was decoded as {encoding}.")
    return ProcessResult(
        status=Status.READY if page.text and clean else Status.NO_TEXT,
        media_type=media_type,
        page_count=1,
        pages=[page],
        warnings=warnings + garbled,
    )
