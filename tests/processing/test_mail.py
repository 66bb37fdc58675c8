"""Email read without a database: decoded headers (RFC 2047, RFC 2231, raw 8-bit) as metadata,
the body and never raw MIME as the page, attachments handed back whole, hostile messages ended
within the limits; and every email of ../shared/corpus/kinds read with its probes found."""

from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from archive.processing import process_file
from archive.processing.mail import MAX_ATTACHMENTS, TOO_DEEP
from archive.processing.result import Status
from tests.shared_corpus import corpus_dir, manifest

BODY = "工地上的工人正在连夜施工，附近居民表示噪音已经持续了三个星期。"


def _write(tmp_path, data: bytes, name: str = "message.eml"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_headers_body_and_attachments_of_a_message_built_with_the_standard_library(tmp_path):
    message = EmailMessage()
    message["Subject"] = "关于夜间施工的投诉"  # the email package writes it as RFC 2047 words
    message["From"] = "王小明 <wang@example.org>"
    message["To"] = "Archive Desk <desk@example.org>"
    message["Date"] = "Tue, 05 Mar 2024 09:30:00 +0800"
    message.set_content(BODY, charset="gb18030")
    message.add_attachment(
        b"The attached note, in plain words.", "text", "plain", filename="说明.txt"
    )  # RFC 2231 filename
    inner = EmailMessage()
    inner["Subject"] = "Forwarded notice"
    inner["From"] = "clerk@example.org"
    inner.set_content("The notice that was forwarded.")
    message.add_attachment(inner)  # a message inside the message

    result = process_file(_write(tmp_path, message.as_bytes()), name="complaint.eml")

    assert (result.status, result.media_type) == (Status.READY, "message/rfc822")
    (page,) = result.pages
    assert BODY in page.text
    assert "Content-Type" not in page.text and "base64" not in page.text
    assert result.title == "关于夜间施工的投诉"
    assert result.metadata["from"] == "王小明 <wang@example.org>"
    assert result.metadata["to"] == "Archive Desk <desk@example.org>"
    assert result.metadata["date"].startswith("Tue, 05 Mar 2024")
    names = [a.name for a in result.attachments]
    assert names[0] == "说明.txt" and names[1].endswith(".eml")
    assert result.attachments[0].content == b"The attached note, in plain words."
    nested = process_file(_write(tmp_path, result.attachments[1].content, "inner.eml"))
    assert nested.title == "Forwarded notice"
    assert "The notice that was forwarded." in nested.pages[0].text


def test_raw_8bit_headers_are_decoded_in_the_messages_charset(tmp_path):
    raw = (
        "From: 李华 <li@example.org>\nTo: desk@example.org\nSubject: 噪音投诉\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=gb2312\n"
        "Content-Transfer-Encoding: 8bit\n\n" + BODY + "\n"
    ).encode("gb18030")
    result = process_file(_write(tmp_path, raw), name="raw.eml")
    assert result.title == "噪音投诉"
    assert result.metadata["from"].startswith("李华")
    assert BODY in result.pages[0].text


def test_an_html_only_message_gives_its_text_not_its_markup(tmp_path):
    message = MIMEMultipart("alternative")
    message["Subject"] = "=?utf-8?b?" + "5pWw5o2u".strip() + "?="  # "数据"
    message["From"] = "a@example.org"
    message["To"] = "b@example.org"
    html = "<html><body><p>The <b>minutes</b> of the meeting.</p><p>Small print.</p></body></html>"
    message.attach(MIMEText(html, "html", "utf-8"))
    result = process_file(_write(tmp_path, message.as_bytes()), name="html.eml")
    text = result.pages[0].text
    assert "minutes" in text and "Small print." in text and "<b>" not in text
    assert result.title == "数据"


def test_ten_thousand_attachments_end_within_the_limits_with_a_message(tmp_path):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@x.org", "b@x.org", "many"
    message.set_content("A message with far too many attachments.")
    for n in range(10_000):
        message.add_attachment(f"part {n}".encode(), "application", "octet-stream", filename=f"{n}")
    result = process_file(_write(tmp_path, message.as_bytes()), name="many.eml")
    assert result.status == Status.READY
    assert len(result.attachments) == MAX_ATTACHMENTS
    assert any("attachments were kept" in w for w in result.warnings)


def test_ten_thousand_nested_parts_end_with_a_message(tmp_path):
    depth = 10_000
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n' for n in range(depth)
    )
    closing = "".join(f"--b{n}--\n" for n in reversed(range(depth)))
    raw = "From: a@x.org\nTo: b@x.org\nSubject: deep\nMIME-Version: 1.0\n" + opening
    raw += "Content-Type: text/plain\n\ninnermost\n" + closing
    result = process_file(_write(tmp_path, raw.encode()), name="deep.eml")
    assert result.status == Status.FAILED
    assert result.error == TOO_DEEP


def _email_rows():
    return [r for r in manifest("kinds") if r["kind"] in ("email-eml", "email-msg")]


def _texts_with_attachments(result, tmp_path, depth: int = 0) -> list[str]:
    """The message's text and its attachments' texts, read as the archive reads them."""
    texts = [result.title, *result.metadata.values(), *(p.text for p in result.pages)]
    for n, attachment in enumerate(result.attachments):
        path = tmp_path / f"{depth}-{n}-{attachment.name[-60:]}"
        path.write_bytes(attachment.content)
        inner = process_file(path, name=attachment.name)
        texts += _texts_with_attachments(inner, tmp_path, depth + 1) if depth < 3 else []
    return texts


@pytest.mark.corpus("kinds")
@pytest.mark.parametrize("row", _email_rows(), ids=lambda r: r["file"])
def test_every_corpus_email_is_read_with_its_probes(row, tmp_path):
    result = process_file(corpus_dir("kinds") / row["file"], name=row["file"])
    assert result.status in (Status.READY, Status.NO_TEXT), result.error
    for page in result.pages:
        assert "Content-Transfer-Encoding:" not in page.text
    text = " ".join(" ".join(_texts_with_attachments(result, tmp_path)).split())
    for probe in filter(None, (p.strip() for p in row["probe"].split("|"))):
        assert probe in text
