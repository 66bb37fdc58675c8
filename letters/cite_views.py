"""Citing from the text, in the admin: an evidence item's pages as JSON for the citation block's
text pane (assets/js/cite_from_text.js), and the server-side quotation check run on a selection
the moment it fills the block.

Both answer only for items the user may see in the admin (archive.admin_access): a restricted
item is 404 to a user without archive.view_restricted_evidence, as its public page is, and a file
hidden from the user is listed without its text.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive.admin_access import files_visible_to, pages_visible_to
from archive.choices import FileStatus
from archive.models import EvidenceFile, EvidencePage, PageText
from archive.page_images import page_image_size
from archive.processing.page_images import THUMBNAIL_WIDTH
from letters.blocks import pinpoint_parse
from letters.checks import EvidenceTexts
from letters.quotations import CheckResult, check_quotation

# A selection longer than this is not a quotation (the footnote link carries it, letters/
# wagtail_hooks.py MAX_QUOTATION).
MAX_QUOTATION = 2000


def visible_item(request, raw_id) -> EvidencePage:
    try:
        item_id = int(raw_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < item_id < 2**63:
        raise Http404
    return get_object_or_404(pages_visible_to(request.user, EvidencePage.objects.all()), pk=item_id)


def _thumbnail(evidence_file, number: int) -> dict:
    """The page's thumbnail and its size, so the pane keeps its place for the image before it
    loads (the text a researcher is selecting does not move under the pointer)."""
    width, height = page_image_size(evidence_file, number, THUMBNAIL_WIDTH)
    return {
        "image": reverse("archive:page_image", args=[evidence_file.pk, THUMBNAIL_WIDTH, number]),
        "width": width,
        "height": height,
    }


@require_safe
def evidence_pages(request, pk: int):
    """{reference, title, files: [{position, title, status, readable, pages: [{number, text,
    image, width, height}]}]}: what the text pane beside a citation shows, per file and per page."""
    item = visible_item(request, pk)
    files = item.files
    held = EvidenceFile.objects.filter(pk__in=[f.pk for f in files])
    shown = set(files_visible_to(request.user, held).values_list("pk", flat=True))
    texts: dict[int, list[tuple[int, str]]] = {}
    rows = PageText.objects.filter(file_id__in=shown).order_by("file_id", "number")
    for file_id, number, text in rows.values_list("file_id", "number", "text"):
        texts.setdefault(file_id, []).append((number, text))
    answer = []
    for position, evidence_file in enumerate(files, start=1):
        visible = evidence_file.pk in shown
        imaged = visible and evidence_file.page_image_source is not None
        pages = [
            {
                "number": number,
                "text": text,
                **(_thumbnail(evidence_file, number) if imaged else {"image": ""}),
            }
            for number, text in (texts.get(evidence_file.pk, []) if visible else [])
        ]
        answer.append(
            {
                "position": position,
                "title": evidence_file.title if visible else "",
                "status": evidence_file.get_status_display(),
                "readable": visible and evidence_file.status == FileStatus.READY,
                "pages": pages,
            }
        )
    return JsonResponse({"reference": item.reference, "title": item.title, "files": answer})


@require_safe
def quotation_check(request):
    """?item=&pinpoint=&file=&quotation= → {result, label, pages, file, checked}: the check the
    letter's save runs (letters.checks), on what the researcher just selected."""
    item = visible_item(request, request.GET.get("item"))
    quotation = request.GET.get("quotation", "")
    if len(quotation) > MAX_QUOTATION:
        return JsonResponse(
            {"error": f"A quotation is at most {MAX_QUOTATION} characters."}, status=400
        )
    try:
        cited_pages = pinpoint_parse(request.GET.get("pinpoint", ""))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    raw_file = request.GET.get("file", "") or "1"
    if not raw_file.isdigit() or not 1 <= int(raw_file) <= max(len(item.files), 1):
        return JsonResponse({"error": f"{item.reference} has no file {raw_file}."}, status=400)
    check = check_quotation(
        quotation,
        EvidenceTexts().files_of(item),
        cited_pages=cited_pages,
        file_position=int(raw_file) - 1,
    )
    return JsonResponse(
        {
            "result": check.result.value,
            "label": check.result.label,
            "checked": check.result == CheckResult.FOUND,
            "pages": list(check.pages),
            "file": check.file_position + 1,
        }
    )
