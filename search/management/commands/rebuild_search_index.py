"""manage.py rebuild_search_index: index every public item afresh, without downtime."""

from django.core.management.base import BaseCommand

from archive.models import EvidencePage
from search.engines import get_engine
from search.indexing import public_documents, search_rebuild


class Command(BaseCommand):
    help = "Rebuild the page-level search index from the database (public, live evidence only)."

    def handle(self, *args, **options):
        engine = get_engine()
        total = EvidencePage.objects.public().count()
        self.stdout.write(f"Rebuilding the {engine.name} index: {total} public items")
        count = search_rebuild(self._with_progress(public_documents(), total))
        self.stdout.write(self.style.SUCCESS(f"\nIndexed {count} items."))

    def _with_progress(self, documents, total: int):
        width = 40
        for n, document in enumerate(documents, 1):
            if n == total or n % 50 == 0:
                done = int(width * n / max(total, 1))
                self.stdout.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total}", ending="")
                self.stdout.flush()
            yield document
