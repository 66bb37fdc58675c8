"""Filtering, facet counts, sorting and paging over matched items, for engines that match in SQL.

The FTS5 engine asks SQLite only for the items that match the words (with their score); the rest
happens here on one small tuple per matching item. Each facet counts the items that pass every
*other* filter, so a visitor sees how many results a click would give.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain
from typing import NamedTuple

from search.engines.base import FACETS, SearchRequest


class Candidate(NamedTuple):
    item_id: int
    score: float  # lower is better (bm25's sign)
    published_on: str | None  # ISO date: compares correctly as text
    values: tuple[tuple[str, ...], ...]  # the item's values for each facet, in FACETS order


class _Filters:
    def __init__(self, request: SearchRequest):
        self.sets = [
            (position, set(request.filters[facet]))
            for position, facet in enumerate(FACETS)
            if request.filters.get(facet)
        ]
        self.date_from = request.date_from.isoformat() if request.date_from else None
        self.date_to = request.date_to.isoformat() if request.date_to else None
        self.within = request.within

    def passes_within(self, candidate: Candidate) -> bool:
        return self.within is None or candidate.item_id == self.within

    def failing_facets(self, candidate: Candidate) -> list[int]:
        return [p for p, accepted in self.sets if accepted.isdisjoint(candidate.values[p])]

    def passes_dates(self, candidate: Candidate) -> bool:
        if not self.passes_within(candidate):
            return False
        date = candidate.published_on
        if self.date_from and (date is None or date < self.date_from):
            return False
        return not (self.date_to and (date is None or date > self.date_to))

    def passes(self, candidate: Candidate) -> bool:
        return self.passes_dates(candidate) and not self.failing_facets(candidate)


def facet_counts(candidates: list[Candidate], request: SearchRequest) -> dict[str, dict[str, int]]:
    """One pass: an item failing no filter counts in every facet, failing only facet F's own
    filter it counts in F alone, failing two or more (or the dates) it counts nowhere."""
    filters = _Filters(request)
    everywhere: list[Candidate] = []
    only: list[list[Candidate]] = [[] for _ in FACETS]  # failing just that facet's filter
    for candidate in candidates:
        if not filters.passes_dates(candidate):
            continue
        failing = filters.failing_facets(candidate) if filters.sets else ()
        if not failing:
            everywhere.append(candidate)
        elif len(failing) == 1:
            only[failing[0]].append(candidate)
    # Counted one facet at a time over flat iterables: Counter counts those in C (a search for
    # a common word has thousands of candidates; per-candidate updates took 2-3 ms).
    return {
        facet: dict(
            Counter(
                chain.from_iterable(c.values[p] for c in chain(everywhere, only[p]))
            ).most_common()
        )
        for p, facet in enumerate(FACETS)
    }


def year_counts(candidates: list[Candidate], request: SearchRequest) -> dict[str, int]:
    """Items per year of publication among those passing every filter but the dates, newest
    year first: choosing a year replaces the dates, so each count is what that choice gives."""
    filters = _Filters(request)
    years = Counter(
        c.published_on[:4]
        for c in candidates
        if c.published_on and filters.passes_within(c) and not filters.failing_facets(c)
    )
    return dict(sorted(years.items(), reverse=True))


def select_page(candidates: list[Candidate], request: SearchRequest) -> tuple[int, list[Candidate]]:
    """The number of items passing the filters, and the requested page of them, sorted."""
    filters = _Filters(request)
    kept = [c for c in candidates if filters.passes(c)]
    wanted = request.offset + request.page_size
    if request.sort == "relevance":
        ranked = heapq.nsmallest(wanted, kept, key=lambda c: (c.score, -c.item_id))
    else:
        newest = request.sort == "newest"
        dated = [c for c in kept if c.published_on]
        pick = heapq.nlargest if newest else heapq.nsmallest
        ranked = pick(wanted, dated, key=lambda c: (c.published_on, c.item_id))
        if len(ranked) < wanted:
            ranked += sorted((c for c in kept if not c.published_on), key=lambda c: c.item_id)
    return len(kept), ranked[request.offset : wanted]
