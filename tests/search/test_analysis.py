"""The analysis every engine indexes and every query is read with (search/analysis.py)."""

import pytest

from search.analysis import index_text, tokens
from search.query import parse_query


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # CJK runs give bigrams (a lone character one unigram), Traditional folded to Simplified.
        ("人臉識別系統", "人脸 脸识 识别 别系 系统"),
        ("人", "人"),
        ("中 文 姓 名", "中文 文姓 姓名"),  # spaces between Han characters are read through
        ("눈은 아니", "눈은 아니"),  # but not between hangul words
        ("ｶﾒﾗ。コントロール", "カメ メラ コン ント トロ ロー ール"),  # half-width kana too
        ("⼈权", "人权"),  # a Kangxi radical is the ideograph it looks like
        ("部\u2ed4\u2eda", "部门 门页"),  # so are the supplement's (⻔ ⻚), which NFKC leaves
        # Tibetan: syllables with their marks; affixes with འ taken off.
        ("བོད་དང་བྱེད།", "བོད དང བྱེད"),
        ("ལྷ་སའི་དགོན་པའི", "ལྷ ས དགོན པ"),
        ("༢༠༢༤", "2024"),
        # Arabic script: harakat, tatweel, alef forms; Uyghur's ى is not ي.
        ("المَدْرَسَةُ أحمد ـــ ٢٠٢٤", "المدرسه احمد 2024"),
        ("كىتاب كيتاب", "كىتاب كيتاب"),
        # Latin: lower case, diacritics folded, Porter stems.
        ("Caméras MONASTÈRE ﬁnding EV-2026-0042", "camera monaster find ev 2026 0042"),
    ],
)
def test_terms(text, terms):
    assert index_text(text) == terms


def test_offsets_point_into_the_text_as_given():
    text = "警方 人臉識別 ལྷ་སའི camera"
    assert [text[t.start : t.end] for t in tokens(text)] == [
        "警方",
        "方 人",  # the space is read through: the words run on
        "人臉",
        "臉識",
        "識別",
        "ལྷ",
        "སའི",
        "camera",
    ]


def test_marks_belong_to_their_word():
    """\\w+ dropped vowel signs and subjoined letters: བོད and བྱེད became the same query."""
    assert parse_query("བོད").positive_clauses[0].tokens == ("བོད",)
    assert parse_query("བྱེད").positive_clauses[0].tokens == ("བྱེད",)


def test_a_chinese_word_is_a_phrase_of_its_bigrams():
    [clause] = parse_query("人脸识别").positive_clauses
    assert clause.tokens == ("人脸", "脸识", "识别")
    assert not clause.is_phrase  # one word as written: shown without quotes


def test_tibetan_words_of_several_syllables_also_match_with_s_and_r_affixes():
    [clause] = parse_query("ལྷ་སར").positive_clauses
    assert set(clause.variants) == {("ལྷ", "སར"), ("ལྷ", "ས"), ("ལྷ", "སས")}
    [single] = parse_query("ཆོས").positive_clauses  # one syllable: ས may be its own letter
    assert single.variants == (("ཆོས",),)
