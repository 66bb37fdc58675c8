"""Snippets of a page's own text with the matched words marked, and which pages show first: one
implementation for every engine.

Engines index terms (search/analysis.py), not the text shown, so no engine's own highlighter can
mark the original words of a Chinese, Tibetan or Arabic page. Each engine returns a few pages of
each shown item that match, with their stored text (and, where it keeps them, the page's indexed
terms); here the same analysis finds where each clause of the query stands in that text, and the
marks go around the original characters: a whole Chinese word (not its bigrams one by one, nor
scattered characters), a Tibetan word with its affix, an Arabic word with its harakat.

Analysing a page into terms with their offsets costs about as much as the rest of a search
(BENCHMARKS.md, issue 12), so a page is not analysed whole: the page's terms (as indexed, or
found without offsets, which is three times cheaper) say which clauses it holds and where the
best stretch of them is, and only a stretch of text around that place is analysed with offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.utils.html import escape

from search.analysis import HAN_KANA, term_offsets
from search.engines.base import MATCHES_PER_ITEM, Match
from search.query import Clause

SNIPPET_CHARS = 160  # about what Elasticsearch's fragment_size and FTS5's 24 tokens gave
LEAD_CHARS = 30  # context shown before the first marked word
MAX_SPANS = 200  # places looked at on one page for the best stretch (a common word's page)
CHUNK_CHARS = 600  # analysed at a time
LOCATE_TRIES = 4  # stretches analysed to reach the chosen place before analysing from the start
# Where a stretch may begin or end: after CJK or Tibetan punctuation, or a run of whitespace not
# between Han or kana (those are read through: search/analysis.py), so no word crosses it.
_BOUNDARY = re.compile(
    rf"[\u3001\u3002\uff0c\u0f0b\u0f0d]|(?<![{HAN_KANA}\s])\s+|(?<!\s)\s+(?![{HAN_KANA}\s])"
)

Span = tuple[int, int, int]  # start, end (in characters or in terms), clause number


def _term_spans(terms: str, clauses: list[Clause]) -> list[Span]:
    """(first term, term after the last, clause number) of each place a clause stands in the
    page's terms, given as " term term … " (found by str.find, not term by term in Python)."""
    spans = []
    for number, clause in enumerate(clauses):
        for variant in clause.variants:
            needle = " " + " ".join(variant) + " "
            position, index = terms.find(needle), -1
            counted = 0  # terms.count(" ", 0, counted) terms stand before `counted`
            while position >= 0:
                index += terms.count(" ", counted, position + 1)
                counted = position + 1
                spans.append((index, index + len(variant), number))
                position = terms.find(needle, position + 1)
    spans.sort()
    return spans


def _best_term_window(spans: list[Span], width: int) -> tuple[int, int]:
    """Which spans (from, to) make the stretch of `width` terms that holds the most different
    clauses, then the most places: the choice _window makes in characters, made in terms."""
    best, best_key = (0, 1), (-1, -1)
    clauses: Counter[int] = Counter()
    last = 0  # spans[first:last] are inside the stretch that begins at spans[first]
    for first, (start, _, _) in enumerate(spans):
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= start + width:
            clauses[spans[last][2]] += 1
            last += 1
        if last > first:
            key = (len(clauses), last - first)
            if key > best_key:
                best, best_key = (first, last), key
            clauses[spans[first][2]] -= 1
            if not clauses[spans[first][2]]:
                del clauses[spans[first][2]]
    return best


def _begin_before(text: str, position: int) -> int:
    """The last place at or before position where a stretch may begin (0: the page's start)."""
    for reach in (40, CHUNK_CHARS):
        if position - reach <= 0:
            return 0
        begin = 0
        for boundary in _BOUNDARY.finditer(text, position - reach):
            if boundary.end() > position:
                break
            begin = boundary.end()
        if begin:
            return begin
    return 0


def _end_after(text: str, position: int) -> int:
    """The first place at or after position where a stretch may end (the page's end)."""
    boundary = _BOUNDARY.search(text, max(0, position))
    return boundary.end() if boundary else len(text)


def _align(terms: str, chunk: list[str], near: int) -> int | None:
    """Which of the page's terms (" term term … ") the stretch's terms begin at (the place
    nearest `near` if they come more than once), None if nowhere: the text was not analysed as
    its terms say (a stale index), and the caller analyses from the start instead."""
    if not chunk:
        return None
    needle = " " + " ".join(chunk) + " "
    found = []
    position = terms.find(needle)
    while position >= 0:
        found.append(terms.count(" ", 0, position + 1) - 1)
        position = terms.find(needle, position + 1)
    return min(found, key=lambda k: abs(k - near)) if found else None


def _located_spans(
    text: str, terms: str, count_terms: int, spans: list[Span]
) -> tuple[list[Span], list[int]] | None:
    """The places of the clauses (spans, in terms) around the best stretch of the page, in
    characters, and the starts a snippet may begin at; only the text around that stretch is
    analysed. None when a stretch analysed cannot be placed among the terms."""
    per_term = len(text) / count_terms  # characters, on average
    width = max(1, int((SNIPPET_CHARS - LEAD_CHARS) / per_term))
    chosen_from, chosen_to = _best_term_window(spans, width)
    first, last = spans[chosen_from][0], spans[chosen_to - 1][0]  # terms of the first, last start
    guess = int(first * per_term)
    want: tuple[int, int] | None = None  # the characters to analyse, once known exactly
    for _ in range(LOCATE_TRIES):
        if want is None:
            begin = _begin_before(text, guess - LEAD_CHARS - 40)
            end = _end_after(text, guess + int((last - first) * per_term) + SNIPPET_CHARS + 40)
        else:
            begin, end = _begin_before(text, want[0]), _end_after(text, want[1])
        chunk_terms, starts, ends = term_offsets(text[begin:end])
        k = _align(terms, chunk_terms, first)
        if k is None:
            return None
        count = len(chunk_terms)
        if k <= first and last < k + count:
            start_first, start_last = begin + starts[first - k], begin + starts[last - k]
            # Everything a snippet from one of these starts may show must have been analysed.
            low = max(0, min(start_first - LEAD_CHARS, len(text) - SNIPPET_CHARS) - 20)
            high = start_last + SNIPPET_CHARS + 20
            if (begin <= low or begin == 0) and (end >= high or end == len(text)):
                located = [
                    (begin + starts[i - k], begin + ends[j - 1 - k], number)
                    for i, j, number in spans
                    if i >= k and j <= k + count
                ]
                # A snippet begins at a chosen place wholly analysed (a phrase longer than the
                # margin may run past the stretch: then the analysis from the start decides).
                kept = {start for start, _, _ in located}
                chosen = [begin + starts[i - k] for i, _, _ in spans[chosen_from:chosen_to]]
                candidates = [start for start in chosen if start in kept]
                return (located, candidates) if candidates else None
            want = (low, high)
            continue
        # Not there yet: move by as many characters as this stretch has per term.
        per_term = (end - begin) / max(1, count)
        guess = begin + int((first - k) * per_term)
        want = None
    return None


def _spans(text: str, clauses: list[Clause]) -> list[Span]:
    """(start, end, clause number) of places a clause's terms stand together, analysing the
    page from its start a stretch at a time, no further once every clause has been found: for
    a page whose terms are not at hand or do not fit its text."""
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


def _cut(text: str, begin: int, length: int = CHUNK_CHARS) -> int:
    """Where the stretch from begin ends: at a boundary no word crosses, past length."""
    if len(text) - begin <= length * 3 // 2:
        return len(text)
    boundary = _BOUNDARY.search(text, begin + length)
    return boundary.end() if boundary else len(text)


def _window(text: str, spans: list[Span], candidates: list[int] | None = None) -> tuple[int, int]:
    """The stretch of SNIPPET_CHARS that shows the most different clauses, then the most marks,
    beginning at one of the spans (or one of `candidates`, starts of spans)."""
    best, best_key = spans[0][0], (-1, -1)
    for start in [s[0] for s in spans] if candidates is None else candidates:
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
    # The first word shown is never cut off at the end (moving the beginning back to a space
    # did that to a page's last word).
    best_stop = max(s[1] for s in spans if s[0] == best)
    end = min(len(text), max(begin + SNIPPET_CHARS, best_stop))
    space = text.rfind(" ", end - 15, end)
    if end < len(text) and space >= best_stop:
        end = space
    return begin, end


def snippet(
    text: str, clauses: list[Clause], terms: str | None = None
) -> tuple[tuple[int, int], str] | None:
    """((clauses found on the page, marks shown), HTML) for a page, or None if it holds none.

    terms: the page's terms as indexed (search/analysis.index_text), when the engine keeps
    them; without, the page is analysed from its start until every clause has been found.
    """
    located = None
    if terms is not None and len(text) > CHUNK_CHARS:
        padded = f" {terms} "
        term_spans = _term_spans(padded, clauses)[:MAX_SPANS]
        if not term_spans:
            return None
        located = _located_spans(text, padded, terms.count(" ") + 1, term_spans)
    if located is None:
        spans, candidates, kinds = _spans(text, clauses)[:MAX_SPANS], None, None
    else:
        (spans, candidates), kinds = located, len({s[2] for s in term_spans})
    if not spans:
        return None
    begin, end = _window(text, spans, candidates)
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
    if kinds is None:
        kinds = len({s[2] for s in spans})
    return (kinds, shown), " ".join(html.split())


def best_matches(clauses: list[Clause], pages: Iterable[tuple]) -> list[Match]:
    """The pages to show for an item, from (number, anchor, text) or (number, anchor, text,
    terms as indexed) that an engine found: those holding the most different words first, then
    the most marks, then in page order."""
    scored = []
    for position, (number, anchor, text, *terms) in enumerate(pages):
        found = snippet(text, clauses, terms[0] if terms else None)
        if found is not None:
            (kinds, marks), html = found
            scored.append(((-kinds, -marks, position), Match(number, anchor, html)))
    scored.sort(key=lambda pair: pair[0])
    return [match for _, match in scored[:MATCHES_PER_ITEM]]
