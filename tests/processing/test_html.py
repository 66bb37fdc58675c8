"""Saved web pages: main text by trafilatura in the right charset (declared, wrongly declared or
undeclared GBK and Big5), title and date offered, hostile pages ended within the limits."""

import unicodedata

import pytest

from archive.processing import process_file
from archive.processing.limits import Limits
from archive.processing.result import Status
from tests.shared_corpus import corpus_dir, manifest, manifest_names

ARTICLE = (
    "<html><head>{meta}<title>{title}</title>"
    '<meta property="article:published_time" content="2024-03-05"></head><body>'
    "<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
    "<p>{body}</p><p>{body}</p><p>{body}</p></article>"
    "<footer>Copyright notice</footer></body></html>"
)
GBK_BODY = "记者在现场看到，工地上的工人正在连夜施工，附近居民表示噪音已经持续了三个星期。"
BIG5_BODY = "記者在現場看到，工地上的工人正在連夜施工，附近居民表示噪音已經持續了三個星期。"


def _page(tmp_path, html: str, encoding: str):
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    return process_file(path, name="page.html")


@pytest.mark.parametrize(
    ("meta", "encoding", "title", "body"),
    [
        ('<meta charset="gbk">', "gbk", "工地夜间施工", GBK_BODY),
        ("", "gbk", "工地夜间施工", GBK_BODY),  # no charset declared
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
            "big5",
            "工地夜間施工",
            BIG5_BODY,
        ),
        ("", "big5", "工地夜間施工", BIG5_BODY),
        ('<meta charset="gb2312">', "utf-8", "工地夜间施工", GBK_BODY),  # declared wrongly
    ],
)
def test_main_text_title_and_date_in_the_pages_charset(tmp_path, meta, encoding, title, body):
    result = _page(tmp_path, ARTICLE.format(meta=meta, title=title, body=body), encoding)
    assert (result.status, result.media_type) == (Status.READY, "text/html")
    (page,) = result.pages
    assert body in page.text and "\ufffd" not in page.text
    assert "Copyright notice" not in page.text  # boilerplate is not the main text
    assert result.title == title
    assert result.metadata["date"] == "2024-03-05"


def test_ruby_readings_do_not_split_the_words_they_annotate(tmp_path):
    ruby = "<ruby>東<rp>(</rp><rt>とう</rt><rp>)</rp>京<rt>きょう</ruby>"  # the last </rt> left out
    body = f"{ruby}の{GBK_BODY}"
    result = _page(tmp_path, ARTICLE.format(meta="", title="東京", body=body), "utf-8")
    (page,) = result.pages
    assert "東京の" in page.text
    assert "とう" not in page.text and "きょう" not in page.text and "(" not in page.text


def test_a_page_without_text_is_no_text_with_a_message(tmp_path):
    result = _page(tmp_path, "<html><body><div></div></body></html>", "utf-8")
    assert (result.status, result.pages) == (Status.NO_TEXT, [])
    assert "No main text was found" in result.warnings[0]


def test_a_huge_page_of_one_tag_ends_within_the_limits(tmp_path):
    """500 MB scaled down to 64 MB: only the first 16 MiB are read either way."""
    path = tmp_path / "bomb.html"
    chunk = b"<div>" * (1 << 18)
    with path.open("wb") as f:
        f.write(b"<html><body>")
        for _ in range((64 << 20) // len(chunk)):
            f.write(chunk)
    result = process_file(path, name="bomb.html", limits=Limits(seconds=30))
    assert result.status in (Status.NO_TEXT, Status.FAILED)
    assert result.error or any("Only the first 16 MiB" in w for w in result.warnings)


@pytest.mark.parametrize("name", [n for n in manifest_names("kinds") if ".htm" in n])
def test_saved_pages_in_the_corpus_hold_their_probes(name):
    folder = corpus_dir("kinds")
    row = next(r for r in manifest("kinds") if r["file"] == name)
    result = process_file(folder / name, name=name)
    assert result.status in (Status.READY, Status.NO_TEXT)
    text = "\n".join(page.text for page in result.pages)
    assert "<div" not in text and "<script" not in text
    for probe in (p.strip() for p in row["probe"].split("|") if p.strip()):
        assert unicodedata.normalize("NFKC", probe) in text, (probe, text[:200])


def test_a_page_saved_as_mhtml_is_read_from_its_html_part(tmp_path):
    from email.message import EmailMessage

    html = ARTICLE.format(meta="", title="工地夜间施工", body=GBK_BODY)
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Subject"] = "工地夜间施工"
    message["Date"] = "Tue, 12 Mar 2024 09:30:00 +0000"
    message.set_content(html.encode("gbk"), "text", "html", cte="quoted-printable")
    message.replace_header("Content-Type", 'text/html; charset="gbk"')
    message.make_related()
    message.add_related(b"\x89PNG\r\n\x1a\n" + bytes(64), "image", "png", cid="<logo>")
    path = tmp_path / "page.mhtml"
    path.write_bytes(message.as_bytes())
    result = process_file(path, name="page.mhtml")
    assert (result.status, result.media_type) == (Status.READY, "multipart/related")
    (page,) = result.pages
    assert GBK_BODY in page.text and "Copyright notice" not in page.text
    assert result.title == "工地夜间施工"
    assert result.metadata["date"] == "2024-03-05"  # the page's date, not the day it was saved
