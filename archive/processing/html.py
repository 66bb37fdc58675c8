"""Reading a saved web page: its main text by trafilatura, in the charset it declares or, when it
declares none or a wrong one, the one its bytes are in; title and date offered as metadata."""

import re
from typing import Any

from archive.processing import sandbox
from archive.processing.limits import Limits, describe_bytes
from archive.processing.result import ProcessResult, Status, failed
from archive.processing.text_of_record import Candidate, choose, garbled_warning, page_of_record

MAX_HTML_BYTES = 16 << 20  # more is not a page someone saved but a hostile file
DAMAGED = "The web page could not be read"
# Ruby annotation (<rt>, and the <rp> parentheses for browsers without ruby): the reading set
# above a word, which would otherwise split it in the text (東とう京きょう). An end tag may be left
# out before the next annotation or the ruby's end.
_RUBY_ANNOTATION = re.compile(
    r"<(rt|rp)\b[^>]*>.*?(?:</\1\s*>|(?=<r[tp]\b|</ruby\s*>))", re.IGNORECASE | re.DOTALL
)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers read a declared label as (WHATWG Encoding): GB2312 and GBK pages are GB18030,
# Big5 pages use the HKSCS extensions, Shift_JIS and EUC-KR pages Microsoft's supersets.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
}


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM first, then UTF-8 when the bytes are valid UTF-8 (pages that
    declare gb2312 but were re-saved as UTF-8 are common), then each declared charset that
    decodes the bytes cleanly, then charset-normalizer's guess."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for label in _DECLARED.findall(data[:16384]):
        encoding = label.decode("ascii").lower()
        encoding = _SUPERSETS.get(encoding, encoding)
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    encoding = best.encoding if best else "utf-8"
    return data.decode(encoding, errors="replace"), encoding


@sandbox.preloads("trafilatura", "lxml.html", "charset_normalizer")
def read_html(path: str, limits: Limits) -> dict[str, Any]:
    """Child: the page's main text, title and date, and the encoding used."""
    with open(path, "rb") as f:
        data = f.read(MAX_HTML_BYTES + 1)
    html, encoding = decode_html(data[:MAX_HTML_BYTES])
    return main_text(html, encoding, cut=len(data) > MAX_HTML_BYTES)


def main_text(html: str, encoding: str, *, cut: bool) -> dict[str, Any]:
    """In the child: what read_html hands back, of a page already decoded."""
    import trafilatura

    html = _RUBY_ANNOTATION.sub("", html)
    # favor_recall: a researcher would rather see a portal's link texts than lose the article.
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if document is None:
        return {"text": "", "encoding": encoding, "cut": cut}
    return {
        "text": document.text or "",
        "title": document.title or "",
        "date": document.date or "",
        "encoding": encoding,
        "cut": cut,
    }


def process_html(path: str, media_type: str, limits: Limits) -> ProcessResult:
    outcome = sandbox.run(read_html, path, limits)
    if outcome.failure:
        return failed(media_type, sandbox.failure_message(outcome, limits, DAMAGED))
    data = outcome.data
    return html_result(data, media_type)


def html_result(data: dict[str, Any], media_type: str) -> ProcessResult:
    """The ProcessResult of what read_html found (also used for a page inside MHTML)."""
    page = page_of_record(1, choose([Candidate("trafilatura", data["text"].strip())]))
    warnings = []
    if data.get("cut"):
        warnings.append(f"Only the first {describe_bytes(MAX_HTML_BYTES)} of the page were read.")
    if not page.text:
        warnings.append("No main text was found in the web page; the original is kept.")
    metadata = {k: data[k] for k in ("date",) if data.get(k)}
    return ProcessResult(
        status=Status.READY if page.text else Status.NO_TEXT,
        media_type=media_type,
        page_count=1 if page.text else 0,
        pages=[page] if page.text else [],
        title=" ".join(data.get("title", "").split())[:500],
        metadata=metadata,
        warnings=warnings + garbled_warning([page]),
    )
