"""A published letter as JSON: its claims and the citations its public page shows.

The citations are the public page's own (CitingPage.citations(): live, public evidence only,
numbered without gaps), so a citation of restricted or unpublished evidence is left out here as
its footnote is left out there, for every reader. Each citation's check is made now against the
archived text, on the letter as published (the stored CitationCheck rows follow the latest
draft, which may differ).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags

from letters.checks import EvidenceTexts, citation_check
from letters.citations import claims
from letters.models import LetterPage
from letters.quotations import CheckResult


def letter_summary(request, letter: LetterPage) -> dict:
    return {
        "id": letter.pk,
        "slug": letter.slug,
        "title": letter.title,
        "recipient": letter.recipient,
        "date_sent": letter.date_sent.isoformat() if letter.date_sent else None,
        "letter_status": letter.letter_status,
        "url": request.build_absolute_uri(letter.url),
        "api_url": request.build_absolute_uri(reverse("api:letter", args=[letter.pk])),
    }


def letter_json(request, letter: LetterPage) -> dict:
    shown = {}
    texts = EvidenceTexts()
    for citation in letter.citations():
        if citation.number:
            shown.setdefault(citation.block_id, []).append(citation_json(request, citation, texts))
    body = letter_summary(request, letter)
    body.update(
        {
            "first_published_at": letter.first_published_at.isoformat()
            if letter.first_published_at
            else None,
            "last_published_at": letter.last_published_at.isoformat()
            if letter.last_published_at
            else None,
            "claims": [
                {
                    "id": child.id,
                    "text": _claim_text(child),
                    "needs_evidence": bool(child.value["needs_evidence"]),
                    "citations": shown.get(child.id, []),
                }
                for child in claims(letter.body)
            ],
        }
    )
    return body


def _claim_text(child) -> str:
    # Rendered through the rich-text link handlers first, which drop links to evidence that is
    # not public (letters/rich_text_handlers.py), then reduced to text.
    return strip_tags(str(child.value["text"])).strip()


def citation_json(request, citation, texts: EvidenceTexts) -> dict:
    evidence = citation.evidence
    check = citation_check(citation, texts)
    page_range = citation.page_range
    return {
        "number": citation.number,
        "reference": evidence.reference,
        "title": evidence.title,
        "pinpoint": citation.pinpoint or None,
        "pinpoint_display": citation.pinpoint_display or None,
        "pages": list(page_range) if page_range else None,
        "file": citation.file_position + 1,
        "quotation": citation.quotation or None,
        "url": request.build_absolute_uri(citation.href),
        "api_url": request.build_absolute_uri(reverse("api:evidence", args=[evidence.reference])),
        "check": {
            "result": str(check.result),
            "label": CheckResult(check.result).label,
            "found_on": {"file": check.file_position + 1, "pages": list(check.pages)}
            if check.pages
            else None,
        },
    }
