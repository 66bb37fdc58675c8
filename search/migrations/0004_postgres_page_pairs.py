"""PostgreSQL only: each page's pairs of neighbouring terms, GIN-indexed (issue 18).

A phrase search used to test the positions in the vector of every page holding all its words:
for two common words, ~88,000 of 100,000 pages, each vector read from TOAST (0.8 s). With the
pairs ('you+are') a phrase first asks the pairs index which pages hold every neighbouring pair,
and only those few pages' vectors are tested. Existing pages get their pairs from the positions
in their vector, here in SQL (no rebuild needed); new pages from search/engines/postgres_fts.py.
"""

from importlib import import_module

from django.db import migrations

# PostgreSQL only, as 0002's statements.
_run = import_module("search.migrations.0002_postgres_fts")._run

FORWARD = [
    "ALTER TABLE search_page ADD COLUMN pairs tsvector NOT NULL DEFAULT ''",
    # Neighbours by position in the stored vector: positions past 16,383 are all 16,383 there,
    # so on such a long page a pair may be missed; `rebuild_search_index` writes exact pairs.
    """
    UPDATE search_page AS page SET pairs = coalesce((
        SELECT array_to_tsvector(array_agg(DISTINCT term || '+' || next_term))
        FROM (
            SELECT lexeme AS term, position,
                   lead(lexeme) OVER w AS next_term, lead(position) OVER w AS next_position
            FROM unnest(page.vector) AS u(lexeme, positions, weights),
                 unnest(u.positions) AS position
            WINDOW w AS (ORDER BY position)
        ) AS neighbours
        WHERE next_position = position + 1
    ), '')
    """,
    "CREATE INDEX search_page_pairs ON search_page USING gin (pairs)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_page_pairs",
    "ALTER TABLE search_page DROP COLUMN IF EXISTS pairs",
]


class Migration(migrations.Migration):
    dependencies = [("evidence_search", "0003_multilingual_analysis")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
