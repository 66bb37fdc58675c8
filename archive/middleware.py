"""Caching headers for every dynamic response: private unless a view said otherwise.

Nearly every answer of this site depends on who may see what: an evidence page, a letter's
footnotes, a search result, the sitemap, a source page all change when an item is restricted.
A shared cache (a proxy, a CDN) keeping one would go on serving it after the restriction, so
whatever a view leaves without a Cache-Control header goes out `private, no-cache`: only the
reader's browser may keep it, and it must ask again before using it. Views that know better set
their own (files and previews: `private, no-cache` with an ETag, restricted ones `no-store`;
the admin: Django's never_cache). Static files never get here: WhiteNoise answers them earlier
with far-future caching. The in-process public cache (archive/public_cache.py) is a server-side
store and is not affected: it keeps the response before this header is added.
"""

from __future__ import annotations

DEFAULT_CACHE_CONTROL = "private, no-cache"


class PrivateCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = DEFAULT_CACHE_CONTROL
        return response
