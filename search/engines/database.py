"""What the engines in the site's own database share: SQLite FTS5 and PostgreSQL full-text search.

Both keep a `search_item` table (one row per public item, ITEM_COLUMNS first) beside their
full-text tables, match items in SQL, and leave filtering, facets, sorting and paging to Python
(search/engines/faceting.py). A subclass says how to find candidates, rows and best pages, and
how to write and delete one item.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext
from typing import NamedTuple

from django.db import connection, transaction

from search.engines.base import ItemDocument, Match, Result, SearchRequest, SearchResponse
from search.engines.faceting import Candidate, facet_counts, select_page, year_counts
from search.query import ParsedQuery

PAGES_FETCHED = 3  # matching pages of a shown item whose text is fetched and analysed
ITEM_COLUMNS = (
    "item_id, reference, title, url, kind, language, published_on, date_display,"
    " source_slug, source_name"
)


class CarriedTable(NamedTuple):
    """A table of an engine's index: the columns as read out (JSON-safe values) and as written."""

    name: str
    columns: tuple[str, ...]
    selects: tuple[str, ...]  # SQL that reads each column as a str, int, list or None
    placeholders: tuple[str, ...]  # SQL that writes each back
    into: str  # the table the rows are loaded into: `name`, or one the engine fills it from

    @property
    def layout(self) -> str:
        return f"{self.name}({', '.join(self.columns)})"


def table(
    name: str, *columns: str, casts: dict[str, str] | None = None, into: str = ""
) -> CarriedTable:
    casts = casts or {}
    return CarriedTable(
        name,
        columns,
        tuple(f"{c}::text" if c in casts else c for c in columns),
        tuple(f"%s::{casts[c]}" if c in casts else "%s" for c in columns),
        into or name,
    )


class DatabaseEngine:
    name: str
    CARRIED_TABLES: tuple[CarriedTable, ...] = ()  # what a backup carries (search/carry.py)

    def after_bulk_load(self, cursor) -> None:
        """What a loaded index needs before searches (an engine's own housekeeping)."""

    def before_carried_load(self, cursor) -> None:
        """Make the tables carried rows are loaded `into` that are not the index's own."""

    def after_carried_load(self, cursor) -> None:
        """Fill the index's tables from those, then what any bulk load needs."""
        self.after_bulk_load(cursor)

    # --- querying ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        if request.query.is_empty:
            return SearchResponse(0, [], {}, request.page, request.page_size)
        with self._reading(), connection.cursor() as cursor:
            candidates = self._candidates(cursor, request.query)
            count, selected = select_page(candidates, request)
            ids = [c.item_id for c in selected]
            rows = self._item_rows(cursor, ids)
            matches = self._matches(cursor, request.query, ids)
        results = [self._result(rows[item_id], matches.get(item_id, [])) for item_id in ids]
        return SearchResponse(
            count,
            results,
            facet_counts(candidates, request),
            request.page,
            request.page_size,
            years=year_counts(candidates, request),
        )

    def _reading(self) -> AbstractContextManager:
        """What a search runs inside (a transaction, where the engine needs one)."""
        return nullcontext()

    def _candidates(self, cursor, query: ParsedQuery) -> list[Candidate]:
        raise NotImplementedError

    def _item_rows(self, cursor, item_ids: list[int]) -> dict[int, tuple]:
        """ITEM_COLUMNS of these items by id, published_on as an ISO date string."""
        raise NotImplementedError

    def _matches(self, cursor, query: ParsedQuery, item_ids: list[int]) -> dict[int, list[Match]]:
        raise NotImplementedError

    @staticmethod
    def _result(row, matches: list[Match]) -> Result:
        item_id, reference, title, url, kind, language, published, date_display, _, source = row
        return Result(
            item_id=item_id,
            reference=reference,
            title=title,
            url=url,
            kind=kind,
            date=date_display,
            published_on=dt.date.fromisoformat(published) if published else None,
            source=source,
            matches=matches,
            language=language or "",
        )

    # --- indexing ----------------------------------------------------------------------------

    def replace_item(self, document: ItemDocument) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, document.item_id)
            self._insert(cursor, document)

    def remove_item(self, item_id: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, item_id)

    def indexed_item_ids(self) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT item_id FROM search_item")
            return {row[0] for row in cursor.fetchall()}

    @staticmethod
    def _delete(cursor, item_id: int) -> None:
        raise NotImplementedError

    @staticmethod
    def _insert(cursor, document: ItemDocument) -> None:
        raise NotImplementedError
