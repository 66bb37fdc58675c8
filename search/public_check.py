"""The second line behind the index's rule: a search never shows an item that is no longer public.

The first line is the index itself: it holds only public items, and every write is followed by
a second look that a concurrent restriction cannot escape (search/indexing.py, decision 9).
Should an entry outlive its item's publicness all the same (the engine was down when the item
was restricted and the retry has not run yet, a write that timed out landed late), the items a
search would show are checked against the database before anything is rendered, with the
compiled query the public cache asks (one statement of at most a page of ids). An item that
fails is removed from the index there and then, and the search asked again, so that the total
and the facets no longer count it either; were the engine to refuse the removal, the item is
still left out of what is shown. `reconcile_search_index` from cron is the third line
(docs/operations.md).
"""

from __future__ import annotations

import logging

from archive.public_cache import PUBLIC_AMONG
from search.engines.base import SearchEngine, SearchRequest, SearchResponse

logger = logging.getLogger(__name__)


def _not_public(response: SearchResponse) -> set[int]:
    ids = tuple(sorted({r.item_id for r in response.results}))
    if not ids:
        return set()
    return set(ids) - {pk for (pk,) in PUBLIC_AMONG.rows(ids)}


def search_public(engine: SearchEngine, request: SearchRequest) -> SearchResponse:
    """engine.search(request), with no result that is not public now."""
    from search.indexing import search_item_sync

    response = engine.search(request)
    stale = _not_public(response)
    if not stale:
        return response
    logger.warning("the search index held items that are not public: %s; removing", sorted(stale))
    try:
        for item_id in sorted(stale):
            search_item_sync(item_id)  # reads the item afresh: removes it unless public again
        response = engine.search(request)
        stale = _not_public(response)
    except Exception:  # the engine refuses the removal: leave the items out of this answer
        logger.exception("removing non-public items from the search index failed")
    if stale:
        response.results = [r for r in response.results if r.item_id not in stale]
        response.count = max(0, response.count - len(stale))
    return response
