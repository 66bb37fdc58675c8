"""The search contract: what a search asks, what it answers, what gets indexed.

Every engine implements SearchEngine and passes the same contract tests
(tests/search/test_contract.py). Only public, live evidence is ever indexed: restricted or
unpublished items are removed from the index, not filtered at query time, so no result, snippet
or facet count can reveal them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext

from search.query import ParsedQuery

FACETS = ("kind", "source", "topic", "place", "language")
SORTS = ("relevance", "newest", "oldest")
MATCHES_PER_ITEM = 3


class SearchUnavailable(Exception):
    """The engine cannot answer now (for example Elasticsearch is unreachable)."""


@dataclass(frozen=True)
class PageDocument:
    file_id: int
    number: int
    anchor: str  # "page-3", or "f2-page-3" for the second file's page 3
    text: str
    language: str = ""  # detected for the page; "" when it could not tell


@dataclass
class ItemDocument:
    """One public evidence item as the index sees it: filter fields, metadata, page texts."""

    item_id: int
    reference: str
    title: str
    url: str
    kind: str
    language: str
    published_on: dt.date | None
    date_display: str
    source_slug: str
    source_name: str
    metadata: str  # summary, authors, source name and reference, searched with the title
    topics: list[str] = field(default_factory=list)  # slugs
    places: list[str] = field(default_factory=list)
    pages: list[PageDocument] = field(default_factory=list)


def plain_item_document(
    item_id: int, reference: str, texts: Iterable[str], *, language: str = ""
) -> ItemDocument:
    """An item of page texts only, for tests and benchmarks that index straight into an engine."""
    return ItemDocument(
        item_id=item_id,
        reference=reference,
        title=f"Item {item_id}",
        url=f"/evidence/{reference}/",
        kind="report",
        language=language,
        published_on=None,
        date_display="",
        source_slug="",
        source_name="",
        metadata="",
        pages=[
            PageDocument(item_id, number, f"page-{number}", text)
            for number, text in enumerate(texts, start=1)
        ],
    )


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name → accepted values
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    within: int | None = None  # search within one item: its id (0 when the reference named none)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Match:
    page: int
    anchor: str
    snippet: str  # HTML: escaped text with <mark> around matched words

    @property
    def label(self) -> str:
        """How a match is named: "p. 3", or "file 2, p. 3" on an item's second file (f2-page-3)."""
        if self.anchor.startswith("f") and "-page-" in self.anchor:
            return gettext("file %(file)s, p. %(page)s") % {
                "file": self.anchor[1:].split("-", 1)[0],
                "page": self.page,
            }
        return gettext("p. %(page)s") % {"page": self.page}


@dataclass
class Result:
    item_id: int
    reference: str
    title: str
    url: str
    kind: str
    date: str
    published_on: dt.date | None
    source: str
    matches: list[Match] = field(default_factory=list)
    language: str = ""  # the item's (or its text's detected) language: lang= on its title, snippets


@dataclass
class SearchResponse:
    count: int
    results: list[Result]
    facets: dict[str, dict[str, int]]
    page: int
    page_size: int
    # Items per year of publication ("2021": 3), passing every filter but the dates: what
    # choosing that year would give. Undated items are not counted.
    years: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


class SearchEngine(Protocol):
    name: str

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def replace_item(self, document: ItemDocument) -> None:
        """Index an item's metadata and pages, replacing whatever was indexed for it."""

    def remove_item(self, item_id: int) -> None: ...

    def rebuild(self, documents: Iterable[ItemDocument]) -> int:
        """Index exactly these items (and nothing else) without a moment of empty results."""

    def indexed_item_ids(self) -> set[int]: ...
