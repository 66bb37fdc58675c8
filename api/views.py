"""The API's views: the project's own small views rather than Wagtail's API v2.

Wagtail's API v2 needs Django REST framework (not otherwise used here), serves pages by id
through Wagtail's own `public()` (which knows nothing of the archive's access level or its
`view_restricted_evidence` permission) and shapes its own JSON and errors; every endpoint here
would have overridden its lookup, queryset, fields and error handling. These views instead ask
the same access rule as the pages (archive.views.viewable_item, EvidencePage.objects.viewable_by,
CitingPage.citations), go through the same public cache, and answer every error in JSON.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from api.errors import BadRequest, json_api, json_response
from api.evidence import item_json, item_summary, page_json
from api.letters import letter_json, letter_summary
from archive.choices import EvidenceKind
from archive.models import EvidencePage, PageText
from archive.public_cache import kept_for_public
from archive.views import viewable_item
from letters.models import LetterPage

PAGE_SIZE = 50
INT_MAX = 2**31 - 1  # page numbers and Wagtail's page ids are 32-bit integers
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")
OPENAPI = Path(__file__).with_name("openapi.json")


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and 1 <= int(raw) <= INT_MAX):
        raise BadRequest("page must be a whole number from 1.")
    return int(raw)


def _paginated(request, items, summary) -> tuple[dict, list]:
    """One page of `items` (?page=N, PAGE_SIZE each) with links to its neighbours, and the
    objects on it."""
    number = _page_number(request)
    paginator = Paginator(items, PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(number) if paginator.count else None
    results = list(page.object_list) if page else []
    params = request.GET.copy()

    def link(to: int) -> str:
        params["page"] = str(to)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    body = {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages if paginator.count else 0,
        "next": link(number + 1) if page and page.has_next() else None,
        "previous": link(number - 1) if page and page.has_previous() else None,
        "results": [summary(request, item) for item in results],
    }
    return body, results


@json_api
@kept_for_public(version_afresh=True)  # its count covers more items than it shows, as search's
def evidence_list(request):
    """Every item this reader may see, newest first, as the evidence index lists them."""
    items = EvidencePage.objects.viewable_by(request.user).select_related("source")
    kind = request.GET.get("kind", "")
    if kind:
        if kind not in EvidenceKind.values:
            raise BadRequest(f"kind must be one of: {', '.join(EvidenceKind.values)}.")
        items = items.filter(kind=kind)
    body, shown = _paginated(request, items.order_by("-first_published_at", "-pk"), item_summary)
    response = json_response(body)
    response.public_items = tuple(item.pk for item in shown)
    return response


@json_api
@kept_for_public
def evidence_detail(request, reference: str):
    item = viewable_item(request, reference)
    response = json_response(item_json(request, item))
    response.public_items = (item.pk,)
    return response


@json_api
@kept_for_public
def evidence_page(request, reference: str, file: int, page: int):
    item = viewable_item(request, reference)
    files = item.files
    if not 1 <= file <= len(files) or page > INT_MAX:
        raise Http404
    text = PageText.objects.filter(file=files[file - 1], number=page).first()
    if text is None:
        raise Http404
    response = json_response(page_json(request, item, file - 1, text))
    response.public_items = (item.pk,)
    return response


def _letters():
    # What Wagtail serves to anyone: live, and outside any private section.
    return LetterPage.objects.live().public()


@json_api
def letter_list(request):
    """Published letters, newest first (not kept by the public cache, which checks evidence
    items only: a letter withdrawn must not be served from it)."""
    # Undated letters last on every database (PostgreSQL puts NULLs first when descending).
    newest = F("date_sent").desc(nulls_last=True)
    letters = _letters().order_by(newest, "-first_published_at", "-pk")
    return json_response(_paginated(request, letters, letter_summary)[0])


@json_api
def letter_detail(request, letter: str):
    """A letter by its id or its slug."""
    if letter.isascii() and letter.isdigit():
        small = len(letter) <= 10 and int(letter) <= INT_MAX
        found = _letters().filter(pk=int(letter)) if small else None
    elif SLUG.fullmatch(letter):
        found = _letters().filter(slug=letter).order_by("pk")
    else:
        found = None
    page = found.first() if found is not None else None
    if page is None:
        raise Http404
    return json_response(letter_json(request, page))


@json_api
def openapi(request):
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/json")


@json_api
def not_found(request, rest: str = ""):
    """Any other path under /api/v1/: a JSON 404 rather than the site's HTML one, except where
    CommonMiddleware would have added the missing slash (this route matches first)."""
    if settings.APPEND_SLASH and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    raise Http404
