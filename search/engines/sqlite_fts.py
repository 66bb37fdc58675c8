"""The embedded engine: SQLite FTS5 queried directly (bm25 ranking, snippet(), filters).

Wagtail's database search backend took 4–27 s to count matches at 100,000 page rows; direct FTS5
queries answer in milliseconds (BENCHMARKS.md). Three tables, created by this app's migration:
`search_item` (one row per public item: what results show and filters use), `search_item_text`
(FTS5, one row per item: title, metadata and all its pages' text — matching, ranking, counts and
facets happen here, on ten times fewer rows than pages) and `search_page` (FTS5, one row per page:
only asked which pages of the top items match, and for their snippets).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.html import escape

from search.engines.base import MATCHES_PER_ITEM, ItemDocument, Match
from search.engines.database import ITEM_COLUMNS, DatabaseEngine
from search.engines.faceting import Candidate
from search.query import Clause, ParsedQuery

WEIGHTS = "10.0, 3.0, 1.0"  # title, metadata, body
PHRASE_BONUS = 5.0  # an item where the words stand together beats one where they are apart
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # cannot occur in stored text: control chars are stripped
SNIPPET_TOKENS = 24
PAGES_CONSIDERED = 50  # matching pages of one item looked at for its best three
PAGES_PER_ITEM_LIMIT = 10**6  # far above ARCHIVE_MAX_PAGES; rowids stay well inside 64 bits


def _fts_clause(clause: Clause) -> str:
    # Tokens are runs of \w characters (search/query.py), so quoting them is always safe.
    return '"' + " ".join(clause.tokens) + '"'


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
    words = [g[0].tokens[0] for g in query.groups if len(g) == 1 and not g[0].is_phrase]
    return '"' + " ".join(words) + '"' if len(words) > 1 else None


def snippet_html(raw: str) -> str:
    return escape(raw).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def _clean_text(text: str) -> str:
    return text.replace(MARK_OPEN, " ").replace(MARK_CLOSE, " ")


def page_rowid_range(item_id: int) -> tuple[int, int]:
    """An item's pages have rowids item_id * 10**6 + 0, 1, 2…, so one range finds them all."""
    return item_id * PAGES_PER_ITEM_LIMIT, (item_id + 1) * PAGES_PER_ITEM_LIMIT - 1


class SqliteFtsEngine(DatabaseEngine):
    name = "sqlite-fts5"

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
        """The best pages of each shown item, in one statement of one small part per item.

        Each part seeks straight to its item's pages by rowid range (a filter on an unindexed
        column would walk every page that has the words), and pages are ranked by how many
        matched words their snippet shows rather than by bm25(): bm25 counts a phrase across the
        whole table on every call, which cost 10 ms per item for a phrase at 100,000 pages.
        """
        if not item_ids:
            return {}
        part = (
            f"SELECT * FROM (SELECT %s, number, anchor,"
            f" snippet(search_page, 0, %s, %s, '…', {SNIPPET_TOKENS})"
            f" FROM search_page WHERE search_page MATCH %s AND rowid BETWEEN %s AND %s"
            f" LIMIT {PAGES_CONSIDERED})"
        )
        expression = fts_any_expression(query)
        params: list = []
        for item_id in item_ids:
            params += [item_id, MARK_OPEN, MARK_CLOSE, expression, *page_rowid_range(item_id)]
        cursor.execute(" UNION ALL ".join([part] * len(item_ids)), params)
        by_item: dict[int, list[tuple]] = {item_id: [] for item_id in item_ids}
        for item_id, number, anchor, snip in cursor.fetchall():
            by_item[item_id].append((number, anchor, snip))
        return {
            item_id: [
                Match(number, anchor, snippet_html(snip))
                for number, anchor, snip in sorted(pages, key=lambda p: -p[2].count(MARK_OPEN))[
                    :MATCHES_PER_ITEM
                ]
            ]
            for item_id, pages in by_item.items()
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
            # Merge the segments a bulk load leaves behind: each lookup then reads one b-tree.
            for table in ("search_item_text", "search_page"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        return count

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
        texts = [_clean_text(p.text) for p in d.pages]
        cursor.execute(
            "INSERT INTO search_item_text (rowid, title, metadata, body) VALUES (%s, %s, %s, %s)",
            [d.item_id, _clean_text(d.title), _clean_text(d.metadata), "\n".join(texts)],
        )
        first, _ = page_rowid_range(d.item_id)
        cursor.executemany(
            "INSERT INTO search_page (rowid, body, number, anchor) VALUES (%s, %s, %s, %s)",
            [
                (first + n, text, p.number, p.anchor)
                for n, (p, text) in enumerate(zip(d.pages, texts, strict=True))
            ],
        )
