"""Public views outside the page tree: stable evidence URLs, files, previews and sources."""

from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from archive.compiled_query import CompiledQuery
from archive.models import EvidenceFile, EvidencePage, Source, user_can_view_restricted
from archive.public_cache import kept_for_public

# Types a browser may show inline; everything else (SVG and HTML above all, which can run
# script) is sent as a download.
INLINE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}
)
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

# What the public may see, asked on every public page view and download: compiled once
# (archive/compiled_query.py; 1.4 ms to 0.3 ms an item, 1.9 ms to 0.2 ms a file).
PUBLIC_ITEM = CompiledQuery(lambda ref: EvidencePage.objects.public().filter(reference=ref))
PUBLIC_FILE = CompiledQuery(lambda pk: EvidenceFile.objects.public().filter(pk=pk))


@require_safe
@kept_for_public
def evidence_detail(request, reference: str):
    if user_can_view_restricted(request.user):  # researchers: the ORM's rule, not compiled
        items = EvidencePage.objects.viewable_by(request.user)
        page = get_object_or_404(items, reference=reference.upper())
    elif not (found := PUBLIC_ITEM.instances(EvidencePage, reference.upper())):
        raise Http404
    else:
        page = found[0]
    response = page.serve(request)
    response.public_items = (page.pk,)
    return response


def _viewable_file(request, pk: int) -> EvidenceFile:
    if user_can_view_restricted(request.user):
        return get_object_or_404(EvidenceFile.objects.viewable_by(request.user), pk=pk)
    if not (found := PUBLIC_FILE.instances(EvidenceFile, pk)):
        raise Http404
    return found[0]


def _protect(response, *, private: bool):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    return response


@require_safe
def serve_file(request, pk: int, filename: str):
    evidence_file = _viewable_file(request, pk)
    researcher = user_can_view_restricted(request.user)
    if evidence_file.needs_public_copy and not researcher:
        return _serve_public_copy(evidence_file)
    response = _file_response(
        evidence_file.file, evidence_file.content_type, evidence_file.filename
    )
    response["Digest"] = f"sha-256={evidence_file.sha256}"
    # An image's original may say where it was taken: never kept by a shared cache, which
    # could hand it to the next visitor.
    private = evidence_file.needs_public_copy or _private(request, evidence_file)
    return _protect(response, private=private)


def _serve_public_copy(evidence_file: EvidenceFile):
    """An image for anyone without the restricted permission: its copy without metadata, or
    nothing until the copy exists (the original is never the fallback)."""
    if not evidence_file.public_copy:
        raise Http404
    response = _file_response(
        evidence_file.public_copy,
        evidence_file.public_copy_media_type,
        evidence_file.public_filename,
    )
    response["Digest"] = f"sha-256={evidence_file.public_copy_sha256}"
    return _protect(response, private=False)


def _file_response(field_file, media_type: str, filename: str) -> FileResponse:
    inline = media_type in INLINE_TYPES
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
    return _protect(response, private=_private(request, evidence_file))


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
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "archive/source_detail.html", {"source": source, "items": page})
