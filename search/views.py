"""The public search page: evidence metadata through Wagtail's search framework.

Page-level full-text search (issue 3) replaces this with its own engines; until then the public
can find items by title, summary, reference, authors and source.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from archive.models import EvidencePage

MAX_QUERY_LENGTH = 500


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        items = EvidencePage.objects.viewable_by(request.user)
        results = Paginator(items.search(query, operator="and"), 20).get_page(
            request.GET.get("page")
        )
    return render(request, "search/search.html", {"query": query, "items": results})
