"""An evidence item as JSON: what its public page shows, in the same access terms.

The caller has already decided the item may be shown (archive.views.viewable_item); what is
decided here is only what the page itself decides per reader: an image's public copy for anyone
without the restricted permission (its hash, size and type, with the original it derives from,
as the page says), the original for researchers. The reader's messages and warnings are left
out for everyone (the public page shows them only to researchers; the API keeps to what the
public reads), except the active-content warning the public page shows too.
"""

from __future__ import annotations

from django.urls import reverse

from archive.authors import Author
from archive.models import EvidenceFile, EvidencePage, PageText, user_can_view_restricted
from archive.models.evidence import anchor_prefix, page_texts
from archive.page_text import SAYS_WHY
from archive.processing.sniff import kind_label
from letters.models import LetterPage
from letters.templatetags.citation_tags import cited_in

# Where a page's image will be linked once the page viewer exists (issue 17, item 2): every page
# carries "image_url": null until then, so clients can rely on the key.
PAGE_IMAGE_URL = None


def author_json(author: Author) -> dict:
    """A person with family and given names, or an organisation with one literal name, as
    archive/authors.py stores them; `name` is how the page writes it."""
    if author.is_organisation:
        return {"type": "organisation", "name": author.display, "literal": author.literal}
    return {
        "type": "person",
        "name": author.display,
        "family": author.family,
        "given": author.given,
        "family_first": author.family_first,
    }


def item_summary(request, item: EvidencePage) -> dict:
    """The short form, in lists."""
    return {
        "reference": item.reference,
        "title": item.title,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "published_on": item.published_on.isoformat() if item.published_on else None,
        "date_precision": item.date_precision,
        "url": request.build_absolute_uri(f"/evidence/{item.reference}/"),
        "api_url": request.build_absolute_uri(item_api_path(item.reference)),
    }


def item_api_path(reference: str) -> str:
    return reverse("api:evidence", args=[reference])


def page_api_path(reference: str, file_number: int, page: int) -> str:
    return reverse("api:page", args=[reference, file_number, page])


def item_json(request, item: EvidencePage) -> dict:
    files = item.files
    by_file: dict[int, list[int]] = {}
    for row in page_texts(tuple(f.pk for f in files)):
        by_file.setdefault(row.file_id, []).append(row.number)
    source = item.source
    body = item_summary(request, item)
    body.update(
        {
            "summary": item.summary,
            "access_level": item.access_level,
            "authors": [author_json(author) for author in item.author_names],
            "source": None
            if source is None
            else {
                "name": source.name,
                "type": source.source_type,
                "type_label": source.get_source_type_display(),
                "website": source.url or None,
                "url": request.build_absolute_uri(source.get_absolute_url()),
            },
            "retrieved_on": item.retrieved_on.isoformat() if item.retrieved_on else None,
            "original_url": item.original_url or None,
            "archived_url": item.archived_url or None,
            "language": item.text_language or None,
            "language_detected": bool(item.text_language and not item.language),
            "topics": item.subject_names("topics"),
            "places": item.subject_names("places"),
            "first_published_at": _when(item.first_published_at),
            "last_published_at": _when(item.last_published_at),
            "citation_formats": {
                fmt: request.build_absolute_uri(f"/evidence/{item.reference}/cite.{fmt}")
                for fmt in ("bib", "ris", "json")
            },
            "files": [
                file_json(request, item, f, position, by_file.get(f.pk, []))
                for position, f in enumerate(files)
            ],
            "cited_in": [citing_json(request, page) for page in cited_in(item)],
        }
    )
    return body


def file_json(
    request, item: EvidencePage, f: EvidenceFile, position: int, page_numbers: list[int]
) -> dict:
    """One file as the page shows it to this reader (`position` counts from 0)."""
    public_copy = f.needs_public_copy and not user_can_view_restricted(request.user)
    if public_copy:
        # The public never gets the original of an image; until its copy exists, nothing.
        made = bool(f.public_copy)
        served = {
            "filename": f.public_filename if made else None,
            "download_url": request.build_absolute_uri(f.url) if made else None,
            "media_type": f.public_copy_media_type or None,
            "kind_label": kind_label(f.public_copy_media_type) if made else None,
            "size": f.public_copy_size if made else None,
            "sha256": f.public_copy_sha256 or None,
            "derivative_of": {
                "filename": f.filename,
                "media_type": f.media_type,
                "size": f.file_size,
                "sha256": f.sha256,
            },
        }
    else:
        served = {
            "filename": f.filename,
            "download_url": request.build_absolute_uri(f.url),
            "media_type": f.media_type,
            "kind_label": f.kind_label,
            "size": f.file_size,
            "sha256": f.sha256,
            "derivative_of": None,
        }
    prefix = anchor_prefix(position)
    return {
        "number": position + 1,
        "title": f.title,
        **served,
        "page_count": f.page_count,
        "status": f.status,
        "status_label": f.get_status_display(),
        "status_note": f.public_status_note() or None,
        "active_content_warning": f.active_content_warning or None,
        "headers": {label.lower(): value for label, value in f.public_headers},
        "preview_url": request.build_absolute_uri(f.preview_url) if f.preview else None,
        "pages": [
            {
                "number": number,
                "url": request.build_absolute_uri(
                    f"/evidence/{item.reference}/#{prefix}page-{number}"
                ),
                "text_url": request.build_absolute_uri(
                    page_api_path(item.reference, position + 1, number)
                ),
                "image_url": PAGE_IMAGE_URL,
            }
            for number in page_numbers
        ],
    }


def page_json(request, item: EvidencePage, position: int, page: PageText) -> dict:
    """One page's text of record, as the page shows it under its anchor."""
    prefix = anchor_prefix(position)
    return {
        "reference": item.reference,
        "file": position + 1,
        "number": page.number,
        "text": page.text,
        "language": page.language or None,
        # Why a page has no text, only when its reader said so in words the public may read
        # (archive/page_text.py), as on the page.
        "no_text_reason": page.note if not page.text.strip() and page.note in SAYS_WHY else None,
        "url": request.build_absolute_uri(
            f"/evidence/{item.reference}/#{prefix}page-{page.number}"
        ),
        "item_url": request.build_absolute_uri(item_api_path(item.reference)),
        "image_url": PAGE_IMAGE_URL,
    }


def citing_json(request, page) -> dict:
    """A live, public letter or campaign page that cites the item (letters' own "Cited in")."""
    letter = isinstance(page, LetterPage)
    return {
        "title": page.title,
        "type": "letter" if letter else "campaign",
        "date": page.date.isoformat() if page.date else None,
        "url": request.build_absolute_uri(page.url),
        "api_url": request.build_absolute_uri(reverse("api:letter", args=[page.pk]))
        if letter
        else None,
    }


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None
