"""Rendered public responses, kept for anonymous readers (evidence pages and search).

A response is kept under the current *content version*, a random token in one database row
(PublicContentVersion) that `content_changed()` replaces on commit of anything the public can
see: a page saved, published, moved or deleted, a file read, a source, topic or place edited, a
view restriction set, the search index written, a background task finished. Every process and
machine reads the token from the shared database (trusting what it read for a second; search
results read it on every request, since their facets and totals count more items than they
show), so one change retires every kept response, wherever it is kept, within a second.

Withdrawn evidence must never be served from here, whatever a missed signal or a race between
a reader and a commit might leave behind: a view names the evidence items its response shows
(`response.public_items`), and a kept response is served only after one query confirms that each
of them is still live and public. A response that names no items, sets a cookie, carries a CSRF
token or is not a 200 is never kept; signed-in users are never served from here.

The store is the Django cache `public` (settings.CACHES): memory in each worker by default.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

from archive.compiled_query import CompiledQuery
from archive.models import EvidencePage, PublicContentVersion

CACHE_ALIAS = "public"
# Headers a kept response is served with again; cookies and per-request headers are not kept.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


# How long a process trusts the token it last read: a change made by another process (a task
# worker, another web worker or machine) reaches this one's kept responses within a second.
# Changes made here are seen at once; withdrawn items are checked on every hit regardless.
TOKEN_TRUSTED_SECONDS = 1.0
_token: tuple[str, float] = ("", -TOKEN_TRUSTED_SECONDS)


def content_version(*, afresh: bool = False) -> str:
    """The current token: as read within the last second, or (`afresh`) read now."""
    global _token
    token, read_at = _token
    if not afresh and time.monotonic() - read_at < TOKEN_TRUSTED_SECONDS:
        return token
    token = _token_read()
    _token = (token, time.monotonic())
    return token


def _token_query(pk: int):
    return PublicContentVersion.objects.filter(pk=pk).values_list("token")


# Read on every kept search served, so compiled once (archive/compiled_query.py): building the
# queryset cost more than running it.
_TOKEN = CompiledQuery(_token_query)


def _token_read() -> str:
    rows = _TOKEN.rows(1)
    return (rows[0][0] if rows else "") or ""


def content_version_forget() -> None:
    """Read the token afresh next time (tests: the database under this process changed)."""
    global _token
    _token = ("", -TOKEN_TRUSTED_SECONDS)


def content_changed() -> None:
    """Retire every kept response, on commit of the current transaction (once per transaction,
    however many changes it holds; nothing if it rolls back)."""
    if _deferred:
        return
    connection = transaction.get_connection()
    # Django's own list of callbacks awaiting this transaction's commit: it drops the ones a
    # rollback undoes, so looking there (not at a flag of our own) stays right after a rollback.
    if any(entry[1] is content_refresh for entry in connection.run_on_commit):
        return
    transaction.on_commit(content_refresh, robust=True)


# A bulk import adds hundreds of items, each in several commits: retiring every kept response on
# each would leave readers almost nothing kept while it runs. Inside content_changes_deferred()
# (and in worker processes forked inside it) changes are not signalled one by one; the importer
# calls content_refresh() once a minute instead, and once at the end. Only additions are
# deferred so: an import withdraws nothing, and a kept response showing a withdrawn item is
# refused on every hit anyway.
_deferred = False


@contextmanager
def content_changes_deferred():
    global _deferred
    previous, _deferred = _deferred, True
    try:
        yield
    finally:
        _deferred = previous
        content_refresh()


def content_refresh() -> None:
    """Retire every kept response now, deferred or not (content_changed() calls it on commit)."""
    global _token
    token = uuid.uuid4().hex
    if not PublicContentVersion.objects.filter(pk=1).update(token=token):
        PublicContentVersion.objects.update_or_create(pk=1, defaults={"token": token})
    _token = (token, time.monotonic())


@dataclass(frozen=True)
class KeptResponse:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    public_items: tuple[int, ...]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def _key(request, version: str) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"public:{version}:{hashlib.sha256(where.encode()).hexdigest()}"


def _public_among(ids: tuple[int, ...]):
    return EvidencePage.objects.public().filter(pk__in=ids).values_list("pk")


# Asked before every kept response is served: compiled once (archive/compiled_query.py).
PUBLIC_AMONG = CompiledQuery(_public_among)


def _still_public(item_ids: tuple[int, ...]) -> bool:
    ids = tuple(sorted(set(item_ids)))
    return not ids or len(PUBLIC_AMONG.rows(ids)) == len(ids)


def _keepable(request, response) -> KeptResponse | None:
    items = getattr(response, "public_items", None)
    if (
        items is None
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or "private" in response.get("Cache-Control", "")
    ):
        return None
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    return KeptResponse(response.status_code, response.content, headers, tuple(items))


def kept_for_public(view=None, *, version_afresh: bool = False):
    """Serve anonymous GETs of `view` from the public cache; see the module's docstring.

    `version_afresh`: read the content version on every request rather than once a second.
    Search results need it: their facets and totals count items that are not among the results
    the still-public check covers, so for up to a second another process's restriction would
    still show as a facet value (a source's name) here. One primary-key read per request."""
    if view is None:
        return lambda view: kept_for_public(view, version_afresh=version_afresh)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        store = caches[CACHE_ALIAS]
        key = _key(request, content_version(afresh=version_afresh))
        kept = store.get(key)
        if kept is not None and _still_public(kept.public_items):
            return kept.response()
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # a TemplateResponse: its content is needed now
        if (keep := _keepable(request, response)) is not None:
            store.set(key, keep)
        return response

    return wrapper
