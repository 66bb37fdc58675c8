"""The embedded engine: SQLite FTS5 queried directly (bm25 ranking, snippet(), filters).

Wagtail's database search backend took 4–27 s to count matches at 100,000 page rows; direct FTS5
queries answer in milliseconds (BENCHMARKS.md). Three tables, created by this app's migrations:
`search_item` (one row per public item: what results show and filters use), `search_item_text`
(FTS5, one row per item: title, metadata and all its pages' text — matching, ranking, counts and
facets happen here, on ten times fewer rows than pages) and `search_page` (FTS5, one row per page:
only asked which pages of the top items match, with their text for the snippets).

FTS5 indexes the terms of search/analysis.py joined by spaces, with its `ascii` tokenizer: it
splits on ASCII spaces and punctuation only and keeps every other character, so each term is
indexed exactly as the analysis made it (a Chinese bigram, a Tibetan syllable with its vowel
signs). Snippets are made from the page's stored text by search/snippets.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from search.analysis import index_text
from search.engines.base import ItemDocument, Match
from search.engines.database import ITEM_COLUMNS, PAGES_FETCHED, DatabaseEngine, table
from search.engines.faceting import Candidate
from search.query import Clause, ParsedQuery
from search.snippets import best_matches

WEIGHTS = "10.0, 3.0, 1.0"  # title, metadata, body
PHRASE_BONUS = 5.0  # an item where the words stand together beats one where they are apart
PAGES_PER_ITEM_LIMIT = 10**6  # far above ARCHIVE_MAX_PAGES; rowids stay well inside 64 bits


def _fts_clause(clause: Clause) -> str:
    # Terms hold letters, marks and digits only (search/analysis.py): quoting them is safe.
    phrases = ['"' + " ".join(variant) + '"' for variant in clause.variants]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def fts_page_expression(query: ParsedQuery) -> str:
    """Pages that hold every group of the query (exclusions are for items, not pages)."""
    return " AND ".join("(" + " OR ".join(_fts_clause(c) for c in g) + ")" for g in query.groups)


def fts_match_expression(query: ParsedQuery) -> str:
    """Every group must match somewhere in the item; an excluded clause anywhere rules it out."""
    groups = ["(" + " OR ".join(_fts_clause(c) for c in group) + ")" for group in query.groups]
    expression = " AND ".join(groups)
    if query.excluded:
        expression += " NOT (" + " OR ".join(_fts_clause(c) for c in query.excluded) + ")"
    return expression


def fts_any_expression(query: ParsedQuery) -> str:
    """Pages worth showing: those with any of the positive words or phrases."""
    return " OR ".join(_fts_clause(c) for c in query.positive_clauses)


def fts_phrase_expression(query: ParsedQuery) -> str | None:
    """The positive single words as one phrase, when there are several: for the proximity bonus."""
    words = [g[0] for g in query.groups if len(g) == 1 and not g[0].is_phrase]
    return '"' + " ".join(w.text for w in words) + '"' if len(words) > 1 else None


def page_rowid_range(item_id: int) -> tuple[int, int]:
    """An item's pages have rowids item_id * 10**6 + 0, 1, 2…, so one range finds them all."""
    return item_id * PAGES_PER_ITEM_LIMIT, (item_id + 1) * PAGES_PER_ITEM_LIMIT - 1


class SqliteFtsEngine(DatabaseEngine):
    name = "sqlite-fts5"
    # What a backup carries of the index (search/carry.py), in the order it is loaded. An
    # item's body is its pages' terms again (_insert): carried once, in the pages' rows, and
    # joined here after loading them (after_carried_load), which took a third off loading the
    # index at 100,000 pages (BENCHMARKS.md, "Restore in bulk").
    CARRIED_TABLES = (
        table("search_item", *ITEM_COLUMNS.split(", "), "topics", "places"),
        table("search_page", "rowid", "terms", "number", "anchor", "text"),
        table("search_item_text", "rowid", "title", "metadata", into="temp.carried_item_text"),
    )

    # --- querying ----------------------------------------------------------------------------

    def _candidates(self, cursor, query: ParsedQuery) -> list[Candidate]:
        """Every matching item with its score and filter values: only what ranking and facets
        need, since a common word matches every item (10,000 rows at 100,000 pages)."""
        cursor.execute(
            f"SELECT i.item_id, bm25(search_item_text, {WEIGHTS}), i.published_on, i.kind,"
            " i.source_slug, i.topics, i.places, i.language"
            # CROSS JOIN keeps FTS5 the outer loop: 36 ms instead of 128 ms for 10,000 matches.
            " FROM search_item_text CROSS JOIN search_item AS i"
            " ON i.item_id = search_item_text.rowid"
            " WHERE search_item_text MATCH %s",
            [fts_match_expression(query)],
        )
        rows = cursor.fetchall()
        together: set[int] = set()
        phrase = fts_phrase_expression(query)
        if phrase and rows:
            cursor.execute(
                "SELECT rowid FROM search_item_text WHERE search_item_text MATCH %s", [phrase]
            )
            together = {item_id for (item_id,) in cursor.fetchall()}
        return [
            Candidate(
                item_id,
                score - PHRASE_BONUS if item_id in together else score,
                published,
                (
                    (kind,),
                    (source,) if source else (),
                    tuple(topics.split()),
                    tuple(places.split()),
                    (language,),
                ),
            )
            for item_id, score, published, kind, source, topics, places, language in rows
        ]

    def _item_rows(self, cursor, item_ids: list[int]) -> dict[int, tuple]:
        if not item_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(item_ids))
        cursor.execute(
            f"SELECT {ITEM_COLUMNS} FROM search_item WHERE item_id IN ({placeholders})", item_ids
        )
        return {row[0]: row for row in cursor.fetchall()}

    def _matches(self, cursor, query: ParsedQuery, item_ids: list[int]) -> dict[int, list[Match]]:
        """The best pages of each shown item, in one statement of two small parts per item:
        the first pages that hold every group of the query, then the first that hold any.

        Each part seeks straight to its item's pages by rowid range (a filter on an unindexed
        column would walk every page that has the words). Pages are not ranked by bm25(): it
        counts a phrase across the whole table on every call, 10 ms per item for a phrase at
        100,000 pages; search/snippets.py orders the few fetched by the words they show.
        """
        if not item_ids:
            return {}
        part = (
            "SELECT * FROM (SELECT %s, %s, rowid, number, anchor, text, terms FROM search_page"
            f" WHERE search_page MATCH %s AND rowid BETWEEN %s AND %s LIMIT {PAGES_FETCHED})"
        )
        every, any_ = fts_page_expression(query), fts_any_expression(query)
        params: list = []
        for item_id in item_ids:
            rows = page_rowid_range(item_id)
            params += [item_id, 0, every, *rows, item_id, 1, any_, *rows]
        cursor.execute(" UNION ALL ".join([part] * (2 * len(item_ids))), params)
        by_item: dict[int, dict[int, tuple]] = {item_id: {} for item_id in item_ids}
        for item_id, _, rowid, number, anchor, text, terms in sorted(cursor.fetchall()):
            # The page's terms as indexed spare snippets analysing the whole page.
            by_item[item_id].setdefault(rowid, (number, anchor, text, terms))
        clauses = query.positive_clauses
        return {
            item: best_matches(clauses, list(pages.values())[:PAGES_FETCHED])
            for item, pages in by_item.items()
        }

    # --- indexing ----------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[ItemDocument]) -> int:
        # One transaction: readers keep seeing the old index until the new one is complete.
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for table in ("search_page", "search_item_text", "search_item"):
                cursor.execute(f"DELETE FROM {table}")
            for document in documents:
                self._insert(cursor, document)
                count += 1
            self.after_bulk_load(cursor)
        return count

    def after_bulk_load(self, cursor) -> None:
        # Merge the segments a bulk load leaves behind: each lookup then reads one b-tree.
        for name in ("search_item_text", "search_page"):
            cursor.execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")

    def before_carried_load(self, cursor) -> None:
        cursor.execute(
            "CREATE TEMP TABLE carried_item_text (rowid INTEGER PRIMARY KEY, title, metadata)"
        )

    def after_carried_load(self, cursor) -> None:
        # Each item's pages' terms in page order, joined as _insert joins them. (SQLite keeps
        # the order of a subquery with ORDER BY that feeds an aggregate: it does not flatten it.)
        cursor.execute(
            "INSERT INTO search_item_text (rowid, title, metadata, body)"
            " SELECT c.rowid, c.title, c.metadata, ("
            "   SELECT coalesce(group_concat(terms, char(10)), '') FROM ("
            "     SELECT terms FROM search_page"
            f"    WHERE rowid BETWEEN c.rowid * {PAGES_PER_ITEM_LIMIT}"
            f"    AND c.rowid * {PAGES_PER_ITEM_LIMIT} + {PAGES_PER_ITEM_LIMIT - 1}"
            "     ORDER BY rowid))"
            " FROM temp.carried_item_text AS c ORDER BY c.rowid"
        )
        cursor.execute("DROP TABLE temp.carried_item_text")
        self.after_bulk_load(cursor)

    @staticmethod
    def _delete(cursor, item_id: int) -> None:
        cursor.execute(
            "DELETE FROM search_page WHERE rowid BETWEEN %s AND %s", page_rowid_range(item_id)
        )
        cursor.execute("DELETE FROM search_item_text WHERE rowid = %s", [item_id])
        cursor.execute("DELETE FROM search_item WHERE item_id = %s", [item_id])

    @staticmethod
    def _insert(cursor, d: ItemDocument) -> None:
        cursor.execute(
            f"INSERT INTO search_item ({ITEM_COLUMNS}, topics, places)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                d.item_id,
                d.reference,
                d.title,
                d.url,
                d.kind,
                d.language,
                d.published_on.isoformat() if d.published_on else None,
                d.date_display,
                d.source_slug,
                d.source_name,
                " ".join(d.topics),  # slugs hold no spaces; split() reads them back fast
                " ".join(d.places),
            ],
        )
        terms = [index_text(p.text) for p in d.pages]
        cursor.execute(
            "INSERT INTO search_item_text (rowid, title, metadata, body) VALUES (%s, %s, %s, %s)",
            [d.item_id, index_text(d.title), index_text(d.metadata), "\n".join(terms)],
        )
        first, _ = page_rowid_range(d.item_id)
        cursor.executemany(
            "INSERT INTO search_page (rowid, terms, number, anchor, text)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                (first + n, page_terms, p.number, p.anchor, p.text)
                for n, (p, page_terms) in enumerate(zip(d.pages, terms, strict=True))
            ],
        )
