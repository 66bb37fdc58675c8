"""Public views outside the page tree: stable evidence URLs, files, previews and sources."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from archive.compiled_query import CompiledQuery
from archive.models import EvidenceFile, EvidencePage, PageText, Source, user_can_view_restricted
from archive.models.files import INLINE_TYPES
from archive.page_images import page_image_open
from archive.public_cache import kept_for_public

FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

# What the public may see, asked on every public page view and download: compiled once
# (archive/compiled_query.py; 1.4 ms to 0.3 ms an item, 1.9 ms to 0.2 ms a file).
PUBLIC_ITEM = CompiledQuery(lambda ref: EvidencePage.objects.public().filter(reference=ref))
PUBLIC_FILE = CompiledQuery(lambda pk: EvidenceFile.objects.public().filter(pk=pk))

# What a reference (EV-2026-0042) can be made of. Anything else is an unknown reference, answered
# before the database sees it: PostgreSQL refuses a NUL in a string parameter (a 500, not a 404).
REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9-]{1,20}")


def reference_or_404(reference: str) -> str:
    if not REFERENCE_SHAPE.fullmatch(reference):
        raise Http404
    return reference.upper()


def viewable_item(request, reference: str) -> EvidencePage:
    """The item this user may see under `reference`, else Http404 (restricted, unpublished and
    unknown alike): the one rule of the evidence page, the JSON API and anything else."""
    reference = reference_or_404(reference)
    if user_can_view_restricted(request.user):  # researchers: the ORM's rule, not compiled
        items = EvidencePage.objects.viewable_by(request.user)
        return get_object_or_404(items, reference=reference)
    if not (found := PUBLIC_ITEM.instances(EvidencePage, reference)):
        raise Http404
    return found[0]


@require_safe
@kept_for_public
def evidence_detail(request, reference: str):
    page = viewable_item(request, reference)
    response = page.serve(request)
    response.public_items = (page.pk,)
    return response


def _viewable_file(request, pk: int) -> EvidenceFile:
    if user_can_view_restricted(request.user):
        return get_object_or_404(EvidenceFile.objects.viewable_by(request.user), pk=pk)
    if not (found := PUBLIC_FILE.instances(EvidenceFile, pk)):
        raise Http404
    return found[0]


def _protect(request, response, *, private: bool, etag: str):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if private:  # restricted: not to be written to any cache, the reader's own disk included
        response["Cache-Control"] = "private, no-store"
        return response
    # Public now, but it may be restricted tomorrow: no shared cache (a proxy, a CDN) may keep
    # it, and a browser must ask again on every use (no-cache). The ETag makes asking again
    # cheap: a 304, but only once the access check above has passed again.
    response["Cache-Control"] = "private, no-cache"
    response["ETag"] = quote_etag(etag)
    answer = get_conditional_response(request, etag=response["ETag"], response=response)
    if answer is not response:
        response.close()  # a 304 (or 412): the open file is not sent
    return answer


@require_safe
def serve_file(request, pk: int, filename: str):
    evidence_file = _viewable_file(request, pk)
    researcher = user_can_view_restricted(request.user)
    if evidence_file.needs_public_copy and not researcher:
        return _serve_public_copy(request, evidence_file)
    response = _file_response(
        evidence_file.file,
        evidence_file.content_type,
        evidence_file.filename,
        inline=evidence_file.shown_inline,
    )
    response["Digest"] = f"sha-256={evidence_file.sha256}"
    # An image's original may say where it was taken: never kept by any cache, which could
    # hand it to the next visitor.
    private = evidence_file.needs_public_copy or _private(request, evidence_file)
    return _protect(request, response, private=private, etag=evidence_file.sha256)


def _serve_public_copy(request, evidence_file: EvidenceFile):
    """An image for anyone without the restricted permission: its copy without metadata, or
    nothing until the copy exists (the original is never the fallback)."""
    if not evidence_file.public_copy:
        raise Http404
    response = _file_response(
        evidence_file.public_copy,
        evidence_file.public_copy_media_type,
        evidence_file.public_filename,
        inline=evidence_file.public_copy_media_type in INLINE_TYPES,
    )
    response["Digest"] = f"sha-256={evidence_file.public_copy_sha256}"
    return _protect(request, response, private=False, etag=evidence_file.public_copy_sha256)


def _file_response(field_file, media_type: str, filename: str, *, inline: bool) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), content_type=media_type, as_attachment=not inline, filename=filename
    )
    if inline:
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@require_safe
def serve_preview(request, pk: int):
    evidence_file = _viewable_file(request, pk)
    if not evidence_file.preview:
        raise Http404
    response = FileResponse(evidence_file.preview.open("rb"), content_type="image/webp")
    # Re-reading a file renders its preview again, perhaps under the same name: the time tells
    # them apart.
    read_at = evidence_file.processed_at.timestamp() if evidence_file.processed_at else 0
    etag = f"{evidence_file.sha256}-preview-{int(read_at * 1e6)}"
    return _protect(request, response, private=_private(request, evidence_file), etag=etag)


@require_safe
def serve_page_image(request, pk: int, width: int, number: int):
    """One page of a PDF as an image, behind the same access check as the file itself (a
    restricted item's pages are 404 like its original); rendered on first request."""
    evidence_file = _viewable_file(request, pk)
    image = page_image_open(evidence_file, number, width)
    if image is None:
        raise Http404
    response = FileResponse(image, content_type="image/webp")
    read_at = evidence_file.processed_at.timestamp() if evidence_file.processed_at else 0
    etag = f"{evidence_file.sha256}-{width}-{number}-{int(read_at * 1e6)}"
    return _protect(request, response, private=_private(request, evidence_file), etag=etag)


@require_safe
def serve_page_words(request, pk: int, number: int):
    """A page's words with their boxes, as fractions of the page, for marks drawn on its image:
    OCR's where the text came from OCR, PDFium's otherwise; the same access check as files."""
    evidence_file = _viewable_file(request, pk)
    if not 1 <= number <= evidence_file.page_count:  # and past 2^63 no query at all (a 500)
        raise Http404
    ocr = PageText.objects.filter(file=evidence_file, number=number, extractor="ocr")
    boxes = ocr.values_list("ocr", flat=True).first()
    if boxes and boxes.get("size") and boxes.get("words"):
        width, height = boxes["size"]
        words = [
            [w[0], w[1] / width, w[2] / height, (w[1] + w[3]) / width, (w[2] + w[4]) / height]
            for w in boxes["words"]
        ]
        response = HttpResponse(json.dumps(words), content_type="application/json")
    elif (stored := page_image_open(evidence_file, number, "words")) is not None:
        response = FileResponse(stored, content_type="application/json")
    else:
        raise Http404
    read_at = evidence_file.processed_at.timestamp() if evidence_file.processed_at else 0
    etag = f"{evidence_file.sha256}-words-{number}-{int(read_at * 1e6)}"
    return _protect(request, response, private=_private(request, evidence_file), etag=etag)


def _private(request, evidence_file: EvidenceFile) -> bool:
    """Whether a file this user may see is restricted (not to be kept by shared caches);
    anyone else was only shown it because it is public."""
    if not user_can_view_restricted(request.user):
        return False
    return not EvidenceFile.objects.public().filter(pk=evidence_file.pk).exists()


@require_safe
def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    items = (
        EvidencePage.objects.viewable_by(request.user)
        .filter(source=source)
        .order_by("-published_on", "-pk")
    )
    if not items.exists():
        # A source known only through restricted or unpublished items (a witness's name, say)
        # is not shown to exist: the same 404 as a slug that names no source.
        raise Http404
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "archive/source_detail.html", {"source": source, "items": page})
