"""Snippets of long pages: only a stretch around the best place is analysed (search/snippets.py),
and the marks are the same as when the page is analysed from its start.

The engine-level tests index pages of some 2,000 characters, the word deep inside or at the very
end, into every engine (the real FTS5 or PostgreSQL, and Elasticsearch), and expect exactly what
the short pages of test_multilingual.py give. The unit tests compare a snippet made with the
page's terms (as FTS5 and Elasticsearch return them) with one made by analysing the page whole.
"""

from __future__ import annotations

import re

import pytest

from search import snippets
from search.analysis import index_text
from search.engines.base import ItemDocument, PageDocument, SearchRequest, plain_item_document
from search.query import parse_query
from tests.search.conftest import ENGINES, indexed_into
from tests.search.test_multilingual import CASES, LANGUAGES, PAGES

# Text in each script that holds none of the words the cases look for.
FILLER = {
    "zh": "天气很好，我们去公园散步。",
    "ja": "今日は晴れでした。",
    "bo": "ཉི་མ་ཤར་བྱུང་། ",
    "ug": "ئۇلار بازارغا باردى. ",
    "ar": "كان الجو جميلا اليوم. ",
    "en": "Nothing else happened that day. ",
}
LONG_CASES = [
    "人权",
    "人脸识别",
    "人臉識別",
    '"采购了人脸识别系统"',
    "人权 隐私",
    "中文姓名",
    "監視カメラ",
    "ལྷ་ས",
    "དགོན་པའི",
    '"ལྷ་སའི་དགོན་པ"',
    "كىتاب",
    "المدرسة",
    '"تاريخ المدينة"',
    "camera surveillance",
    '"surveillance cameras"',
]


def _long(key: str, number: int, text: str) -> str:
    """The page deep inside text of its own script; every other page at the very end."""
    filler = FILLER[LANGUAGES.get(key, key.split("_")[0])[:2]]
    before = filler * (2000 // len(filler) + 7 * number)
    return before + text + (filler * 20 if number % 2 else "")


def _document(n: int, key: str):
    document = plain_item_document(n, key, [])
    document.pages = [
        PageDocument(n, number, f"page-{number}", _long(key, number, text))
        for number, text in enumerate(PAGES[key], start=1)
    ]
    return document


@pytest.fixture(scope="module", params=ENGINES)
def indexed_long(request, django_db_setup, django_db_blocker):
    documents = (_document(n, key) for n, key in enumerate(PAGES, start=1))
    with django_db_blocker.unblock(), indexed_into(request.param, documents) as engine:
        yield engine


@pytest.mark.django_db
@pytest.mark.parametrize("query", LONG_CASES)
def test_words_deep_in_long_pages_are_marked(indexed_long, query):
    response = indexed_long.search(SearchRequest(parse_query(query)))
    assert response.count == len(response.results)
    shown = {
        r.reference: (
            r.matches[0].page,
            "|".join(re.findall(r"<mark>(.*?)</mark>", r.matches[0].snippet)),
        )
        for r in response.results
    }
    assert shown == CASES[query]
    for result in response.results:  # the snippet is cut from the page around the word
        plain = re.sub(r"</?mark>", "", result.matches[0].snippet)
        assert len(plain) <= snippets.SNIPPET_CHARS + 15 + 2  # moved to a space, and two "…"


def _marked(found) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", found[1])


WORDS = ["人脸识别", "ལྷ་ས", "كىتاب", "surveillance"]


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("where", [0.0, 0.3, 0.75, 1.0])
def test_terms_given_find_what_analysing_the_whole_page_finds(word, where):
    """The word (three times, close together) at some point of a long mixed-script page."""
    filler = "".join(FILLER.values()) * 12
    cut = int(len(filler) * where)
    text = filler[:cut] + f" {word} ، {word}། {word} " + filler[cut:]
    clauses = parse_query(word).positive_clauses
    padded = f" {index_text(text)} "
    term_spans = snippets._term_spans(padded, clauses)
    # Placed from the terms, analysing only a stretch of the page (not the fallback).
    assert snippets._located_spans(text, padded, padded.count(" ") - 1, term_spans) is not None
    located = snippets.snippet(text, clauses, index_text(text))
    whole = snippets.snippet(text, clauses)
    assert located is not None
    assert located == whole
    assert located[0][1] >= 2  # at the page's very end the window may cut the last one off
    assert set(_marked(located)) == {word}


def test_every_clause_is_counted_wherever_it_stands():
    filler = FILLER["en"] * 80
    text = "surveillance " + filler + " 人脸识别 " + filler
    clauses = parse_query("surveillance 人脸识别").positive_clauses
    (kinds, marks), html = snippets.snippet(text, clauses, index_text(text))
    assert (kinds, marks) == (2, 1)
    assert snippets.snippet(text, clauses)[0] == (2, 1)


def test_a_page_without_the_word_has_no_snippet():
    text = FILLER["zh"] * 100
    clauses = parse_query("人权").positive_clauses
    assert snippets.snippet(text, clauses, index_text(text)) is None


def test_terms_that_do_not_fit_the_text_fall_back_to_analysing_it():
    """An index whose terms are not this text's (stale): the text itself decides."""
    text = FILLER["bo"] * 60 + "ལྷ་སའི་" + FILLER["bo"] * 30
    clauses = parse_query("ལྷ་ས").positive_clauses
    stale = index_text(FILLER["en"] * 10 + " ལྷ ས ")
    found = snippets.snippet(text, clauses, stale)
    assert found == snippets.snippet(text, clauses)
    assert _marked(found) == ["ལྷ་སའི"]


def test_best_matches_takes_pages_with_or_without_terms():
    """The word at the page's very end is marked (a snippet cut it off once)."""
    text = FILLER["ar"] * 100 + "قرأ الطالب كتابًا"
    clauses = parse_query("كتابا").positive_clauses
    with_terms = snippets.best_matches(clauses, [(1, "page-1", text, index_text(text))])
    without = snippets.best_matches(clauses, [(1, "page-1", text)])
    assert with_terms == without
    assert _marked((None, with_terms[0].snippet)) == ["كتابًا"]


def test_item_document_pages_are_the_engines_input():
    # The long documents really are long: the located path is the one exercised above.
    document: ItemDocument = _document(1, "zh_hans")
    assert all(len(page.text) > 3 * snippets.CHUNK_CHARS for page in document.pages)


def test_a_phrase_longer_than_the_stretch_is_still_marked():
    phrase = " ".join(["surveillance cameras near the school"] * 8)
    text = FILLER["en"] * 60 + phrase + " " + FILLER["en"] * 60
    clauses = parse_query(f'"{phrase}"').positive_clauses
    found = snippets.snippet(text, clauses, index_text(text))
    assert found is not None and found[0][0] == 1
    assert found == snippets.snippet(text, clauses)
