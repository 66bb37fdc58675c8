"""The public query syntax: words, "exact phrases", -excluded words and OR, parsed for all engines.

The parser never fails: whatever a visitor types (unbalanced quotes, stray operators, Lucene
special characters, control characters, 60,000 characters) becomes a query the engines can run
safely, or an empty query with a message saying why. Engines never see the raw text: they build
their own syntax from the parsed clauses, whose tokens are runs of letters and digits only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 24
MAX_TOKENS_PER_CLAUSE = 12

# A quoted phrase (its closing quote optional), an OR, or a run of anything but space and quotes.
_LEXEME = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)', re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Clause:
    """One searchable unit: a single token, or several tokens that must stand side by side."""

    tokens: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1

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
        parts = [" OR ".join(_display(c) for c in group) for group in self.groups] + [
            f"-{_display(c)}" for c in self.excluded
        ]
        return " ".join(parts)

    @property
    def positive_clauses(self) -> list[Clause]:
        return [clause for group in self.groups for clause in group]


def _display(clause: Clause) -> str:
    return f'"{clause.text}"' if clause.is_phrase else clause.text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # Control and format characters (NUL, bidi overrides, zero-width joiners) become spaces.
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def _clause(text: str) -> Clause | None:
    tokens = tuple(token.lower() for token in _TOKEN.findall(text))[:MAX_TOKENS_PER_CLAUSE]
    return Clause(tokens) if tokens else None


def parse_query(raw: str) -> ParsedQuery:
    parsed = ParsedQuery(raw=raw)
    text = _clean(raw or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.messages.append(f"Only the first {MAX_QUERY_CHARS} characters were searched.")
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
            parsed.messages.append(f"Only the first {MAX_CLAUSES} words or phrases were searched.")
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
        parsed.messages.append("Add a word to search for: excluded words alone match nothing.")
    return parsed
