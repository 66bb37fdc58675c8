"""The index holds the terms of search/analysis.py (CJK bigrams, Tibetan syllables, folded Arabic
script, stemmed Latin) instead of each engine's own reading of the text: docs/decisions/0011.

The old index cannot be converted, only rebuilt from the archive, so this migration empties it
(on SQLite it also gives the FTS5 tables their new shape; PostgreSQL's tables keep theirs) and
says so: run `python manage.py rebuild_search_index` after migrating (docs/operations.md). Until
then searches find nothing; `reconcile_search_index` would also fill it, since every public item
is now missing from the index. An Elasticsearch index gets the new mapping from the rebuild too.
"""

from importlib import import_module

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_page",
    "DROP TABLE IF EXISTS search_item_text",
    "DELETE FROM search_item",
    # `ascii` splits on ASCII spaces and punctuation only: every term is indexed as analysed.
    """
    CREATE VIRTUAL TABLE search_item_text USING fts5(
        title, metadata, body, tokenize = 'ascii'
    )
    """,
    # The page's terms, and its stored text for the snippets (search/snippets.py).
    """
    CREATE VIRTUAL TABLE search_page USING fts5(
        terms, number UNINDEXED, anchor UNINDEXED, text UNINDEXED, tokenize = 'ascii'
    )
    """,
]
# Back to 0001's FTS5 tables (its first statement creates search_item, which stays).
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_page",
    "DROP TABLE IF EXISTS search_item_text",
    "DELETE FROM search_item",
    *import_module("search.migrations.0001_sqlite_fts").CREATE[1:],
]
POSTGRESQL = ["DELETE FROM search_page", "DELETE FROM search_item"]
REBUILD = (
    "The search index was emptied for the new multilingual analysis: run "
    "`python manage.py rebuild_search_index` (docs/operations.md)."
)


def _run(statements):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        chosen = statements.get(connection.vendor, [])
        for statement in chosen:
            schema_editor.execute(statement)
        if chosen and _had_items(apps):
            print(f"\n  {REBUILD}")

    return run


def _had_items(apps) -> bool:
    return apps.get_model("archive", "EvidencePage").objects.exists()


class Migration(migrations.Migration):
    dependencies = [("evidence_search", "0002_postgres_fts"), ("archive", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL}),
        )
    ]
