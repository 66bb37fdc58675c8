"""Public downloads: an evidence item's citation, a letter's bibliography and evidence pack."""

from __future__ import annotations

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wagtail.models import Page

from archive.models import EvidencePage
from archive.views import reference_or_404
from letters.citations import bibliography
from letters.exports import FORMATS
from letters.models import CitingPage
from letters.pack import pack_prepare, pack_stream


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _download(content: str, *, fmt: str, filename: str, private: bool) -> HttpResponse:
    _, content_type = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # What a citation or bibliography holds depends on access, which can change at any time:
    # never kept by a shared cache, and asked for again on every use (see archive.views).
    response["Cache-Control"] = "private, no-store" if private else "private, no-cache"
    return response


@require_safe
def evidence_cite(request, reference: str, fmt: str):
    # viewable_by: a restricted item's citation is a 404 for the public, as the item itself is.
    item = get_object_or_404(
        EvidencePage.objects.viewable_by(request.user).select_related("source"),
        reference=reference_or_404(reference),
    )
    if fmt not in FORMATS:
        raise Http404
    export, _ = FORMATS[fmt]
    return _download(
        export([item], base_url=base_url(request)),
        fmt=fmt,
        filename=f"{item.reference}.{fmt}",
        private=item.is_restricted,
    )


def _citing_page(request, page_path: str) -> CitingPage:
    """The live letter or campaign page at this path, if the request may see it."""
    page = Page.find_for_request(request, "/" + page_path)
    if page is None or not isinstance(page.specific, CitingPage):
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page.specific


@require_safe
def page_bibliography(request, page_path: str, fmt: str):
    page = _citing_page(request, page_path)
    if fmt not in FORMATS:
        raise Http404
    export, _ = FORMATS[fmt]
    items = bibliography(page.citations(public=True))
    return _download(
        export(items, base_url=base_url(request)),
        fmt=fmt,
        filename=f"{page.slug}-bibliography.{fmt}",
        private=False,
    )


@require_safe
def page_evidence_pack(request, page_path: str):
    pack = pack_prepare(_citing_page(request, page_path), base_url=base_url(request))
    response = StreamingHttpResponse(pack_stream(pack), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
