"""Reading a search request from query parameters; anything malformed is ignored, never fatal."""

from __future__ import annotations

import datetime as dt
import re

from django.http import QueryDict

from archive.models import EvidencePage
from search.engines.base import FACETS, SORTS, SearchRequest
from search.query import parse_query

MAX_PAGE = 500
MAX_VALUES_PER_FACET = 20
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date(value: str, *, end: bool) -> dt.date | None:
    """'2023', '2023-05' or '2023-05-14'; a year or month means its first or last day."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            first = dt.date(year, month, 1)
            if not end:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        return dt.date(year, month, day)
    except ValueError:
        return None


def search_request_from(
    params: QueryDict, *, page_size: int = 20
) -> tuple[SearchRequest, list[str]]:
    query = parse_query(params.get("q", ""))
    messages = list(query.messages)
    filters = {
        facet: [v[:100] for v in params.getlist(facet) if v][:MAX_VALUES_PER_FACET]
        for facet in FACETS
    }
    dates = {}
    for name, end in (("from", False), ("to", True)):
        raw = params.get(name, "")
        dates[name] = _date(raw, end=end) if raw else None
        if raw and dates[name] is None:
            messages.append(f"“{raw[:40]}” is not a date (use 2023, 2023-05 or 2023-05-14).")
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    try:
        page = min(max(int(params.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    within = None
    if reference := params.get("within", "").strip()[:40]:
        within = within_item_id(reference)
        if not within:
            messages.append(f"No public item has the reference “{reference}”.")
    request = SearchRequest(
        query=query,
        filters={k: v for k, v in filters.items() if v},
        date_from=dates["from"],
        date_to=dates["to"],
        sort=sort,
        page=page,
        page_size=page_size,
        within=within,
    )
    return request, messages


def within_item_id(reference: str) -> int:
    """The public item a "search within this item" names, or 0 (which matches nothing: a
    search within an unknown item must not widen to the whole archive)."""
    found = EvidencePage.objects.public().filter(reference=reference).values_list("pk", flat=True)
    return found.first() or 0
