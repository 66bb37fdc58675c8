"""The PostgreSQL engine's text search configuration and tables (PostgreSQL only; SQLite has its
FTS5 tables from 0001). Why this shape: docs/decisions/0005-postgresql-full-text-search.md."""

from django.db import migrations

# Where the server has it, lz4 decompresses page vectors several times faster than pglz: a
# phrase search reads the vector of every page holding all its words.
LZ4 = """
    DO $$ BEGIN
        IF 'lz4' = ANY ((SELECT enumvals FROM pg_settings
                         WHERE name = 'default_toast_compression')::text[]) THEN
            ALTER TABLE search_page ALTER COLUMN body SET COMPRESSION lz4,
                                    ALTER COLUMN vector SET COMPRESSION lz4;
        END IF;
    END $$
"""


CREATE = [
    # unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # English stemming without a stop-word list, after removing diacritics: FTS5's
    # 'porter unicode61 remove_diacritics 2' in PostgreSQL's terms ("the" is still a word).
    """
    CREATE TEXT SEARCH DICTIONARY evidence_english_stem (TEMPLATE = snowball, LANGUAGE = english)
    """,
    "CREATE TEXT SEARCH CONFIGURATION evidence_text (COPY = pg_catalog.simple)",
    """
    ALTER TEXT SEARCH CONFIGURATION evidence_text
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, evidence_english_stem
    """,
    # One row per public item: what results show, the filter values, and a vector of the title
    # (weight A) and metadata (weight B). Its pages' text is in search_page only.
    """
    CREATE TABLE search_item (
        item_id bigint PRIMARY KEY,
        reference text NOT NULL,
        title text NOT NULL,
        url text NOT NULL,
        kind text NOT NULL,
        language text NOT NULL,
        published_on date,
        date_display text NOT NULL,
        source_slug text NOT NULL,
        source_name text NOT NULL,
        topics text[] NOT NULL,
        places text[] NOT NULL,
        pages integer NOT NULL,
        vector tsvector NOT NULL
    )
    """,
    "CREATE INDEX search_item_vector ON search_item USING gin (vector)",
    # One row per page. toast_tuple_target moves text and vector out of line, so the rows that
    # a GIN lookup visits for their item_id are a few dozen bytes, not kilobytes.
    """
    CREATE TABLE search_page (
        item_id bigint NOT NULL,
        position integer NOT NULL,
        number integer NOT NULL,
        anchor text NOT NULL,
        body text NOT NULL,
        vector tsvector NOT NULL,
        PRIMARY KEY (item_id, position)
    ) WITH (toast_tuple_target = 128)
    """,
    "CREATE INDEX search_page_vector ON search_page USING gin (vector)",
    LZ4,
]
DROP = [
    "DROP TABLE IF EXISTS search_page",
    "DROP TABLE IF EXISTS search_item",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS evidence_text",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS evidence_english_stem",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("evidence_search", "0001_sqlite_fts")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
