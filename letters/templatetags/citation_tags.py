"""Template tags for citations: claim markers, "Cite this", meta tags, "Cited in"."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from wagtail.models import Page, ReferenceIndex, Site

from archive.compiled_query import CompiledQuery
from archive.models import EvidencePage
from letters.citations import citation_format, evidence_href
from letters.exports import CONTAINER_KINDS, REPORT_KINDS
from letters.models import CampaignPage, LetterPage

register = template.Library()


@register.simple_tag
def claim_html(value):
    """The claim's text with its footnote markers inside its last paragraph."""
    markers = format_html_join(
        "",
        '<sup class="citation-marker"><a href="#fn-{0}" id="ref-{0}">[{0}]</a></sup>',
        (
            (footnote.number,)
            for citation in value["citations"]
            if (footnote := getattr(citation, "footnote", None)) is not None
        ),
    )
    html = str(value["text"])  # RichText renders with its links expanded
    head, tag, tail = html.rpartition("</p>")
    if tag and not tail.strip():
        return mark_safe(head + markers + tag)  # noqa: S308 - rich text and escaped markers
    return mark_safe(html + (format_html("<p>{}</p>", markers) if markers else ""))  # noqa: S308


def _base_url(context) -> str:
    request = context.get("request")
    return request.build_absolute_uri("/").rstrip("/") if request else ""


@register.simple_tag(takes_context=True)
def citation_text(context, item) -> str:
    """A citation to copy: of an evidence item, or of a letter or campaign page itself."""
    base = _base_url(context)
    if isinstance(item, EvidencePage):
        return citation_format(item, base_url=base)
    site = item.get_site()
    who = site.site_name if site and site.site_name else "Evidence Archive"
    date = item.date.strftime("%-d %B %Y") if item.date else "undated"
    recipient = f" Letter to {item.recipient}." if getattr(item, "recipient", "") else ""
    return f"{who}. “{item.title}”.{recipient} {date}. {base}{item.url}"


@register.simple_tag(takes_context=True)
def footnote_url(context, citation) -> str:
    """The footnote's address to print on paper: absolute, and without the ?quote=… a browser
    uses to mark the passage, so a reader can type it."""
    evidence = citation.evidence
    if evidence is None:
        return ""
    path = evidence_href(evidence.reference, citation.page_range, citation.file_position)
    return _base_url(context) + path


# What already ends a sentence: "Example Camera Co." takes no second full stop.
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？", "།", "؟")


@register.filter
def full_stop(text) -> str:
    """The text as a sentence: with one full stop at its end, never two."""
    text = str(text).strip()
    return text if not text or text.endswith(_SENTENCE_ENDS) else f"{text}."


@register.simple_tag
def downloads_base(item) -> str:
    """Where cite.bib, cite.ris, cite.json (and a letter's evidence-pack.zip) are."""
    if isinstance(item, EvidencePage):
        return f"/evidence/{item.reference}/"
    return item.url or ""


def _date(day, precision: str = "day") -> str:
    return day.strftime({"year": "%Y", "month": "%Y/%m"}.get(precision, "%Y/%m/%d"))


# The DCMI type of each kind: Zotero's Embedded Metadata translator takes an item's type from it
# when no citation_journal_title or citation_technical_report_institution says otherwise.
_DC_TYPES = {"photo": "Image", "video": "MovingImage", "dataset": "Dataset"}


def _evidence_tags(page, base: str) -> list[tuple[str, str]]:
    """An item's tags: its authors as people ("Family, Given") or organisations, its type
    (DC.type, and the report institution or journal Zotero types it by), abstract and PDF.
    The reference is not a report number: it is the archive's, kept in the page's address."""
    tags = [("citation_author", author.sorted_name) for author in page.author_names]
    if not tags and page.source and page.kind not in CONTAINER_KINDS:
        tags.append(("citation_author", page.source.name))
    if page.published_on:
        tags.append(("citation_publication_date", _date(page.published_on, page.date_precision)))
    if page.source:
        tags.append(("citation_publisher", page.source.name))
        tags.append(("DC.publisher", page.source.name))
        if page.kind in CONTAINER_KINDS:
            tags.append(("citation_journal_title", page.source.name))
        elif page.kind in REPORT_KINDS:
            tags.append(("citation_technical_report_institution", page.source.name))
    tags.append(("DC.type", _DC_TYPES.get(page.kind, "Text")))
    if page.summary:
        tags.append(("citation_abstract", " ".join(page.summary.split())))
    if page.text_language:
        tags.append(("citation_language", page.text_language))
    tags.append(("citation_abstract_html_url", f"{base}/evidence/{page.reference}/"))
    for f in page.files:
        if f.media_type == "application/pdf":
            tags.append(("citation_pdf_url", base + f.url))
            break
    return tags


@register.simple_tag(takes_context=True)
def citation_meta_tags(context, page):
    """Highwire Press citation_* tags (what Zotero, Mendeley and Google Scholar read), and
    links to the BibTeX, RIS and CSL-JSON downloads."""
    base = _base_url(context)
    tags: list[tuple[str, str]] = [("citation_title", page.title)]
    if isinstance(page, EvidencePage):
        tags += _evidence_tags(page, base)
    else:
        site = page.get_site()
        tags.append(("citation_author", site.site_name if site else "Evidence Archive"))
        if page.date:
            tags.append(("citation_publication_date", _date(page.date)))
        tags.append(("citation_abstract_html_url", base + (page.url or "")))
    downloads = downloads_base(page)
    meta = format_html_join("\n", '<meta name="{}" content="{}">', tags)
    request = context.get("request")
    # The request's site is cached on it: no query more on every evidence page.
    site = Site.find_for_request(request) if request else page.get_site()
    meta += mark_safe("\n") + format_html(  # noqa: S308 - a fixed newline
        '<meta property="og:site_name" content="{}">',
        site.site_name if site and site.site_name else "Evidence Archive",
    )
    links = format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}cite.{}">',
        (
            ("application/x-bibtex", "BibTeX", downloads, "bib"),
            ("application/x-research-info-systems", "RIS", downloads, "ris"),
            ("application/vnd.citationstyles.csl+json", "CSL-JSON", downloads, "json"),
        ),
    )
    return meta + mark_safe("\n") + links  # noqa: S308


# Asked on every evidence page: compiled once (archive/compiled_query.py). Content types are
# values, not part of the SQL: a test database's can change between tests.
_CITING = CompiledQuery(
    lambda base_type, object_id, citing_types: ReferenceIndex.objects.filter(
        to_content_type_id=base_type, to_object_id=object_id, content_type__in=citing_types
    ).values_list("object_id")
)


@register.simple_tag
def cited_in(evidence) -> list:
    """The live, public letters and campaign pages that cite this item (via the reference
    index, which Wagtail keeps from each page's live content)."""
    citing_types = ContentType.objects.get_for_models(LetterPage, CampaignPage).values()
    page_ids = [
        object_id
        for (object_id,) in _CITING.rows(
            # The reference index records a page under Page's content type.
            ContentType.objects.get_for_model(Page).pk,
            str(evidence.pk),
            tuple(sorted(ct.pk for ct in citing_types)),
        )
    ]
    if not page_ids:  # most items: one query, not three
        return []
    return list(
        Page.objects.live()
        .public()
        .type(LetterPage, CampaignPage)
        .filter(pk__in=[int(pk) for pk in page_ids])
        .specific()
        .order_by("-first_published_at")
    )
