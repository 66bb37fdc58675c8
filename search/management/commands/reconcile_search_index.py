"""manage.py reconcile_search_index: bring the index back to what the database says is public."""

from django.core.management.base import BaseCommand

from search.indexing import search_reconcile


class Command(BaseCommand):
    help = "Index public items missing from the search index and remove items no longer public."

    def handle(self, *args, **options):
        added, removed = search_reconcile()
        self.stdout.write(f"Re-indexed {added} missing items, removed {removed} stale items.")
