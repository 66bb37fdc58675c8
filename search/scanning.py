"""What makes a page of results quick to scan: filters shown and removable one by one, years
to narrow to, and suggestions when nothing matches. Links only: all of it works without
JavaScript, and each link is the current search with one thing changed."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from search.engines.base import FACETS, SearchRequest, SearchResponse

FACET_NAMES = {
    "kind": "Kind",
    "source": "Source",
    "topic": "Topic",
    "place": "Place",
    "language": "Language",
}


def _query(params: QueryDict, *, drop: tuple[str, str] | None = None, **replace) -> str:
    """The search's query string without its page number, less one (name, value) pair, with
    some parameters replaced (None removes them)."""
    kept = params.copy()
    kept.pop("page", None)
    if drop is not None:
        name, value = drop
        kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    for name, value in replace.items():
        if value is None:
            kept.pop(name, None)
        else:
            kept[name] = value
    return kept.urlencode()


def removable_filters(
    params: QueryDict, search: SearchRequest, labels: dict[str, dict[str, str]]
) -> list[dict]:
    """Each active filter as a label and the link that removes it alone."""
    chips = []
    for facet in FACETS:
        for value in search.filters.get(facet, []):
            chips.append(
                {
                    "label": f"{_(FACET_NAMES[facet])}: {labels.get(facet, {}).get(value, value)}",
                    "remove": _query(params, drop=(facet, value)),
                }
            )
    for name, label in (("from", _("From")), ("to", _("To"))):
        if search.date_from if name == "from" else search.date_to:
            chips.append(
                {
                    "label": f"{label} {params.get(name, '')}",
                    "remove": _query(params, **{name: None}),
                }
            )
    if search.within is not None:
        chips.append(
            {
                "label": _("Within %(reference)s") % {"reference": params.get("within", "")[:40]},
                "remove": _query(params, within=None),
            }
        )
    return chips


def year_links(params: QueryDict, search: SearchRequest, response: SearchResponse) -> list[dict]:
    """The years the matching items were published in, each a link to that year alone."""
    chosen = (
        search.date_from.year
        if search.date_from
        and search.date_to
        and (search.date_from.year == search.date_to.year)
        and search.date_from.timetuple().tm_yday == 1
        and (search.date_to.month, search.date_to.day) == (12, 31)
        else None
    )
    return [
        {
            "year": year,
            "count": count,
            "selected": chosen is not None and str(chosen) == year,
            "query": _query(params, **{"from": year, "to": year}),
        }
        for year, count in response.years.items()
    ]


def suggestions(params: QueryDict, search: SearchRequest, has_filters: bool) -> list[dict]:
    """Other searches to try when nothing matched, each only where it would change something:
    without the filters, without this item, and the words without their quotes. Whether a
    suggestion finds anything is not checked (that would be one more search per suggestion)."""
    offered = []
    words = params.get("q", "")
    if has_filters:
        kept = QueryDict(mutable=True)
        kept.setlist("q", params.getlist("q")[:1])
        offered.append({"label": _("Search without the filters"), "query": kept.urlencode()})
    if search.within is not None:
        offered.append(
            {"label": _("Search the whole archive"), "query": _query(params, within=None)}
        )
    if '"' in words or "“" in words or "”" in words:
        loose = " ".join(words.translate(str.maketrans('"“”', "   ")).split())
        if loose:
            offered.append(
                {
                    "label": _("Search %(words)s without quotes") % {"words": loose},
                    "query": _query(params, q=loose),
                }
            )
    if "-" in words or " OR " in words:
        plain = " ".join(w for w in words.split() if w != "OR" and not w.startswith("-"))
        if plain and plain != words:
            offered.append(
                {
                    "label": _("Search only %(words)s") % {"words": plain},
                    "query": _query(params, q=plain),
                }
            )
    return offered
