"""The public search page and its JSON API: the same request, the same engine, two renderings."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.choices import LANGUAGES, EvidenceKind
from archive.models import Place, Source, Topic
from archive.models.evidence import date_in_language
from archive.public_cache import kept_for_public
from search.engines import get_engine
from search.engines.base import FACETS, SearchRequest, SearchResponse, SearchUnavailable
from search.forms import search_request_from
from search.public_check import search_public
from search.scanning import removable_filters, suggestions, year_links
from search.snippet_offsets import plain_snippet
from search.thumbnails import result_thumbnails

logger = logging.getLogger(__name__)
UNAVAILABLE = _("Search is unavailable right now. Please try again in a few minutes.")


def run_search(request) -> tuple[SearchRequest, SearchResponse | None, list[str], int]:
    search_request, messages = search_request_from(request.GET)
    if search_request.query.is_empty:
        return search_request, None, messages, 200
    try:
        return search_request, search_public(get_engine(), search_request), messages, 200
    except SearchUnavailable:
        logger.warning("search engine unavailable", exc_info=True)
        return search_request, None, [*messages, UNAVAILABLE], 503
    except DatabaseError:
        logger.exception("search query failed: %r", search_request.query.normalized)
        return search_request, None, [*messages, _("This search could not be run.")], 200


def _labels(response: SearchResponse, search: SearchRequest) -> dict[str, dict[str, str]]:
    facets = {f: [*response.facets.get(f, {}), *search.filters.get(f, [])] for f in FACETS}
    by_slug = {
        "source": Source,
        "topic": Topic,
        "place": Place,
    }
    labels = {
        "kind": dict(EvidenceKind.choices),
        "language": {"": _("Not known"), **dict(LANGUAGES)},
    }
    for facet, model in by_slug.items():
        slugs = list(facets.get(facet, {}))
        labels[facet] = dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return labels


@require_safe
@kept_for_public(version_afresh=True)
def search_page(request):
    search_request, response, messages, status = run_search(request)
    facets = []
    labels: dict[str, dict[str, str]] = {}
    if response is not None:
        labels = _labels(response, search_request)
        for facet in FACETS:
            selected = search_request.filters.get(facet, [])
            counts = response.facets.get(facet, {})
            # A chosen value that matches nothing stays in view, with its 0, so it can be undone.
            counts = {**counts, **{v: 0 for v in selected if v not in counts}}
            values = [
                {
                    "value": value,
                    "label": labels[facet].get(value, value),
                    "count": count,
                    "selected": value in selected,
                }
                for value, count in counts.items()
            ]
            if values:
                facets.append({"name": facet, "values": values})
    params = request.GET.copy()
    params.pop("page", None)
    # "2 filters active · clear": the clear link keeps the words and the order, drops the rest.
    active_filters = sum(len(v) for v in search_request.filters.values()) + sum(
        1 for d in (search_request.date_from, search_request.date_to) if d
    )
    kept = QueryDict(mutable=True)
    kept.setlist("q", request.GET.getlist("q")[:1])
    if "sort" in request.GET:
        kept["sort"] = search_request.sort
    context = {
        "query": request.GET.get("q", "")[:1000],
        "understood": search_request.query.normalized,
        "search": search_request,
        "response": response,
        "facets": facets,
        "messages_list": messages,
        "base_query": params.urlencode(),
        "active_filters": active_filters,
        "clear_query": kept.urlencode(),
        "sort": search_request.sort,
        "rows": _rows(request, response),
        "chips": removable_filters(request.GET, search_request, labels),
        "years": year_links(request.GET, search_request, response) if response else [],
        "suggestions": (
            suggestions(request.GET, search_request, bool(active_filters))
            if response is not None and response.count == 0
            else []
        ),
        "within": request.GET.get("within", "")[:40] if search_request.within is not None else "",
    }
    return _shows(render(request, "search/search.html", context, status=status), response)


def _rows(request, response: SearchResponse | None) -> list[dict]:
    """Each result with what the page shows beside it: its thumbnail and the
    link that searches the same words within it."""
    if response is None:
        return []
    thumbnails = result_thumbnails(response.results)
    within = QueryDict(mutable=True)
    within.setlist("q", request.GET.getlist("q")[:1])
    rows = []
    for r in response.results:
        within["within"] = r.reference
        rows.append(
            {
                "result": r,
                "thumbnail": thumbnails.get(r.item_id),
                "within_query": within.urlencode(),
                "date": date_in_language(r.published_on, _precision(r.date)),
            }
        )
    return rows


def _precision(date_display: str) -> str:
    """The precision of an index's date text, which EvidencePage.date_display wrote as "2023",
    "June 2023" or "5 June 2023" (the index keeps it in English, one text for every reader)."""
    return ("year", "month", "day")[min(date_display.count(" "), 2)]


@require_safe
@kept_for_public(version_afresh=True)
def search_api(request):
    search_request, response, messages, status = run_search(request)
    body = {
        "query": search_request.query.normalized,
        "count": response.count if response else 0,
        "page": search_request.page,
        "pages": response.pages if response else 0,
        "results": [
            {
                "reference": r.reference,
                "title": r.title,
                "url": request.build_absolute_uri(r.url),
                "kind": r.kind,
                "date": r.published_on.isoformat() if r.published_on else None,
                "source": r.source,
                "language": r.language,
                "matches": [_match_json(request, r, m) for m in r.matches],
            }
            for r in (response.results if response else [])
        ],
        "facets": {facet: (response.facets.get(facet, {}) if response else {}) for facet in FACETS},
        "years": response.years if response else {},
        "messages": messages,
    }
    json = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return _shows(json, response)


def _match_json(request, result, match) -> dict:
    """A match as HTML (escaped, with <mark>) and as plain text with the marks' offsets."""
    text, marks = plain_snippet(match.snippet)
    return {
        "page": match.page,
        "snippet": match.snippet,
        "text": text,
        "marks": marks,  # [start, end) in code points of "text"
        "url": request.build_absolute_uri(f"{result.url}#{match.anchor}"),
    }


def _shows(http_response, search_response: SearchResponse | None):
    """Name the items a page of results shows, so the public cache may keep it."""
    if search_response is not None:
        http_response.public_items = tuple(r.item_id for r in search_response.results)
    return http_response
