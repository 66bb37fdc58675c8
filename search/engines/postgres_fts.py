"""The embedded engine on PostgreSQL: its own full-text search (tsvector, GIN, ts_headline).

Two tables, created by this app's migration 0002 on PostgreSQL only: `search_item` (one row per
public item: what results show, filter values, and a vector of its title and metadata) and
`search_page` (one row per page: its text and vector). Unlike FTS5, an item's pages are not
joined into one item-level vector: a tsvector keeps no position past 16,383 and holds at most
1 MB of words, so phrases deep in a long book would be missed and a big table of numbers could
not be indexed at all. Matching is still item-level — every group of the query must match the
item's title, metadata or *some* page, and an excluded word *anywhere* rules the item out — and
facets, sorting and paging run in Python over the matching items (search/engines/faceting.py),
as for FTS5. Why: docs/decisions/0005-postgresql-full-text-search.md.

PostgreSQL's parser and dictionaries are not used at all: vectors are written as tsvector
literals of the terms of search/analysis.py with their positions, and queries as tsquery
literals of the parsed terms (`<->` for terms side by side), never from what the visitor typed.
Its parser would index a run of Han characters as one word, read "EV-2026-0042" as 'ev',
'-2026', '-0042', and depends on the server's locale for Tibetan and Arabic letters. Snippets
are made from the stored page text by search/snippets.py.

A phrase is found through each page's `pairs` (every two neighbouring terms, 'you+are', in a
stripped vector with its own GIN index, migration 0004) before any page's positions are read:
the pairs index names the few pages holding every pair of the phrase, and only their vectors
are tested for the phrase itself. Without it, two common words side by side meant reading the
vector of nearly every page (0.8 s at 100,000 pages; BENCHMARKS.md, issue 18).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from django.db import connection, transaction

from search.analysis import tokens
from search.engines.base import ItemDocument, Match
from search.engines.database import ITEM_COLUMNS, PAGES_FETCHED, DatabaseEngine, table
from search.engines.faceting import Candidate
from search.query import Clause, ParsedQuery
from search.snippets import best_matches

# ts_rank weights {D, C, B, A}: the title is vector weight A, metadata B (×10 below: 10 and 3).
META_WEIGHTS = "'{0, 0, 0.3, 1.0}'"
META_SCALE = 10.0
# Body relevance per query group: n / (n + 1 + PAGES_DAMPING × pages), where n of the item's
# pages match: like bm25's term-frequency saturation and length normalisation, counted in pages.
PAGES_DAMPING = 0.1
PHRASE_BONUS = 1.0  # an item where the words stand together beats one where they are apart
# A page's vector holds at most 1 MB of distinct words; no real page comes near this many bytes.
MAX_PAGE_BYTES = 500_000
PAGES_CONSIDERED = 50  # matching pages of one item looked at for its best
MAX_POSITION = 16383  # tsvector positions stop here
MAX_POSITIONS = 256  # positions kept per term
# In a page's pairs: "this page's pairs are incomplete" (too many to keep), so a phrase search
# tests its vector whatever its pairs say. A pair always has a term on each side of the +.
PAIRS_INCOMPLETE = "+"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tsvector_literal(text: str) -> str:
    """The text's terms with their positions, as PostgreSQL reads a tsvector ('a':1,3 'b':2).
    Terms hold letters, marks and digits only (search/analysis.py): quoting them is safe."""
    positions: dict[str, list[int]] = {}
    for n, token in enumerate(tokens(text), start=1):
        kept = positions.setdefault(token.term, [])
        position = min(n, MAX_POSITION)
        if len(kept) < MAX_POSITIONS and (not kept or kept[-1] != position):
            kept.append(position)
    parts, size = [], 0
    for term, kept in positions.items():
        part = f"'{term}':{','.join(map(str, kept))}"
        size += len(part.encode()) + 1
        if size > MAX_PAGE_BYTES:
            break
        parts.append(part)
    return " ".join(parts)


def pairs_literal(text: str) -> str:
    """The text's pairs of neighbouring terms ('you+are'), as a tsvector without positions; if
    they would pass MAX_PAGE_BYTES, those that fit and PAIRS_INCOMPLETE."""
    terms = [token.term for token in tokens(text)]
    parts, size = [], 0
    for pair in dict.fromkeys(f"{a}+{b}" for a, b in pairwise(terms)):
        size += len(pair.encode()) + 3
        if size > MAX_PAGE_BYTES:
            parts.append(f"'{PAIRS_INCOMPLETE}'")
            break
        parts.append(f"'{pair}'")
    return " ".join(parts)


def pairs_query_literal(clauses: list[Clause]) -> str | None:
    """What a page's pairs must hold to possibly match one of the clauses: every pair of some
    variant (or PAIRS_INCOMPLETE). None when a variant is a single term: no pair to ask for."""
    variants = [variant for clause in clauses for variant in clause.variants]
    if not variants or any(len(variant) < 2 for variant in variants):
        return None
    alternatives = [" & ".join(f"'{a}+{b}'" for a, b in pairwise(variant)) for variant in variants]
    return " | ".join([*(f"({a})" for a in alternatives), f"'{PAIRS_INCOMPLETE}'"])


def tsquery_literal(clauses: list[Clause]) -> str:
    """The clauses OR-ed together; each clause (and each of its variants) a phrase of terms."""
    phrases = [
        " <-> ".join(f"'{term}'" for term in variant)
        for clause in clauses
        for variant in clause.variants
    ]
    return " | ".join(f"({phrase})" for phrase in phrases)


def _split(joined: str) -> tuple[str, ...]:
    """A list that the candidate query joined with chr(31)."""
    return tuple(joined.split("\x1f")) if joined else ()


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _tsquery(clauses: list[Clause]) -> tuple[str, list[str]]:
    """SQL for the clauses OR-ed together, and its parameter."""
    return "(%s::tsquery)", [tsquery_literal(clauses)]


def _page_match(clauses: list[Clause]) -> tuple[str, list[str]]:
    """SQL testing a search_page row against the clauses OR-ed together, and its parameters:
    for phrases, the pairs index first, so that only the pages it names have their vector read."""
    pairs = pairs_query_literal(clauses)
    if pairs is None:
        return "vector @@ (%s::tsquery)", [tsquery_literal(clauses)]
    return "pairs @@ (%s::tsquery) AND vector @@ (%s::tsquery)", [pairs, tsquery_literal(clauses)]


def _units(clauses: list[Clause]) -> tuple[str, list[str]]:
    """Items with a page, title or metadata matching the clauses (each side uses its GIN
    index), and the parameters."""
    page, page_params = _page_match(clauses)
    tsquery, words = _tsquery(clauses)
    return (
        f"SELECT item_id FROM search_page WHERE {page}"
        f" UNION SELECT item_id FROM search_item WHERE vector @@ {tsquery}"
    ), [*page_params, *words]


class PostgresFtsEngine(DatabaseEngine):
    name = "postgresql-fts"
    # What a backup carries of the index (search/carry.py), in the order it is loaded.
    CARRIED_TABLES = (
        table(
            "search_item",
            *ITEM_COLUMNS.split(", "),
            "topics",
            "places",
            "pages",
            "vector",
            casts={"published_on": "date", "vector": "tsvector"},
        ),
        table(
            "search_page",
            *("item_id", "position", "number", "anchor", "body", "vector", "pairs"),
            casts={"vector": "tsvector", "pairs": "tsvector"},
        ),
    )

    # --- querying ----------------------------------------------------------------------------

    def _reading(self):
        return transaction.atomic()  # for set_config(..., is_local) in _candidates

    def _candidates(self, cursor, query: ParsedQuery) -> list[Candidate]:
        """Every matching item with its score and filter values, in one statement.

        Per group of the query: how many of each item's pages match it (a GIN lookup and a
        count; no vector is read unless a phrase needs its positions) and how well its title
        and metadata do (ts_rank on the small item vector). An item must be found by every
        group, in pages or metadata, and by no excluded clause.
        """
        ctes: list[str] = []
        params: list = []
        joins: list[str] = []
        found: list[str] = []
        score: list[str] = []
        for n, group in enumerate(query.groups):
            tsquery, words = _tsquery(group)
            page, page_params = _page_match(group)
            ctes.append(
                f"p{n} AS (SELECT item_id, count(*) AS hits FROM search_page"
                f" WHERE {page} GROUP BY item_id)"
            )
            ctes.append(
                f"m{n} AS (SELECT item_id, ts_rank({META_WEIGHTS}, vector, {tsquery}) AS rank"
                f" FROM search_item WHERE vector @@ {tsquery})"
            )
            params += page_params + words * 2
            joins.append(
                f" LEFT JOIN p{n} ON p{n}.item_id = i.item_id"
                f" LEFT JOIN m{n} ON m{n}.item_id = i.item_id"
            )
            found.append(f"(p{n}.item_id IS NOT NULL OR m{n}.item_id IS NOT NULL)")
            score.append(
                f"coalesce(m{n}.rank, 0) * {META_SCALE}"
                f" + coalesce(p{n}.hits / (p{n}.hits + 1 + {PAGES_DAMPING} * i.pages), 0)"
            )
        excluded = ""
        if query.excluded:
            units, units_params = _units(query.excluded)
            ctes.append(f"x AS ({units})")
            params += units_params
            excluded = " AND i.item_id NOT IN (SELECT item_id FROM x)"
        words = [g[0] for g in query.groups if len(g) == 1 and not g[0].is_phrase]
        together = "0"
        if len(words) > 1:
            units, units_params = _units([Clause(sum((w.tokens for w in words), ()))])
            ctes.append(f"t AS ({units})")
            params += units_params
            joins.append(" LEFT JOIN t ON t.item_id = i.item_id")
            together = f"CASE WHEN t.item_id IS NULL THEN 0 ELSE {PHRASE_BONUS} END"
        # A common word is on most pages. The planner then prefers reading the whole table to
        # the GIN index, not counting that every row's vector must be fetched and decompressed
        # to test it: 1.4 s instead of 0.1 s at 100,000 pages. Only this statement is told so.
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        cursor.execute(
            f"WITH {', '.join(ctes)}"
            f" SELECT i.item_id, ({' + '.join(score)} + {together})::float8,"
            " to_char(i.published_on, 'YYYY-MM-DD'),"
            # Lists as one string each: psycopg parsing a text[] per row took longer than
            # the query itself for a common word's 10,000 items.
            " i.kind, i.source_slug, array_to_string(i.topics, chr(31)),"
            " array_to_string(i.places, chr(31)), i.language"
            f" FROM search_item AS i{''.join(joins)}"
            f" WHERE {' AND '.join(found)}{excluded}",
            params,
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('enable_seqscan', 'on', true)")
        return [
            Candidate(
                item_id,
                -score,  # lower is better, as bm25's sign has it
                published,
                ((kind,), (source,) if source else (), _split(topics), _split(places), (language,)),
            )
            for item_id, score, published, kind, source, topics, places, language in rows
        ]

    def _item_rows(self, cursor, item_ids: list[int]) -> dict[int, tuple]:
        if not item_ids:
            return {}
        columns = ITEM_COLUMNS.replace("published_on", "to_char(published_on, 'YYYY-MM-DD')")
        cursor.execute(f"SELECT {columns} FROM search_item WHERE item_id = ANY(%s)", [item_ids])
        return {row[0]: row for row in cursor.fetchall()}

    def _matches(self, cursor, query: ParsedQuery, item_ids: list[int]) -> dict[int, list[Match]]:
        """The best pages of each shown item, in one statement: for each item, up to 50 pages
        with any of the words or phrases, the few ts_rank puts first with their text; then
        search/snippets.py orders those by the words they show."""
        if not item_ids:
            return {}
        tsquery, words = _tsquery(query.positive_clauses)
        cursor.execute(
            f"WITH q AS (SELECT {tsquery} AS q)"
            " SELECT item.id, best.number, best.anchor, best.body"
            " FROM q, unnest(%s::bigint[]) WITH ORDINALITY AS item(id, shown)"
            " CROSS JOIN LATERAL ("
            "   SELECT number, anchor, body FROM ("
            "     SELECT number, anchor, body, vector, position FROM search_page"
            f"    WHERE item_id = item.id AND vector @@ q.q LIMIT {PAGES_CONSIDERED}"
            "   ) AS page"
            f"  ORDER BY ts_rank(page.vector, q.q) DESC, page.position LIMIT {PAGES_FETCHED}"
            " ) AS best",
            [*words, item_ids],
        )
        by_item: dict[int, list[tuple]] = {item_id: [] for item_id in item_ids}
        for item_id, number, anchor, body in cursor.fetchall():
            by_item[item_id].append((number, anchor, body))
        clauses = query.positive_clauses
        return {item: best_matches(clauses, pages) for item, pages in by_item.items()}

    # --- indexing ----------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[ItemDocument]) -> int:
        # One transaction: readers keep seeing the old index until the new one is complete.
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_page")
            cursor.execute("DELETE FROM search_item")
            for document in documents:
                self._insert(cursor, document)
                count += 1
        return count

    @staticmethod
    def _delete(cursor, item_id: int) -> None:
        cursor.execute("DELETE FROM search_page WHERE item_id = %s", [item_id])
        cursor.execute("DELETE FROM search_item WHERE item_id = %s", [item_id])

    @staticmethod
    def _insert(cursor, d: ItemDocument) -> None:
        cursor.execute(
            f"INSERT INTO search_item ({ITEM_COLUMNS}, topics, places, pages, vector)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'B'))",
            [
                d.item_id,
                d.reference,
                d.title,
                d.url,
                d.kind,
                d.language,
                d.published_on,
                d.date_display,
                d.source_slug,
                d.source_name,
                d.topics,
                d.places,
                len(d.pages),
                tsvector_literal(d.title),
                tsvector_literal(d.metadata),
            ],
        )
        cursor.executemany(
            "INSERT INTO search_page (item_id, position, number, anchor, body, vector, pairs)"
            " VALUES (%s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
            [
                (
                    d.item_id,
                    n,
                    p.number,
                    p.anchor,
                    _clean(p.text),
                    tsvector_literal(p.text),
                    pairs_literal(p.text),
                )
                for n, p in enumerate(d.pages)
            ],
        )
