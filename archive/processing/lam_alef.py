"""Putting lam-alef back in order in the text of a PDF an office document was converted to.

Arabic writes lam followed by alef (لا, and لأ لإ لآ with a hamza or madda) as one ligature.
LibreOffice's PDF export maps that glyph to its two letters in visual order, so the PDF's text
layer holds alef before lam: والاقتصادية comes out as واالقتصادية, الإعلام as اإلعالم, and
search misses the word. Alef-lam is also what the definite article is (ال), so the text alone
cannot tell a swapped pair from a real one; the document's own XML can. A word of the PDF text
that the document does not hold is replaced by the one reading with pairs swapped back that it
does hold; any other word is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product

ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_ALEFS = "اأإآ"
_LAM = "ل"
_TATWEEL = "\u0640"
# 2**6 readings of a word at most: a longer word's pairs are left as they are.
MAX_PAIRS = 6


def has_alef_lam(text: str) -> bool:
    return any(alef + _LAM in text for alef in _ALEFS)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The Arabic-script words of the document's own text, without tatweel (the stretching
    LibreOffice may set differently)."""
    return {_bare(word) for text in texts for word in ARABIC_WORD.findall(text)}


def _bare(word: str) -> str:
    return word.replace(_TATWEEL, "")


def _readings(word: str) -> Iterable[str]:
    pairs = [i for i in range(len(word) - 1) if word[i] in _ALEFS and word[i + 1] == _LAM]
    if not pairs or len(pairs) > MAX_PAIRS:
        return
    for swaps in product((False, True), repeat=len(pairs)):
        if not any(swaps):
            continue
        letters = list(word)
        for i, swap in zip(pairs, swaps, strict=True):
            if swap:
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
        yield "".join(letters)


def repair_word(word: str, known: set[str]) -> str:
    bare = _bare(word)
    if bare in known:
        return word
    found = {reading for reading in _readings(bare) if reading in known}
    return found.pop() if len(found) == 1 else word


def repair(text: str, known: set[str]) -> str:
    """The text with each word the document does not hold, but holds with its lam-alef pairs
    in order, written as the document has it."""
    if not known or not has_alef_lam(text):
        return text
    return ARABIC_WORD.sub(lambda match: repair_word(match.group(), known), text)
