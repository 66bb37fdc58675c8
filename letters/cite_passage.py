"""“Cite this passage” from the public evidence page, for a logged-in researcher who may edit
letters (assets/js/cite_passage.js, whose script only signed-in responses carry: they are private
and never kept by the public cache): a small authenticated JSON view, never cached, says which
letter drafts they may cite into, and a
form posts here to append the passage as a claim with its citation to the letter's latest
revision, as a draft (never published), then opens the letter's editor.

Both are admin views (login required) and answer only for items the user may see: a restricted
item is 404 to a user without archive.view_restricted_evidence.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from wagtail.models import Page

from archive.admin_access import page_permission_tester
from letters.blocks import pinpoint_parse
from letters.cite_views import MAX_QUOTATION, visible_item
from letters.models import CampaignPage, LetterPage

MAX_LETTERS = 50  # the most recently edited drafts: a researcher cites into what they work on


def _editable_letters(user):
    letters = Page.objects.type(LetterPage, CampaignPage).order_by(
        "-latest_revision_created_at", "-pk"
    )
    return [
        page for page in letters[: MAX_LETTERS * 4] if page_permission_tester(user, page).can_edit()
    ][:MAX_LETTERS]


@never_cache
@require_safe
def cite_passage_letters(request):
    """?item= → {letters: [{id, title}], csrf}: where this researcher may cite the item."""
    visible_item(request, request.GET.get("item"))
    letters = [{"id": page.pk, "title": page.title} for page in _editable_letters(request.user)]
    return JsonResponse({"letters": letters, "csrf": get_token(request) if letters else ""})


@require_POST
def cite_passage(request):
    """Append {claim: “quotation”, citation: item, page, quotation} to the letter as a draft."""
    item = visible_item(request, request.POST.get("item"))
    letter = get_object_or_404(
        Page.objects.type(LetterPage, CampaignPage), pk=_id(request.POST.get("letter"))
    ).specific
    if not page_permission_tester(request.user, letter).can_edit():
        return HttpResponseBadRequest("You may not edit that letter.")
    quotation = " ".join(request.POST.get("quotation", "").split())
    if not quotation or len(quotation) > MAX_QUOTATION:
        return HttpResponseBadRequest(f"Select a passage of 1 to {MAX_QUOTATION} characters.")
    pinpoint = request.POST.get("pinpoint", "")
    file_number = request.POST.get("file", "1")
    try:
        pages = pinpoint_parse(pinpoint)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    if not file_number.isdigit() or not 1 <= int(file_number) <= max(len(item.files), 1):
        return HttpResponseBadRequest(f"{item.reference} has no file {file_number}.")
    draft = letter.get_latest_revision_as_object()
    citation = {
        "evidence": item.pk,
        "pinpoint": f"{pages[0]}" if pages and pages[0] == pages[1] else pinpoint,
        "file": int(file_number) if int(file_number) > 1 else None,
        "quotation": quotation,
    }
    # The claim's text starts as the quotation itself: the researcher rewrites it in the editor.
    claim = {
        "text": f"<p>“{escape(quotation)}”</p>",
        "needs_evidence": True,
        "citations": [citation],
    }
    claim_block = draft.body.stream_block.child_blocks["claim"]
    draft.body.append(("claim", claim_block.to_python(claim)))
    draft.save_revision(user=request.user, log_action=True)
    messages.success(request, f"The passage of {item.reference} is cited at the end of the draft.")
    return redirect("wagtailadmin_pages:edit", letter.pk)


def _id(raw) -> int:
    return int(raw) if str(raw).isdigit() and len(str(raw)) < 19 else 0
