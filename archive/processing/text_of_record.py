"""Choosing a page's text of record among the readings of it (pdfminer.six, PDFium, OCR, ...).

Every reader gives one Candidate per extractor for each page; `choose` scores them on what goes
wrong in real files and keeps the best, saying which won and why. What is wrong falls in two
groups (docs/decisions/0010-text-of-record.md):

- **lost**: what no normalisation can bring back — replacement characters (U+FFFD),
  private-use code points (a font's own glyph numbers, e.g. Tibetan stacks), control
  characters, pdfminer.six's `(cid:N)` placeholders, mojibake (GBK or UTF-8 bytes read as
  Latin-1: runs like "ÖÐ¹ú" or "â€™"). A page whose every candidate has lost more than
  GARBLED_SHARE of its characters is garbled: flagged to the researcher.
- **repairable**: compatibility characters that NFKC maps to the real ones (Kangxi radicals
  such as ⼈ U+2F08 for 人, the ﬁ ligature, Arabic presentation forms, full-width forms), the
  radicals of the CJK Radicals Supplement that Unicode's table maps (⻚ U+2EDA for 页) and
  right-to-left text stored in visual order. `normalise` repairs them; a candidate that needed
  no repair wins over one that did.

Pure functions, no Django: they run in the reader's child process and in tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from archive.processing.cjk_radicals import RADICAL_SUPPLEMENT, ideograph
from archive.processing.result import ExtractedPage

GARBLED_SHARE = 0.3  # more lost than this, and the reading is no use for search or quotation
REPAIR_WEIGHT = 0.1  # a repaired character costs a tenth of a lost one
CLOSE = 0.001  # scores this close are equal: the tie goes to the reader's first choice

_CID = re.compile(r"\(cid:\d+\)")
# Latin-1 letters and signs standing two or more together: what GBK, Big5 or UTF-8 bytes look
# like when read as Latin-1 or cp1252 ("ÖÐ¹ú", "Ã©", "â€™"). Real Latin-script words rarely
# put two such characters side by side.
_MOJIBAKE = re.compile(
    "[\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_ALLOWED_CONTROLS = frozenset("\n\t")
_SPACE = re.compile(r"\s")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COMPATIBILITY_BLOCKS = re.compile(
    "[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufdff\ufe70-\ufeff\uff01-\uff5e\uff61-\uff9f]"
)
_ARABIC_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+")


@dataclass(frozen=True)
class Candidate:
    extractor: str  # "pdfminer", "pdfium", "ocr", "text", ...
    text: str
    # The reader puts right-to-left text in logical order itself (PDFium's text API applies the
    # Unicode bidi algorithm; pdfminer.six gives the order glyphs stand on the page).
    logical_order: bool = False
    # How sure the reader is of its own reading, 0..1: OCR's mean word confidence; 1 for a
    # text layer, whose characters are what the file says.
    confidence: float = 1.0


@dataclass(frozen=True)
class Quality:
    lost: float  # share of the visible characters that are lost
    repairable: float  # share that normalisation repairs
    problems: tuple[str, ...]  # what was found, in words, for the record
    confidence: float = 1.0  # the reader's own (OCR's word confidence); scales the score

    @property
    def score(self) -> float:
        return max(0.0, 1.0 - self.lost - REPAIR_WEIGHT * self.repairable) * self.confidence

    @property
    def garbled(self) -> bool:
        return self.lost > GARBLED_SHARE


@dataclass(frozen=True)
class Choice:
    text: str  # normalised: the text stored, shown, searched and quoted
    extractor: str  # "none" when no candidate had text
    quality: Quality
    reason: str  # why this candidate won, "" when there was no contest

    @property
    def garbled(self) -> bool:
        return bool(self.text) and self.quality.garbled


NO_TEXT = Quality(0.0, 0.0, ())


def assess(text: str, *, visual_order: bool | None = None) -> Quality:
    """What is lost and what is repairable in one reading of a page (visual_order: whether its
    right-to-left text is last letter first; None: as its letters tell)."""
    # Regular expressions, not a loop over characters: a page is read for every candidate.
    visible = len(text) - len(_SPACE.findall(text))
    if not visible:
        return NO_TEXT
    counts = {
        "replacement characters": text.count("\ufffd"),
        "(cid:N) placeholders": sum(map(len, _CID.findall(text))),
        "private-use code points": len(_PRIVATE_USE.findall(text)),
        "control characters": len(_CONTROL.findall(text)),
        "mojibake": sum(map(len, _MOJIBAKE.findall(text))),
    }
    repairs = {
        "compatibility characters": sum(map(_stands_in, _COMPATIBILITY_BLOCKS.findall(text))),
        "right-to-left text in visual order": (
            sum(map(len, _RTL_RUN.findall(text)))
            if (_reversed(text) if visual_order is None else visual_order)
            else 0
        ),
    }
    problems = tuple(
        f"{100 * n / visible:.0f}% {name}" for name, n in (*counts.items(), *repairs.items()) if n
    )
    return Quality(
        lost=min(1.0, sum(counts.values()) / visible),
        repairable=min(1.0, sum(repairs.values()) / visible),
        problems=problems,
    )


def choose(candidates: Sequence[Candidate]) -> Choice:
    """The best candidate, normalised, in the readers' order of preference on a tie."""
    texts = [c for c in candidates if c.text.strip()]
    if not texts:
        return Choice("", "none", NO_TEXT, "")
    if all(" ".join(c.text.split()) == " ".join(texts[0].text.split()) for c in texts[1:]):
        texts = texts[:1]  # the readings agree (the common case): one to assess
    visual = {id(c): _in_visual_order(c, texts) for c in texts}
    assessed = [(c, _assessed(c, visual[id(c)])) for c in texts]
    best, quality = assessed[0]
    for candidate, candidate_quality in assessed[1:]:
        if candidate_quality.score > quality.score + CLOSE:
            best, quality = candidate, candidate_quality
    reason = ""
    if len(assessed) > 1 and best is not assessed[0][0]:
        first, first_quality = assessed[0]
        found = ", ".join(first_quality.problems) or "a lower score"
        reason = f"{first.extractor}'s text had {found}"
    return Choice(
        normalise(best.text, visual_order=visual[id(best)]), best.extractor, quality, reason
    )


def _assessed(candidate: Candidate, visual_order: bool) -> Quality:
    quality = assess(candidate.text, visual_order=visual_order)
    if candidate.confidence >= 1.0:
        return quality
    problems = (*quality.problems, f"OCR confidence {100 * candidate.confidence:.0f}%")
    return Quality(quality.lost, quality.repairable, problems, max(0.0, candidate.confidence))


def _in_visual_order(candidate: Candidate, candidates: Sequence[Candidate]) -> bool:
    """Is this reading's right-to-left text last letter first? Its own letters say so, or, when
    they cannot tell (Hebrew without final forms), a reading in logical order of the same page
    holds its words turned round."""
    if candidate.logical_order or not _RTL_RUN.search(candidate.text):
        return False
    logical, reversed_ = _order_votes(candidate.text)
    if logical != reversed_:
        return reversed_ > logical
    words = set(_RTL_RUN.findall(candidate.text))
    for other in candidates:
        if other.logical_order:
            theirs = set(_RTL_RUN.findall(other.text))
            if len({w[::-1] for w in words} & theirs) > len(words & theirs):
                return True
    return False


def normalise(text: str, *, visual_order: bool | None = None) -> str:
    """Compatibility characters that hide words become the characters they stand for
    (radicals, ligatures, presentation and full-width forms: NFKC, for those alone),
    right-to-left text stored in visual order is put back in logical order (None: as its
    letters tell), and control characters other than newline and tab are dropped."""
    if _reversed(text) if visual_order is None else visual_order:
        text = "\n".join(_logical_line(line) for line in text.split("\n"))
    text = _CONTROL.sub("", text)
    text = _COMPATIBILITY_BLOCKS.sub(lambda m: ideograph(m[0]) if _stands_in(m[0]) else m[0], text)
    return unicodedata.normalize("NFC", text)


def _stands_in(c: str) -> bool:
    """A compatibility character standing in for another that search and quotations need:
    CJK radicals and compatibility ideographs, Latin and Hebrew ligatures and presentation
    forms, Arabic presentation forms, full-width letters and digits, half-width katakana.
    Others NFKC would also change (…, ², ½, ™, full-width CJK punctuation) are kept as
    written: they do not hide words."""
    o = ord(c)
    if o in RADICAL_SUPPLEMENT:  # which NFKC leaves alone (archive/processing/cjk_radicals.py)
        return True
    return (
        0x2E80 <= o <= 0x2FDF
        or 0xF900 <= o <= 0xFAFF
        or 0xFB00 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
        or (0xFF01 <= o <= 0xFF5E and c.isalnum())
        or 0xFF61 <= o <= 0xFF9F
    ) and unicodedata.normalize("NFKC", c) != c


def _form(c: str) -> str:
    """'initial', 'medial', 'final', 'isolated' for an Arabic presentation form, else ''."""
    name = unicodedata.name(c, "") if _ARABIC_FORMS.match(c) else ""
    for form in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form.lower()
    return ""


# Which presentation form may follow which inside one word, in logical order: a form joined on
# its left (initial, medial) is followed by one joined on its right (medial, final); a form not
# joined on its left (final, isolated) by the start of a new part (initial, isolated).
_JOINS_ON = {"initial": True, "medial": True, "final": False, "isolated": False}
_STARTS = {"initial": True, "medial": False, "final": False, "isolated": True}


def _breaks(forms: list[str]) -> int:
    return sum(_JOINS_ON[a] == _STARTS[b] for a, b in zip(forms, forms[1:], strict=False))


# Letters that stand only at one end of a word in logical order: Hebrew final forms and Arabic
# teh marbuta and alef maksura at the end; the Arabic article al- and Uyghur's hamza-yeh at the
# start. Read in visual order, each stands at the other end.
_ENDS_WORD = frozenset("ךםןףץةى")
_STARTS_WORD = ("ال", "ئ")


def _order_votes(text: str) -> tuple[int, int]:
    """(signs of logical order, signs of visual order) among the right-to-left words."""
    logical = reversed_ = 0
    for word in _RTL_RUN.findall(text):
        letters = "".join(c for c in word if unicodedata.category(c).startswith("L"))
        if len(letters) < 3:
            continue
        forms = [form for c in letters if (form := _form(c))]
        forward, backward = _breaks(forms), _breaks(forms[::-1])
        logical += forward < backward
        reversed_ += forward > backward
        if not forms:
            logical += letters[-1] in _ENDS_WORD or letters.startswith(_STARTS_WORD)
            reversed_ += letters[0] in _ENDS_WORD or letters[::-1].startswith(_STARTS_WORD)
    return logical, reversed_


def _reversed(text: str) -> bool:
    """Is the right-to-left text here written last letter first (visual order)?"""
    logical, reversed_ = _order_votes(text)
    return reversed_ > logical


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_STRONG_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_NOT_RTL = re.compile(r"[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\s]+")


def _logical_line(line: str) -> str:
    """A visual-order line in logical order: a right-to-left line reversed whole, with its
    left-to-right runs (numbers, Latin words) kept as they read and brackets mirrored; in a
    left-to-right line only the right-to-left words are turned round."""
    if len(_STRONG_RTL.findall(line)) > len(_STRONG_LTR.findall(line)):
        flipped = line[::-1].translate(_MIRRORED)
        return _NOT_RTL.sub(lambda m: m[0][::-1].translate(_MIRRORED), flipped)
    return _RTL_RUN.sub(lambda m: m[0][::-1], line)


# --- Pages as readers return them ---------------------------------------------------------


def page_of_record(number: int, choice: Choice) -> ExtractedPage:
    """A page as stored: the chosen text, which reading it is, its score and why."""
    note = choice.reason
    if choice.garbled:
        note = "; ".join(filter(None, [note, "every reading looks garbled"]))
    quality = round(choice.quality.score, 3) if choice.text else 0.0
    return ExtractedPage(number, choice.text, choice.extractor, quality, note)


def garbled_warning(pages: list[ExtractedPage]) -> list[str]:
    garbled = [p.number for p in pages if "garbled" in p.note]
    if not garbled:
        return []
    return [
        f"The text of {page_list(garbled)} looks garbled in every reading (characters lost or"
        " mis-encoded): check the original; search may miss words on them."
    ]


def page_list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"
