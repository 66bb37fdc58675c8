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

from collections import defaultdict
from collections.abc import Iterable

from django.utils.html import escape

from search.analysis import tokens
from search.engines.base import MATCHES_PER_ITEM, Match
from search.query import Clause

SNIPPET_CHARS = 160  # about what Elasticsearch's fragment_size and FTS5's 24 tokens gave
LEAD_CHARS = 30  # context shown before the first marked word
MAX_SPANS = 200  # places looked at on one page for the best stretch (a common word's page)


def _spans(text: str, clauses: list[Clause]) -> list[tuple[int, int, int]]:
    """(start, end, clause number) of every place a clause's terms stand together."""
    found = tokens(text)
    at: dict[str, list[int]] = defaultdict(list)
    for i, token in enumerate(found):
        at[token.term].append(i)
    spans = []
    for number, clause in enumerate(clauses):
        for variant in clause.variants:
            n = len(variant)
            for i in at.get(variant[0], ()):
                if all(i + k < len(found) and found[i + k].term == variant[k] for k in range(1, n)):
                    spans.append((found[i].start, found[i + n - 1].end, number))
    return sorted(spans)


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
