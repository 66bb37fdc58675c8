"""Reading a web page saved as MHTML (a browser's "single file" save): a multipart/related
message whose HTML part is read as any saved page is (html.py); its images and styles are left,
and the original is kept whole."""

from typing import Any

from archive.processing import sandbox
from archive.processing.html import decode_html, html_result, main_text
from archive.processing.limits import Limits, describe_bytes
from archive.processing.result import ProcessResult, failed

# More than a saved page's HTML: MHTML carries its images too, base64-encoded.
MAX_MHTML_BYTES = 64 << 20
DAMAGED = "The saved web page (MHTML) could not be read"


def _page_html(part) -> tuple[str, str]:
    """The part's HTML decoded in the charset its header declares, else as html.py decides."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: the bytes are read as an undeclared page's are
    return decode_html(payload)


@sandbox.preloads("email.parser", "email.policy", "trafilatura", "lxml.html", "charset_normalizer")
def read_mhtml(path: str, limits: Limits) -> dict[str, Any]:
    """Child: the main text, title and date of the first HTML part (the page itself)."""
    from email import policy
    from email.parser import BytesParser

    with open(path, "rb") as f:
        data = f.read(MAX_MHTML_BYTES + 1)
    cut = len(data) > MAX_MHTML_BYTES
    message = BytesParser(policy=policy.default).parsebytes(data[:MAX_MHTML_BYTES])
    page = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if page is None:
        return {"text": "", "cut": cut}
    html, encoding = _page_html(page)
    return main_text(html, encoding, cut=cut)


def process_mhtml(path: str, media_type: str, limits: Limits) -> ProcessResult:
    outcome = sandbox.run(read_mhtml, path, limits)
    if outcome.failure:
        return failed(media_type, sandbox.failure_message(outcome, limits, DAMAGED))
    result = html_result({**outcome.data, "cut": False}, media_type)
    if outcome.data.get("cut"):
        result.warnings.insert(0, f"Only the first {describe_bytes(MAX_MHTML_BYTES)} were read.")
    return result
