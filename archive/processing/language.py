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

import unicodedata
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


def _script(c: str) -> str:
    o = ord(c)
    if 0x0F00 <= o <= 0x0FFF:
        return "tibetan"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D:
        return "kana"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return "han"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    return "other" if unicodedata.category(c).startswith("L") else ""


def detect_language(text: str) -> str:
    """The language code of this text ("" if it cannot tell)."""
    scripts = Counter(s for c in text if (s := _script(c)))
    letters = sum(scripts.values())
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
    to_simplified, to_traditional = _converters()
    traditional = sum(a != b for a, b in zip(text, to_simplified.convert(text), strict=False))
    simplified = sum(a != b for a, b in zip(text, to_traditional.convert(text), strict=False))
    return "zh-Hant" if traditional > simplified else "zh-Hans"


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
    language = _detector().detect_language_of(text[:4000])
    return _CODES.get(language.name, "other") if language is not None else ""


def dominant_language(languages: list[str]) -> str:
    """The language most pages are in (pages that could not tell left out), "" if none."""
    counted = Counter(code for code in languages if code)
    return counted.most_common(1)[0][0] if counted else ""
