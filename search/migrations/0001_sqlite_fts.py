"""The embedded engine's tables (SQLite only; other databases use other engines)."""

from django.db import migrations

CREATE = [
    """
    CREATE TABLE search_item (
        item_id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        published_on TEXT,
        date_display TEXT NOT NULL,
        source_slug TEXT NOT NULL,
        source_name TEXT NOT NULL,
        topics TEXT NOT NULL,
        places TEXT NOT NULL
    )
    """,
    # Matching, ranking, counting and facets run on whole items (rowid = item_id): 10 times
    # fewer rows than pages, and "all words" means anywhere in the item.
    """
    CREATE VIRTUAL TABLE search_item_text USING fts5(
        title, metadata, body,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    # Pages answer only "where in the top items": best pages and their snippets. The rowid is
    # item_id * 10**6 + the page's position, so an item's pages are one rowid range.
    """
    CREATE VIRTUAL TABLE search_page USING fts5(
        body, number UNINDEXED, anchor UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
]
DROP = [
    "DROP TABLE IF EXISTS search_page",
    "DROP TABLE IF EXISTS search_item_text",
    "DROP TABLE IF EXISTS search_item",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
