"""The search API gives each snippet twice: as HTML with <mark>, and as plain text with the
offsets of the marked words, which must point at those words in Chinese and in English, on every
engine, for files read by the real worker."""

from __future__ import annotations

import html
import re

import pytest

from search.snippet_offsets import plain_snippet
from tests.factories import make_file, make_item, make_pdf
from tests.search.test_multilingual_files import noto_pdf


def test_plain_snippet_unescapes_and_counts_code_points():
    text, marks = plain_snippet("a &amp; <mark>𝒳 b</mark> &lt;c&gt; <mark>人权</mark>")
    assert text == "a & 𝒳 b <c> 人权"
    assert [text[s:e] for s, e in marks] == ["𝒳 b", "人权"]


@pytest.mark.django_db(transaction=True)
def test_offsets_point_at_the_matched_words_in_chinese_and_english(
    client, engine, evidence_index, work_queue
):
    make_item(evidence_index, title="Three scripts", files=[make_file("noto.pdf", noto_pdf())])
    make_item(
        evidence_index,
        title="Visit notes",
        files=[
            make_file(
                "visits.pdf",
                make_pdf(["Intro.", "Cameras <everywhere> & more cameras in the courtyard."]),
            )
        ],
    )
    work_queue()
    for query, words in [
        ("人脸识别", {"人脸识别"}),
        ("camera courtyard", {"cameras", "courtyard"}),
    ]:
        data = client.get("/api/v1/search/", {"q": query}).json()
        matches = [m for r in data["results"] for m in r["matches"]]
        assert matches, (query, data)
        for match in matches:
            # The same text the HTML shows, without its tags, and marks at the same words.
            assert match["text"] == html.unescape(re.sub(r"</?mark>", "", match["snippet"]))
            marked = [match["text"][start:end] for start, end in match["marks"]]
            assert marked == [
                html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", match["snippet"])
            ]
            assert {w.lower() for m in marked for w in m.split()} <= words | {"camera"}
            assert {w.lower() for m in marked for w in m.split()} & words
    english = client.get("/api/v1/search/", {"q": "courtyard"}).json()["results"][0]["matches"][0]
    assert "Cameras <everywhere> & more" in english["text"]
