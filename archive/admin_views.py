"""Admin views of the evidence domain: files that need attention, and re-processing one."""

from __future__ import annotations

import django_filters

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.views.reports import ReportView

from archive.choices import AccessLevel, EvidenceKind, FileStatus
from archive.models import EvidenceFile, EvidencePage
from archive.services.recovery import evidence_file_reprocess


class EvidenceFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices)
    access_level = django_filters.ChoiceFilter(choices=AccessLevel.choices)
    file_status = django_filters.ChoiceFilter(
        label="File status",
        choices=FileStatus.choices,
        method="filter_file_status",
    )

    class Meta:
        model = EvidencePage
        fields = ["kind", "access_level"]

    def filter_file_status(self, queryset, name, value):
        return queryset.filter(file_links__file__status=value).distinct()


class FileStatusFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=FileStatus.choices)

    class Meta:
        model = EvidenceFile
        fields = ["status"]


class ReprocessColumn(Column):
    cell_template_name = "archive/admin/reprocess_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["request"] = parent_context.get("request")
        return context


class MessagesColumn(Column):
    """The file's message and every stored warning (a GPS position, pages OCR missed...)."""

    cell_template_name = "archive/admin/messages_cell.html"


class FileStatusReport(ReportView):
    """Every file with its processing status; failed ones can be sent for re-processing."""

    page_title = "Evidence files by status"
    header_icon = "doc-full"
    columns = [
        TitleColumn("title", url_name="wagtaildocs:edit"),
        Column("media_type", label="Type"),
        Column("page_count", label="Pages"),
        Column("get_status_display", label="Status"),
        MessagesColumn("error", label="Messages"),
        ReprocessColumn("reprocess", label=""),
    ]
    index_url_name = "archive_file_report"
    index_results_url_name = "archive_file_report_results"
    filterset_class = FileStatusFilterSet
    list_export = ["title", "sha256", "media_type", "page_count", "status", "error", "warnings"]

    def get_queryset(self):
        return EvidenceFile.objects.order_by("-created_at")


@require_POST
@permission_required("archive.change_evidencefile", raise_exception=True)
def reprocess_file(request, pk: int):
    evidence_file = get_object_or_404(EvidenceFile, pk=pk)
    evidence_file_reprocess(evidence_file=evidence_file)
    messages.success(request, f"“{evidence_file.title}” was queued for re-processing.")
    return redirect(request.POST.get("next") or "archive_file_report")
