"""Reading an email (.eml, and Outlook .msg through extract-msg): decoded headers as metadata,
the body from its text or HTML part as the one page, and every attachment handed back whole.

Raw MIME is never page text. Attachments, a message inside a message among them, are returned
as bytes for archive/services/ingestion.py to store as files of their own (read by this same
pipeline, so a nested message's attachments are taken when that message is read); the limits
below bound how many and how big, and a message nested too deep in its MIME tree ends here.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from archive.processing import sandbox
from archive.processing.limits import Limits, describe_bytes
from archive.processing.result import Attachment, ProcessResult, Status, failed
from archive.processing.text_of_record import Candidate, choose, garbled_warning, page_of_record

MAX_MAIL_BYTES = 64 << 20  # bigger is not one message but a mailbox or a hostile file
MAX_ATTACHMENTS = 50  # per message; a message with more keeps the first ones, and says so
MAX_ATTACHMENT_BYTES = 16 << 20  # each
MAX_ATTACHMENTS_TOTAL = 40 << 20  # base64 in the child's JSON stays under its 64 MiB output cap
MAX_PARTS = 2000  # MIME parts looked at
MAX_MIME_DEPTH = 30  # multipart inside multipart; deeper is hostile, not an email client's work
DAMAGED = "The email could not be read"
TOO_DEEP = "The email nests its parts too deep to be read (a hostile file, not a client's work)."
HEADERS = ("date", "subject", "from", "to", "cc")


def _decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """Text of raw 8-bit bytes: the declared charset, UTF-8, then charset-normalizer's guess."""
    for encoding in (charset, "utf-8"):
        if not encoding:
            continue
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return raw.decode(best.encoding if best else "latin-1", errors="replace")


def _header(message, name: str) -> str:
    """A header decoded: RFC 2047 words and RFC 2231 parameters by the email package, raw 8-bit
    bytes (which the parser would turn into U+FFFD) in the message's own charset or a detected
    one."""
    raw = next((v for k, v in message.raw_items() if k.lower() == name), None)
    if raw is None:
        return ""
    if re.search("[\udc80-\udcff]", raw):
        text = _decode_bytes(raw.encode("ascii", "surrogateescape"), message.get_content_charset())
    else:
        try:
            text = str(message.get(name))
        except (ValueError, IndexError, TypeError, LookupError, AttributeError):
            text = raw  # a header too broken to parse is kept as written
    return " ".join(text.split())[:1000]


def _walk(message):
    """The message's leaf parts in order, as (part, is_nested_message); iterative and bounded,
    where Message.walk() recurses without limit."""
    stack, seen = [(message, 0)], 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            raise _TooComplex(f"more than {MAX_PARTS} parts")
        if depth > MAX_MIME_DEPTH:
            raise _TooComplex(f"parts nested more than {MAX_MIME_DEPTH} deep")
        content_type = part.get_content_type()
        if content_type == "message/rfc822" or (
            content_type.startswith("message/") and part.get_filename()
        ):
            yield part, True
            continue
        if part.is_multipart():
            payload = part.get_payload()
            stack.extend((child, depth + 1) for child in reversed(payload))
            continue
        yield part, False


class _TooComplex(Exception):
    pass


def _part_bytes(part, nested: bool) -> bytes:
    if nested:
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if hasattr(inner, "as_bytes"):
            return inner.as_bytes()
        return part.get_payload(decode=True) or b""
    return part.get_payload(decode=True) or b""


def _part_text(part) -> str:
    raw = part.get_payload(decode=True) or b""
    return _decode_bytes(raw, part.get_content_charset())


def html_to_text(html: str) -> str:
    """An HTML body's text, all of it: an email has no boilerplate to leave out, and the small
    print of a notice is evidence too (trafilatura's main-text extraction dropped it)."""
    import trafilatura

    return trafilatura.html2txt(html) or ""


class _Collector:
    """Attachments within the count and size limits, with a warning for what was left."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self.total = 0
        self.skipped_count = 0
        self.skipped_size: list[str] = []

    def add(self, name: str, content: bytes) -> None:
        if not content:
            return
        if len(self.items) >= MAX_ATTACHMENTS:
            self.skipped_count += 1
            return
        if len(content) > MAX_ATTACHMENT_BYTES or self.total + len(content) > MAX_ATTACHMENTS_TOTAL:
            self.skipped_size.append(name)
            return
        self.total += len(content)
        encoded = base64.b64encode(content).decode("ascii")
        self.items.append({"name": name[:200], "content": encoded})

    def warnings(self) -> list[str]:
        found = []
        if self.skipped_count:
            found.append(
                f"Only the first {MAX_ATTACHMENTS} attachments were kept;"
                f" {self.skipped_count} more were not stored."
            )
        if self.skipped_size:
            each = describe_bytes(MAX_ATTACHMENT_BYTES)
            found.append(
                f"{len(self.skipped_size)} attachment(s) over {each}"
                f" each or {describe_bytes(MAX_ATTACHMENTS_TOTAL)} in all were not stored"
                f" ({', '.join(self.skipped_size[:5])})."
            )
        return found


@sandbox.preloads("email.parser", "email.policy", "trafilatura", "charset_normalizer")
def read_eml(path: str, limits: Limits) -> dict[str, Any]:
    """Child: an RFC 5322 message's headers, body text and attachments."""
    from email import policy
    from email.parser import BytesParser

    with open(path, "rb") as f:
        data = f.read(MAX_MAIL_BYTES + 1)
    cut = len(data) > MAX_MAIL_BYTES
    if data.startswith(b"From "):  # an mbox separator line before the headers
        data = data.split(b"\n", 1)[-1]
    try:
        message = BytesParser(policy=policy.default).parsebytes(data[:MAX_MAIL_BYTES])
    except RecursionError:  # the parser recurses once per nested multipart
        return {"error": TOO_DEEP}
    metadata = {name: _header(message, name) for name in HEADERS}
    plain, html = [], []
    attachments = _Collector()
    warnings = [f"Only the first {describe_bytes(MAX_MAIL_BYTES)} were read."] if cut else []
    try:
        for n, (part, nested) in enumerate(_walk(message)):
            disposition = part.get_content_disposition()
            filename = _filename(part)
            content_type = part.get_content_type()
            inline_text = content_type in ("text/plain", "text/html") and not filename
            if nested or disposition == "attachment" or (filename and not inline_text):
                default = f"message-{n}.eml" if nested else f"attachment-{n}"
                attachments.add(filename or default, _part_bytes(part, nested))
            elif content_type == "text/plain":
                plain.append(_part_text(part))
            elif content_type == "text/html":
                html.append(_part_text(part))
    except _TooComplex as exc:
        warnings.append(f"The email is too complex to read in full ({exc}); the rest was left.")
    body = "\n\n".join(t for t in plain if t.strip())
    if html:
        # The HTML part is what the recipient saw; a newsletter's plain part is often a shorter
        # digest of it without the small print. Plain stays when the HTML holds much less text.
        html_body = "\n\n".join(html_to_text(h) for h in html)
        if len(html_body.strip()) >= 0.5 * len(body.strip()):
            body = html_body
    return {
        "text": body,
        "metadata": metadata,
        "attachments": attachments.items,
        "warnings": warnings + attachments.warnings(),
    }


def _filename(part) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, IndexError, TypeError, LookupError):
        return ""
    if re.search("[\udc80-\udcff]", name):
        name = _decode_bytes(name.encode("utf-8", "surrogateescape"))
    return name.replace("/", "_").replace("\\", "_").strip()


@sandbox.preloads("extract_msg", "trafilatura", "charset_normalizer")
def read_msg(path: str, limits: Limits) -> dict[str, Any]:
    """Child: an Outlook message's headers, body text and attachments (extract-msg)."""
    import extract_msg

    message = extract_msg.openMsg(path, strict=False, delayAttachments=False)
    wrong = _misdeclared_encoding(message)
    if wrong:
        message.close()
        message = extract_msg.openMsg(path, strict=False, overrideEncoding=wrong)
    try:
        metadata = {
            "date": str(message.date or ""),
            "subject": message.subject or "",
            "from": message.sender or "",
            "to": message.to or "",
            "cc": message.cc or "",
        }
        metadata = {k: " ".join(v.split())[:1000] for k, v in metadata.items()}
        body = message.body or ""
        if not body.strip():
            html = message.htmlBody
            if html:
                body = html_to_text(_decode_bytes(html) if isinstance(html, bytes) else html)
        attachments = _Collector()
        for n, attachment in enumerate(message.attachments):
            name = (
                getattr(attachment, "getFilename", lambda: "")()
                or attachment.longFilename
                or attachment.shortFilename
                or f"attachment-{n}"
            )
            data = attachment.data
            if isinstance(data, extract_msg.msg_classes.MessageBase):
                # A message inside the message: kept as a .msg of its own, read in its turn.
                data = _msg_bytes(data)
                if not name.lower().endswith(".msg"):
                    name = f"{name}.msg"
            if isinstance(data, bytes):
                attachments.add(str(name).replace("/", "_"), data)
        return {
            "text": body,
            "metadata": metadata,
            "attachments": attachments.items,
            "warnings": attachments.warnings(),
        }
    finally:
        message.close()


# Multi-byte encodings: bytes that decode cleanly in one of them are very unlikely to be text in
# a single-byte code page, so such a guess can overrule what the message declares.
_MULTIBYTE = ("big5", "cp950", "big5hkscs", "gb18030", "gbk", "gb2312", "shift_jis", "cp932")
_MULTIBYTE += ("euc_jp", "euc_kr", "cp949", "iso2022_jp")


def _misdeclared_encoding(message) -> str:
    """An older .msg stores its strings in a code page it declares; Outlook often declared a
    Western one for Chinese or Japanese text. The multi-byte encoding its body's bytes are
    really in, or "" when the declared one stands."""
    if getattr(message, "areStringsUnicode", True):
        return ""
    declared = message.stringEncoding or "cp1252"
    try:
        raw = (message.body or "").encode(declared)
    except (LookupError, UnicodeEncodeError):
        return ""
    if sum(b > 0x7F for b in raw) < 8:
        return ""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding not in _MULTIBYTE:
        return ""
    try:
        raw.decode(best.encoding)
    except UnicodeDecodeError:
        return ""
    return best.encoding


def _msg_bytes(inner) -> bytes:
    """An embedded Outlook message as the bytes of a .msg file of its own."""
    import io

    buffer = io.BytesIO()
    inner.export(buffer)
    return buffer.getvalue()


def process_mail(path: str, media_type: str, limits: Limits) -> ProcessResult:
    task = read_msg if media_type == "application/vnd.ms-outlook" else read_eml
    outcome = sandbox.run(task, path, limits)
    if outcome.failure:
        return failed(media_type, sandbox.failure_message(outcome, limits, DAMAGED))
    if "error" in outcome.data:
        return failed(media_type, outcome.data["error"])
    return mail_result(outcome.data, media_type)


def mail_result(data: dict[str, Any], media_type: str) -> ProcessResult:
    """The ProcessResult of what read_eml or read_msg found."""
    page = page_of_record(1, choose([Candidate("email", data["text"].replace("\x00", "").strip())]))
    metadata = {k: v for k, v in data["metadata"].items() if v}
    attachments = [
        Attachment(name=a["name"], content=base64.b64decode(a["content"]))
        for a in data["attachments"]
    ]
    warnings = list(data["warnings"])
    if not page.text:
        warnings.append("The email has no body text; its headers and attachments are kept.")
    return ProcessResult(
        # An email with a subject or attachments but no body is still read: nothing is lost.
        status=Status.READY if page.text else Status.NO_TEXT,
        media_type=media_type,
        page_count=1 if page.text else 0,
        pages=[page] if page.text else [],
        title=metadata.get("subject", "")[:500],
        metadata=metadata,
        attachments=attachments,
        warnings=warnings + garbled_warning([page]),
    )
