"""The query parser: what a visitor types becomes safe clauses, or an empty query with a reason."""

import pytest

from search.engines.base import Match
from search.query import MAX_CLAUSES, MAX_QUERY_CHARS, parse_query


def understood(raw: str) -> str:
    return parse_query(raw).normalized


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("camera monastery", "camera monastery"),
        ('"prayer hall" cameras', '"prayer hall" cameras'),
        ("cameras -monastery", "cameras -monastery"),
        ("server OR brochure camera", "server OR brochure camera"),
        ("a AND b", "a b"),
        ("OR OR a OR", "a"),
        ('"unbalanced quote', '"unbalanced quote"'),  # a phrase to the end
        ("EV-2024-0001", '"ev 2024 0001"'),  # a reference is searched as a phrase
        ("title:(foo) bar~2 ^3 {x TO y}", '"title foo" "bar 2" 3 x to y'),
        ("CAMÉRAS Ｃａｍｅｒａ", "caméras camera"),  # NFKC folds full-width letters
        ("a\x00b\u202ec", "a b c"),
        ('"" "" -', ""),
    ],
)
def test_parsing(raw, expected):
    assert understood(raw) == expected


def test_only_excluded_words_give_a_message_and_no_search():
    parsed = parse_query("-cameras")
    assert parsed.is_empty
    assert parsed.messages == ["Add a word to search for: excluded words alone match nothing."]


def test_long_queries_are_cut_with_a_message():
    parsed = parse_query("word " * 20000)
    assert len(parsed.groups) == MAX_CLAUSES
    assert any(str(MAX_QUERY_CHARS) in m for m in parsed.messages)
    assert any(str(MAX_CLAUSES) in m for m in parsed.messages)


def test_tokens_are_letters_and_digits_only():
    parsed = parse_query("*\"; DROP TABLE search_page; -- NEAR(a b) {col}: ^ \\ ' ` $")
    for clause in parsed.positive_clauses + parsed.excluded:
        for token in clause.tokens:
            assert token.isalnum() or "_" in token, token


def test_match_labels_name_the_file_after_the_first():
    assert Match(3, "page-3", "").label == "p. 3"
    assert Match(3, "f2-page-3", "").label == "file 2, p. 3"
