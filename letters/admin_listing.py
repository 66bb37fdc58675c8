"""Letters in the admin's sidebar: every letter with its citations' state at a glance.

A flat listing of LetterPage (Wagtail's PageListingViewSet), with one column counting the stored
citation checks (letters/check_records.py) of each letter's latest draft: how many were checked
and hold, how many a researcher should look at (a quotation found elsewhere or not at all, text
not yet read, a claim without evidence), and how many the publish guard refuses (restricted,
unpublished or missing evidence). One aggregate query for the whole page of results.
"""

from __future__ import annotations

from django.db.models import Count, Q

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from archive.admin_access import hidden_page_ids
from letters.admin_views import evidence_problem
from letters.models import LetterPage
from letters.quotations import ATTENTION_RESULTS


def citations_summary(letter) -> str:
    if not letter.citations_total:
        return "No citations"
    held = letter.citations_total - letter.citations_attention - letter.citations_refused
    parts = [f"{held} checked"]
    if letter.citations_attention:
        parts.append(f"{letter.citations_attention} to look at")
    if letter.citations_refused:
        parts.append(f"{letter.citations_refused} refused")
    return " · ".join(parts)


class LetterIndexView(IndexView):
    def get_base_queryset(self):
        # Citations of evidence this user may not see are not counted, as in the report of
        # citations to check (letters/admin_views.py): a number must not hint at them.
        hidden = hidden_page_ids(self.request.user)
        visible = ~Q(citation_checks__evidence__in=hidden) if hidden else Q()
        refused = evidence_problem("citation_checks__")
        attention = Q(citation_checks__result__in=ATTENTION_RESULTS) & ~refused
        return (
            super()
            .get_base_queryset()
            .annotate(
                citations_total=Count("citation_checks", filter=visible),
                citations_attention=Count("citation_checks", filter=visible & attention),
                citations_refused=Count("citation_checks", filter=visible & refused),
            )
        )


class LetterListingViewSet(PageListingViewSet):
    model = LetterPage
    index_view_class = LetterIndexView
    icon = "mail"
    menu_label = "Letters"
    menu_order = 150  # after Pages
    add_to_admin_menu = True
    columns = [
        *IndexView.base_columns,
        Column("citations", label="Citations", accessor=citations_summary, width="22%"),
    ]


letter_listing_viewset = LetterListingViewSet("letter_listing")
