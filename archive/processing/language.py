"""The language of a page's text: Unicode script first, then a statistical detector.

Script decides what no detector trained on other languages can: Tibetan (its own block), Uyghur
(Arabic script with letters Arabic, Persian and Urdu do not use: ې ۆ ۇ ۈ ڭ ۋ ە), Japanese (kana
among the Han), Korean (hangul), and Simplified against Traditional Chinese (OpenCC: characters
that conversion to Simplified would change are Traditional-only, and the other way round).
Everything else goes to lingua (lingua-language-detector), restricted to the languages the
archive lists, so a short page is not called Yoruba. Returns a code of archive.choices.LANGUAGES,
"other", or "" when there is too little text to tell.

No Django: runs wherever the page text is (the worker, after reading).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

MIN_LETTERS = 12  # fewer letters than this, and the page says nothing about its language
# lingua in low-accuracy mode (trigrams: 65 MB and 0.5 s to load, against 450 MB and 15 s for
# the full models) is reliable from about two sentences; below that it guesses (an English
# sentence of 50 letters came back German), so shorter text in those scripts is left unknown.
MIN_DETECTOR_LETTERS = 60
_UYGHUR_LETTERS = frozenset("ېۆۇۈڭۋەﯤﯥﯦﯧ")
# lingua's names for the languages the archive lists (archive.choices.LANGUAGES), by code.
_DETECTED = {
    "en": "ENGLISH",
    "fr": "FRENCH",
    "de": "GERMAN",
    "it": "ITALIAN",
    "es": "SPANISH",
    "pl": "POLISH",
    "ru": "RUSSIAN",
    "nl": "DUTCH",
    "ar": "ARABIC",
    "he": "HEBREW",
    # Look-alikes a page may really be in, so the listed ones are not forced on it.
    "other": ("PERSIAN", "URDU", "PORTUGUESE", "UKRAINIAN", "TURKISH", "INDONESIAN"),
}


_SCRIPTS = {
    "tibetan": re.compile("[\u0f00-\u0fff]"),
    "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]"),
    "hangul": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "han": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]"),
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
}
_LETTER = re.compile(r"[^\W\d_]")
# What is looked at of a page: the time grows with the text, the answer barely (2,000
# characters for the scripts, 1,000 for lingua and OpenCC: about 2 ms a page in all).
SCRIPT_SAMPLE = 2000
SAMPLE = 1000


def detect_language(text: str) -> str:
    """The language code of this text ("" if it cannot tell)."""
    text = text[:SCRIPT_SAMPLE]
    scripts = Counter({name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()})
    scripts["other"] = len(_LETTER.findall(text)) - sum(scripts.values())
    letters = sum(n for n in scripts.values() if n > 0)
    if letters < MIN_LETTERS:
        return ""
    script, count = scripts.most_common(1)[0]
    if script == "tibetan":
        return "bo"
    if script in ("han", "kana", "hangul"):
        if scripts["hangul"] > scripts["kana"] and scripts["hangul"] >= 0.2 * count:
            return "ko"
        if scripts["kana"] >= 0.1 * (scripts["han"] + scripts["kana"]):
            return "ja"
        return chinese_variant(text)
    if script == "arabic" and sum(c in _UYGHUR_LETTERS for c in text) >= 0.02 * count:
        return "ug"
    return _lingua(text) if letters >= MIN_DETECTOR_LETTERS else ""


def chinese_variant(text: str) -> str:
    """zh-Hant when the text holds more Traditional-only characters than Simplified-only ones,
    else zh-Hans (most characters are shared; a text with none either way is taken as
    Simplified, the mainland form most of the campaign's documents are in)."""
    traditional, simplified = chinese_forms(text)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def chinese_forms(text: str) -> tuple[int, int]:
    """How many of the text's characters are Traditional-only, and how many Simplified-only."""
    to_simplified, to_traditional = _converters()
    text = text[:SAMPLE]
    traditional = sum(a != b for a, b in zip(text, to_simplified.convert(text), strict=False))
    simplified = sum(a != b for a, b in zip(text, to_traditional.convert(text), strict=False))
    return traditional, simplified


@cache
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    names = [n for v in _DETECTED.values() for n in ((v,) if isinstance(v, str) else v)]
    languages = [getattr(Language, name) for name in names]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


_CODES = {n: code for code, v in _DETECTED.items() for n in ((v,) if isinstance(v, str) else v)}


def _lingua(text: str) -> str:
    language = _detector().detect_language_of(text[:SAMPLE])
    return _CODES.get(language.name, "other") if language is not None else ""


def dominant_language(languages: list[str]) -> str:
    """The language most pages are in (pages that could not tell left out), "" if none."""
    counted = Counter(code for code in languages if code)
    return counted.most_common(1)[0][0] if counted else ""
