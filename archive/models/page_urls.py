"""Absolute URLs of the site's pages on the host the reader asked for.

Wagtail builds a page's full URL (`full_url`, `get_full_url`, the sitemap's locations) from the
Site record's hostname and port, which `load_demo` and a fresh install leave at
localhost:8000: every deployment's canonical links and sitemap named a host nobody can reach.
Given a request, these pages take the root from the request instead (scheme and host, which
ALLOWED_HOSTS has already vetted), as the citation exports and `citation_*` tags do; without
one (a script, an email) they keep Wagtail's answer.
"""

from __future__ import annotations

from django.http import HttpRequest


def request_root_url(request: HttpRequest) -> str:
    """https://archive.example.org, without the trailing slash."""
    return request.build_absolute_uri("/").rstrip("/")


class RequestRootUrlMixin:
    """For Page subclasses: full URLs on the requested host (see the module's docstring)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or not isinstance(request, HttpRequest):
            return parts
        site_id, root_url, page_path = parts
        return site_id, request_root_url(request) if root_url else root_url, page_path
