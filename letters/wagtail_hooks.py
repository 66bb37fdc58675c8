"""Wagtail wiring for letters: what they add to the evidence page (meta tags, "Cited in", "Cite
this", a footnote's quotation marked), the evidence chooser, checking citations on save, the publish
guard, and the report of citations that need attention."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from archive import page_fragments
from letters.admin_listing import letter_listing_viewset
from letters.admin_views import CitationReport
from letters.checks import page_citations_check, publish_problems
from letters.choosers import evidence_chooser_viewset
from letters.cite_passage import cite_passage, cite_passage_letters
from letters.cite_views import evidence_pages, quotation_check
from letters.models import CitingPage
from letters.quotations import PageLetters, quotation_marks
from letters.rich_text_handlers import PublicDocumentLinkHandler, PublicPageLinkHandler
from letters.templatetags.citation_tags import citation_meta_tags

# A footnote's link carries its quotation (?quote=…); longer is not a quotation.
MAX_QUOTATION = 2000


@hooks.register(page_fragments.HEAD)
def evidence_citation_meta_tags(request, page):
    """citation_* meta tags and BibTeX/RIS/CSL-JSON links, which reference managers read."""
    return citation_meta_tags({"request": request}, page)


@hooks.register(page_fragments.AFTER_METADATA)
def evidence_cite_this(request, page):
    """Near the top: on a phone an 8-page item's text would otherwise push it 9,000 px down."""
    context = {"item": page}
    cite_this = render_to_string("letters/includes/cite_this.html", context, request)
    # "Cite this passage" only in signed-in responses, which are private and never kept by the
    # public cache; the script then asks whether this user may edit letters.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return cite_this
    return cite_this + render_to_string(
        "letters/includes/cite_passage.html",
        {
            "item": page,
            "letters_url": reverse("letters_cite_passage_letters"),
            "post_url": reverse("letters_cite_passage"),
        },
        request,
    )


@hooks.register(page_fragments.AFTER_FILES)
def evidence_cited_in(request, page):
    return render_to_string("letters/includes/evidence_citing.html", {"page": page}, request)


@hooks.register(page_fragments.TEXT_MARKS)
def evidence_quotation_marks(request, entry):
    """Where ?quote=… (a footnote's link) stands on this file's pages, to mark it."""
    quotation = request.GET.get("quote", "")[:MAX_QUOTATION] if request else ""
    if not quotation.strip():
        return {}
    pages = [(p.number, p.text) for p in entry["pages"]]
    return quotation_marks(quotation, pages, page_letters(entry["file"], pages))


# The letters of the files last quoted from, kept between requests: for a 352-page book they
# are 650 KB and most of what a new quotation costs (bench/pages.py). Keyed by the reading, so
# a file read again is projected again.
_LETTERS: dict[tuple, PageLetters] = {}
KEPT_LETTERS = 16


def page_letters(evidence_file, pages) -> PageLetters:
    key = (evidence_file.pk, evidence_file.processed_at, len(pages))
    if key not in _LETTERS:
        if len(_LETTERS) >= KEPT_LETTERS:
            _LETTERS.pop(next(iter(_LETTERS)))
        _LETTERS[key] = PageLetters(pages)
    return _LETTERS[key]


@hooks.register("register_admin_viewset")
def register_letter_listing():
    return letter_listing_viewset


@hooks.register("register_admin_viewset")
def register_evidence_chooser():
    return evidence_chooser_viewset


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own handlers
def register_public_link_handlers(features):
    """Every rendered rich text drops the address of evidence or files that are not public."""
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def check_citations_after_save(request, page):
    if isinstance(page.specific, CitingPage):
        page_citations_check(page=page)


@hooks.register("before_publish_page")
def refuse_publishing_broken_citations(request, page):
    """Refuse to publish restricted, unpublished or missing evidence; make warnings be ticked.

    The draft has been saved by now, so nothing the researcher wrote is lost.
    """
    page = page.specific
    if not isinstance(page, CitingPage):
        return None
    page_citations_check(page=page)
    problems = publish_problems(page)
    if problems.errors:
        messages.error(
            request,
            format_html(
                "Not published: {}<ul>{}</ul>Your changes are saved as a draft.",
                "a public page cannot cite or link to this evidence.",
                format_html_join("", "<li>{}</li>", ((e,) for e in problems.errors)),
            ),
        )
    elif problems.warnings and not page.citations_acknowledged:
        messages.warning(
            request,
            format_html(
                "Not published yet: check these citations, then tick “{}” and publish again."
                "<ul>{}</ul>Your changes are saved as a draft.",
                CitingPage._meta.get_field("citations_acknowledged").verbose_name,
                format_html_join("", "<li>{}</li>", ((w,) for w in problems.warnings)),
            ),
        )
    else:
        return None
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def register_citation_report_urls():
    return [
        path("letters/citations/", CitationReport.as_view(), name="letters_citation_report"),
        path(
            "letters/citations/results/",
            CitationReport.as_view(results_only=True),
            name="letters_citation_report_results",
        ),
        path("letters/evidence/<id:pk>/pages/", evidence_pages, name="letters_evidence_pages"),
        path("letters/quotation-check/", quotation_check, name="letters_quotation_check"),
        path("letters/cite-passage/", cite_passage, name="letters_cite_passage"),
        path(
            "letters/cite-passage/letters/",
            cite_passage_letters,
            name="letters_cite_passage_letters",
        ),
    ]


@hooks.register("insert_editor_js")
def cite_from_text_js():
    """The citation block's text pane: choose an item, select a passage, it is cited."""
    return format_html(
        '<script src="{}" data-pages-url="{}" data-check-url="{}" defer></script>',
        static("js/cite_from_text.js"),
        reverse("letters_evidence_pages", args=[0]),
        reverse("letters_quotation_check"),
    )


@hooks.register("insert_editor_css")
def cite_from_text_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/cite_from_text.css"))


@hooks.register("register_reports_menu_item")
def register_citation_report_menu_item():
    return MenuItem(
        "Citations to check", reverse("letters_citation_report"), icon_name="link", order=710
    )
