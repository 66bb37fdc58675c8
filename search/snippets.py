"""Snippets of a page's own text with the matched words marked, and which pages show first: one
implementation for every engine.

Engines index terms (search/analysis.py), not the text shown, so no engine's own highlighter can
mark the original words of a Chinese, Tibetan or Arabic page. Each engine returns a few pages of
each shown item that match, with their stored text; here the same analysis finds where each
clause of the query stands in that text, and the marks go around the original characters: a
whole Chinese word (not its bigrams one by one, nor scattered characters), a Tibetan word with
its affix, an Arabic word with its harakat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape

from search.analysis import HAN_KANA, term_offsets
from search.engines.base import MATCHES_PER_ITEM, Match
from search.query import Clause

SNIPPET_CHARS = 160  # about what Elasticsearch's fragment_size and FTS5's 24 tokens gave
LEAD_CHARS = 30  # context shown before the first marked word
MAX_SPANS = 200  # places looked at on one page for the best stretch (a common word's page)
CHUNK_CHARS = 600  # analysed at a time
# Where a stretch may end: after CJK or Tibetan punctuation, or a space not between Han or kana
# (those are read through: search/analysis.py).
_BOUNDARY = re.compile(rf"[\u3001\u3002\uff0c\u0f0b\u0f0d]|(?<![{HAN_KANA}])\s|\s(?![{HAN_KANA}])")


def _spans(text: str, clauses: list[Clause]) -> list[tuple[int, int, int]]:
    """(start, end, clause number) of places a clause's terms stand together.

    Analysing a page costs about a millisecond in Python, and a search shows some fifty pages:
    so the page is analysed a stretch at a time, and no further once every clause has been found
    (a common word, on its first lines).
    """
    variants = [(v, number) for number, clause in enumerate(clauses) for v in clause.variants]
    first = {variant[0] for variant, _ in variants}
    terms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    waiting: list[int] = []  # positions of a first term whose variants are not yet checked
    spans: list[tuple[int, int, int]] = []
    found: set[int] = set()
    begin = 0
    while begin < len(text) and len(found) < len(clauses):
        cut = _cut(text, begin)
        chunk_terms, chunk_starts, chunk_ends = term_offsets(text[begin:cut])
        offset = len(terms)
        terms += chunk_terms
        starts += [start + begin for start in chunk_starts]
        ends += [end + begin for end in chunk_ends]
        waiting += [offset + i for i, term in enumerate(chunk_terms) if term in first]
        last_chunk = cut >= len(text)
        still = []
        for i in waiting:
            for variant, number in variants:
                n = len(variant)
                if i + n > len(terms) and not last_chunk:
                    still.append(i)  # the phrase may go on in the next stretch
                    break
                if tuple(terms[i : i + n]) == variant:
                    spans.append((starts[i], ends[i + n - 1], number))
                    found.add(number)
        waiting = sorted(set(still))
        begin = cut
    return sorted(set(spans))


def _cut(text: str, begin: int) -> int:
    """Where the stretch from begin ends: at a boundary no word crosses, past CHUNK_CHARS."""
    if len(text) - begin <= CHUNK_CHARS * 3 // 2:
        return len(text)
    boundary = _BOUNDARY.search(text, begin + CHUNK_CHARS)
    return boundary.end() if boundary else len(text)


def _window(text: str, spans: list[tuple[int, int, int]]) -> tuple[int, int]:
    """The stretch of SNIPPET_CHARS that shows the most different clauses, then the most marks."""
    best, best_key = spans[0][0], (-1, -1)
    for start, _, _ in spans:
        inside = [s for s in spans if s[0] >= start and s[1] <= start + SNIPPET_CHARS - LEAD_CHARS]
        key = (len({s[2] for s in inside}), len(inside))
        if key > best_key:
            best, best_key = start, key
    # Near the end of the page, more of what comes before is shown instead.
    begin = max(0, min(best - LEAD_CHARS, len(text) - SNIPPET_CHARS))
    # Begin and end on whitespace where there is some near, not inside a word.
    if begin:
        space = text.rfind(" ", max(0, begin - 15), begin + 1)
        if space < 0:
            space = text.find(" ", begin, best)
        if space >= 0:
            begin = space + 1
    end = min(len(text), begin + SNIPPET_CHARS)
    space = text.rfind(" ", end - 15, end)
    if end < len(text) and space > best:
        end = space
    return begin, end


def snippet(text: str, clauses: list[Clause]) -> tuple[tuple[int, int], str] | None:
    """((clauses found on the page, marks shown), HTML) for a page, or None if it holds none."""
    spans = _spans(text, clauses)[:MAX_SPANS]
    if not spans:
        return None
    begin, end = _window(text, spans)
    parts = ["…"] if text[:begin].strip() else []
    cursor = begin
    shown = 0
    # A phrase before the single words it starts with; marks never overlap.
    for start, stop, _ in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < cursor or stop > end:  # overlapping an earlier mark, or past the window
            continue
        parts += [escape(text[cursor:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        cursor = stop
        shown += 1
    parts.append(escape(text[cursor:end]))
    if text[end:].strip():
        parts.append("…")
    html = "".join(parts).strip()
    return (len({s[2] for s in spans}), shown), " ".join(html.split())


def best_matches(clauses: list[Clause], pages: Iterable[tuple[int, str, str]]) -> list[Match]:
    """The pages to show for an item, from (number, anchor, text) that an engine found: those
    holding the most different words first, then the most marks, then in page order."""
    scored = []
    for position, (number, anchor, text) in enumerate(pages):
        found = snippet(text, clauses)
        if found is not None:
            (kinds, marks), html = found
            scored.append(((-kinds, -marks, position), Match(number, anchor, html)))
    scored.sort(key=lambda pair: pair[0])
    return [match for _, match in scored[:MATCHES_PER_ITEM]]
