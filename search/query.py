"""The public query syntax: words, "exact phrases", -excluded words and OR, parsed for all engines.

The parser never fails: whatever a visitor types (unbalanced quotes, stray operators, Lucene
special characters, control characters, 60,000 characters) becomes a query the engines can run
safely, or an empty query with a message saying why. Engines never see the raw text: they build
their own syntax from the parsed clauses, whose tokens are terms of search/analysis.py (letters,
marks and digits only), the same terms every engine indexes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import regex

from django.utils.translation import gettext as _

from search import analysis

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 24
MAX_TOKENS_PER_CLAUSE = 24  # terms: a Chinese phrase of 25 characters gives 24 bigrams

# A quoted phrase (its closing quote optional), an OR, or a run of anything but space and quotes.
_LEXEME = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)', re.UNICODE)


@dataclass(frozen=True)
class Clause:
    """One searchable unit: terms that must stand side by side (a word may give several: a
    Chinese word its bigrams), as written (`display`), and the other forms that also match
    (`variants`, the first being `tokens`: a Tibetan word with and without a case affix)."""

    tokens: tuple[str, ...]
    display: str = ""
    variants: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self):
        if not self.display:
            object.__setattr__(self, "display", " ".join(self.tokens))
        if not self.variants:
            object.__setattr__(self, "variants", (self.tokens,))

    @property
    def is_phrase(self) -> bool:
        """Several words as the visitor wrote them (a quoted phrase, or "EV-2024-0001")."""
        return " " in self.display

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class ParsedQuery:
    """Every group must match (AND); within a group any clause may (OR); no excluded clause may."""

    raw: str = ""
    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def normalized(self) -> str:
        """The query as understood, in the public syntax (shown back to the visitor)."""
        parts = [" OR ".join(_shown(c) for c in group) for group in self.groups] + [
            f"-{_shown(c)}" for c in self.excluded
        ]
        return " ".join(parts)

    @property
    def positive_clauses(self) -> list[Clause]:
        return [clause for group in self.groups for clause in group]


def _shown(clause: Clause) -> str:
    return f'"{clause.display}"' if clause.is_phrase else clause.display


# Han or kana characters standing one by one between spaces ("中 文 姓 名", as PDFs give them and
# visitors paste them): one word, as search/analysis.py reads them in the text.
_SPACED_OUT = regex.compile(
    rf"(?<![{analysis.HAN_KANA}])[{analysis.HAN_KANA}](?:\s+[{analysis.HAN_KANA}])+"
    rf"(?![{analysis.HAN_KANA}])"
)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # Control and format characters (NUL, bidi overrides, zero-width joiners) become spaces.
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return _SPACED_OUT.sub(lambda m: "".join(m.group().split()), text)


def _clause(text: str) -> Clause | None:
    kept: list[analysis.Word] = []
    room = MAX_TOKENS_PER_CLAUSE
    for word in analysis.words(text):
        if room <= 0:
            break
        kept.append(word._replace(tokens=word.tokens[:room]))
        room -= len(word.tokens)
    if not kept:
        return None
    tokens = tuple(token.term for word in kept for token in word.tokens)
    variants = (tokens,)
    if len(kept) > 1 and kept[-1].script == kept[-2].script == "tibetan":
        variants = tuple(analysis.tibetan_variants(tokens))
    return Clause(tokens, _display(text, kept), variants)


def _display(text: str, words: list[analysis.Word]) -> str:
    """The words as written, lower case; Tibetan syllables keep the tsheg between them."""
    shown = analysis.surface(text, words[0])
    for before, word in zip(words, words[1:], strict=False):
        gap = text[before.end : word.start]
        joined = word.script == before.script == "tibetan" and gap.strip() in ("\u0f0b", "")
        shown += ("\u0f0b" if joined else " ") + analysis.surface(text, word)
    return shown


def parse_query(raw: str) -> ParsedQuery:
    parsed = ParsedQuery(raw=raw)
    text = _clean(raw or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.messages.append(
            _("Only the first %(count)s characters were searched.") % {"count": MAX_QUERY_CHARS}
        )
    pending_or = False
    clause_count = 0
    for match in _LEXEME.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(parsed.groups)
                continue
            if bare == "AND":  # the default between words; accepted so habits do no harm
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrase = bare[1:] if negated else bare
        clause = _clause(phrase or "")
        if clause is None:
            pending_or = False
            continue
        if clause_count >= MAX_CLAUSES:
            parsed.messages.append(
                _("Only the first %(count)s words or phrases were searched.")
                % {"count": MAX_CLAUSES}
            )
            break
        clause_count += 1
        if negated:
            parsed.excluded.append(clause)
        elif pending_or:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
    if parsed.is_empty and parsed.excluded:
        parsed.messages.append(_("Add a word to search for: excluded words alone match nothing."))
    return parsed
