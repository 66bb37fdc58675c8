"""Admin views of letters: the report of citations that need attention."""

from __future__ import annotations

import django_filters

from django.db.models import Q
from django.urls import reverse

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from archive.admin_access import hidden_page_ids
from archive.choices import AccessLevel
from letters.models import CitationCheck
from letters.quotations import ATTENTION_RESULTS, CheckResult


def evidence_problem(prefix: str = "") -> Q:
    """Checks whose evidence cannot back a public page (missing, restricted or unpublished): the
    publish guard refuses them. `prefix` reaches the checks from another model."""
    return (
        (
            Q(**{f"{prefix}evidence__isnull": True})
            & ~Q(**{f"{prefix}result": CheckResult.NEEDS_CITATION})
        )
        | Q(**{f"{prefix}evidence__access_level": AccessLevel.RESTRICTED})
        | Q(**{f"{prefix}evidence__live": False})
    )


def citations_needing_attention():
    """Stored checks whose quotation is not where cited, or whose evidence cannot back a page."""
    return (
        CitationCheck.objects.filter(Q(result__in=ATTENTION_RESULTS) | evidence_problem())
        .select_related("page", "evidence")
        .order_by("page__title", "number", "pk")
    )


class CitationCheckFilterSet(WagtailFilterSet):
    result = django_filters.ChoiceFilter(choices=CheckResult.choices)

    class Meta:
        model = CitationCheck
        fields = ["result"]


class CitationReport(ReportView):
    """Every citation, in every letter and campaign page, that a researcher should look at."""

    page_title = "Citations that need attention"
    header_icon = "link"
    columns = [
        TitleColumn(
            "page",
            label="Page",
            accessor=lambda check: check.page.get_admin_display_title(),
            get_url=lambda check: reverse("wagtailadmin_pages:edit", args=[check.page_id]),
        ),
        Column("number", label="Footnote"),
        Column("reference", label="Evidence"),
        Column("pinpoint", label="Pinpoint"),
        Column("quotation", label="Quotation"),
        Column("result_display", label="Check"),
        Column("evidence_problem", label="Evidence"),
    ]
    index_url_name = "letters_citation_report"
    index_results_url_name = "letters_citation_report_results"
    filterset_class = CitationCheckFilterSet
    list_export = ["page", "number", "reference", "pinpoint", "quotation", "result", "found_pages"]

    def get_queryset(self):
        # A citation of restricted evidence is listed only to those who may see the evidence
        # (the publish guard refuses it whoever publishes).
        checks = citations_needing_attention()
        hidden = hidden_page_ids(self.request.user)
        return checks.exclude(evidence__in=hidden) if hidden else checks
