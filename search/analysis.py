"""One analysis of text for search, in every script: what the query parser, every engine's index
and every snippet see (docs/decisions/0011-multilingual-analysis.md).

Text is cut into *words* (spans of the text as given, so highlights mark the original) and each
word gives one or more *terms* (what is indexed and searched):

- **Chinese and Japanese** (Han, hiragana, katakana) and **Korean** (hangul): a run of these
  characters gives overlapping bigrams, as Lucene's cjk_bigram does, and a lone character one
  unigram; a word of the query is then a phrase of its bigrams, so 人权 never matches 人 … 权
  apart. Whitespace between Han or kana characters is read through (a PDF often gives
  "中 文 姓 名" for 中文姓名; Chinese and Japanese put no spaces between words), but not
  around hangul, where spaces separate words. Traditional characters are folded to Simplified
  with OpenCC (t2s), after NFKC (Kangxi radicals, compatibility ideographs, half-width kana).
- **Tibetan**: one word per syllable, split on the tsheg and shad, combining marks (vowel signs,
  subjoined letters) kept; the affixed particles written with འ (འི, འོ, འམ, འང, འུ) are taken
  off, so ལྷ་སའི and ལྷ་ས index alike. ས and ར cannot be told from a syllable's own final
  letter, so they are handled in the query instead (`tibetan_variants`).
- **Arabic script** (Arabic, Persian, Uyghur): harakat and tatweel removed, أ إ آ ٱ folded to ا,
  ة to ه, Persian ی to ي and ک to ك; ى is kept apart from ي, since in Uyghur they are different
  letters (i and y). Arabic-Indic digits become ASCII digits, as all decimal digits do.
- **Everything else** (Latin, Cyrillic, Greek, Hebrew, ...): runs of letters, marks and digits,
  lower-cased, Latin/Greek/Cyrillic diacritics folded (and ß, æ, ø ...), ASCII words Porter-
  stemmed: what FTS5's `porter unicode61 remove_diacritics 2` did before.

A term holds letters, marks and digits only, never a space or an ASCII punctuation mark, so
engines index the terms joined by spaces with a whitespace tokenizer, and a query can quote
them safely.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

import opencc
import regex
import Stemmer

HAN_KANA = r"\p{Han}\p{Hiragana}\p{Katakana}\u3005\u3006\u30fc\u30f6\u3031-\u3035"
_CJK = HAN_KANA + r"\p{Hangul}"
_OWN_SCRIPTS = _CJK + r"\p{Tibetan}\p{Arabic}\u0640"
_WORD = regex.compile(
    # A run of CJK characters, reading through whitespace between Han or kana characters.
    rf"(?P<cjk>(?:[{HAN_KANA}]\s+(?=[{HAN_KANA}])|[{_CJK}])+)"
    # Combining marks of the Inherited script (harakat among them) belong to the word too.
    r"|(?P<tibetan>[\p{Tibetan}&&[\p{L}\p{N}]](?:[\p{Tibetan}&&[\p{L}\p{M}\p{N}]]|\p{M})*)"
    r"|(?P<arabic>(?:[\p{Arabic}&&[\p{L}\p{N}]]|\u0640)(?:[\p{Arabic}&&[\p{L}\p{M}\p{N}]]|\u0640|\p{M})*)"
    # Other words run in one script: a word does not change alphabet halfway ("ςΒΘΒhabibi",
    # from a PDF whose text layer glued a Greek stand-in to a Latin word, is two).
    r"|(?P<other>[\p{Latin}\p{M}\p{N}]+|[\p{Greek}\p{M}\p{N}]+|[\p{Cyrillic}\p{M}\p{N}]+"
    rf"|[[\p{{L}}\p{{M}}\p{{N}}]--[{_OWN_SCRIPTS}\p{{Latin}}\p{{Greek}}\p{{Cyrillic}}]]+)",
    regex.V1,
)
_SPACE = regex.compile(r"\s+")

_T2S = opencc.OpenCC("t2s.json")
_STEMMER = Stemmer.Stemmer("porter")

# Every decimal digit (Arabic-Indic, Tibetan, full-width ...) as its ASCII digit.
_DIGITS = {
    cp: str(unicodedata.decimal(chr(cp)))
    for cp in range(0x80, 0x10000)
    if unicodedata.category(chr(cp)) == "Nd"
}
_ARABIC_FOLD = str.maketrans(
    {
        **_DIGITS,
        **dict.fromkeys(range(0x064B, 0x0653)),  # harakat: tanwin, fatha ... sukun
        **dict.fromkeys(range(0x0656, 0x0660)),  # further vowel marks
        0x0670: None,  # superscript alef
        0x0640: None,  # tatweel
        **dict.fromkeys(range(0x06D6, 0x06EE)),  # Quranic annotation marks
        0x0622: "\u0627",  # آ → ا
        0x0623: "\u0627",  # أ → ا
        0x0625: "\u0627",  # إ → ا
        0x0671: "\u0627",  # ٱ → ا
        0x0629: "\u0647",  # ة → ه
        0x06CC: "\u064a",  # Persian ی → ي (ى, Uyghur's i, is left alone)
        0x06A9: "\u0643",  # ک → ك
    }
)
# Letters NFKD does not take apart (as Lucene's ASCIIFoldingFilter folds them).
_LATIN_FOLD = str.maketrans(
    {
        **_DIGITS,
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
        "ŋ": "n",
    }
)
_LATIN_MARKS = regex.compile(r"[[\u0300-\u036f\u0591-\u05c7]&&\p{Mn}]", regex.V1)

# Tibetan particles written onto the syllable before them with འ: genitive, final, alternative,
# concessive, and the terminative form འུ.
TIBETAN_AFFIXES = ("འི", "འོ", "འམ", "འང", "འུ")
# Written onto a syllable as its last letter: ergative/instrumental ས, dative/locative ར.
TIBETAN_LETTER_AFFIXES = ("ས", "ར")


class Token(NamedTuple):
    """One term and where in the text it stands (start inclusive, end exclusive)."""

    term: str
    start: int
    end: int


class Word(NamedTuple):
    """A span of the text (a CJK run, a Tibetan syllable, a word) and its terms."""

    script: str  # "cjk", "tibetan", "arabic" or "other"
    start: int
    end: int
    tokens: tuple[Token, ...]


def words(text: str) -> list[Word]:
    """The words of a text with their terms, offsets into the text as given."""
    found: list[Word] = []
    for match in _WORD.finditer(text):
        script = match.lastgroup
        start, end = match.span()
        if script == "cjk":
            tokens = _cjk_tokens(match.group(), start)
        else:
            term = _TERMS[script](match.group())
            tokens = (Token(term, start, end),) if term else ()
        if tokens:
            found.append(Word(script, start, end, tokens))
    return found


def tokens(text: str) -> list[Token]:
    return [token for word in words(text) for token in word.tokens]


def index_text(text: str) -> str:
    """The terms of a text joined by spaces: what every engine indexes."""
    return " ".join(token.term for word in words(text) for token in word.tokens)


def tibetan_variants(terms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A query word of several Tibetan syllables, with and without a ས or ར affix on its last.

    ས and ར are also ordinary final letters (ཆོས, བར), so they are not taken off in the index:
    the query asks for each form instead. Only for words of two syllables or more, where the
    syllables before make a wrong match unlikely; a single syllable is searched as written.
    """
    *head, last = terms
    base = last
    if len(last) > 1 and last.endswith(TIBETAN_LETTER_AFFIXES):
        base = last[:-1]
    forms = [last, base, *(base + affix for affix in TIBETAN_LETTER_AFFIXES)]
    return [(*head, form) for form in dict.fromkeys(forms)]


# --- terms of one word ----------------------------------------------------------------------


def _cjk_tokens(run: str, offset: int) -> tuple[Token, ...]:
    positions = [i for i, ch in enumerate(run) if not ch.isspace()]
    chars = "".join(run[i] for i in positions)
    folded = _fold_cjk(chars)
    starts = [offset + i for i in positions]
    if len(folded) == 1:
        return (Token(folded, starts[0], starts[0] + 1),)
    return tuple(
        Token(folded[k : k + 2], starts[k], starts[k + 1] + 1) for k in range(len(folded) - 1)
    )


@lru_cache(maxsize=65536)
def _fold_cjk(chars: str) -> str:
    """NFKC and Traditional → Simplified, one character for one (offsets must still hold)."""
    normal = unicodedata.normalize("NFKC", chars)
    if len(normal) != len(chars):
        normal = "".join(_one(unicodedata.normalize("NFKC", ch), ch) for ch in chars)
    simplified = _T2S.convert(normal)
    if len(simplified) != len(normal):
        simplified = "".join(_one(_T2S.convert(ch), ch) for ch in normal)
    return simplified


def _one(converted: str, original: str) -> str:
    return converted if len(converted) == 1 else original


@lru_cache(maxsize=65536)
def _tibetan_term(syllable: str) -> str:
    syllable = syllable.translate(_DIGITS)
    for affix in TIBETAN_AFFIXES:
        if syllable.endswith(affix) and len(syllable) > len(affix):
            return syllable[: -len(affix)]
    return syllable


@lru_cache(maxsize=65536)
def _arabic_term(word: str) -> str:
    return unicodedata.normalize("NFKC", word).translate(_ARABIC_FOLD)


@lru_cache(maxsize=262144)
def _other_term(word: str) -> str:
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", word.lower()))
    folded = unicodedata.normalize("NFC", folded).translate(_LATIN_FOLD)
    if folded.isascii():
        return _STEMMER.stemWord(folded)
    return folded


_TERMS = {"tibetan": _tibetan_term, "arabic": _arabic_term, "other": _other_term}


def surface(text: str, word: Word) -> str:
    """A word as the visitor wrote it, for showing the query back: lower case, and a CJK run
    without the spaces that were read through."""
    return _SPACE.sub("", text[word.start : word.end]).lower()
