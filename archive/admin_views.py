"""Admin views of the evidence domain: files that need attention, and re-processing one."""

from __future__ import annotations

import django_filters

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChosenView
from wagtail.snippets.views.snippets import IndexView

from archive import admin_access
from archive.choices import AccessLevel, EvidenceKind, FileStatus
from archive.models import EvidenceFile, EvidencePage, Source
from archive.panels import file_facts_context
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
        files = EvidenceFile.objects.order_by("-created_at")
        return admin_access.files_visible_to(self.request.user, files)


@require_POST
@permission_required("archive.change_evidencefile", raise_exception=True)
def reprocess_file(request, pk: int):
    # A file the user may not see is not found: its title would be in the message.
    evidence_file = get_object_or_404(
        admin_access.files_visible_to(request.user, EvidenceFile.objects.all()), pk=pk
    )
    evidence_file_reprocess(evidence_file=evidence_file)
    messages.success(request, f"“{evidence_file.title}” was queued for re-processing.")
    back = request.POST.get("next", "")
    # Only back to this site: a crafted form must not send a researcher anywhere else.
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(back if safe else "archive_file_report")


# Sources named only by restricted evidence are hidden from users without the permission: the
# snippet listing and chooser read `Source.objects` directly, with no policy to ask.


class VisibleSourcesIndexView(IndexView):
    def get_base_queryset(self):
        return admin_access.sources_visible_to(self.request.user, super().get_base_queryset())


class VisibleSourcesChooseMixin:
    def get_object_list(self):
        return admin_access.sources_visible_to(self.request.user, super().get_object_list())


class VisibleSourcesChooseView(VisibleSourcesChooseMixin, ChooseView):
    pass


class VisibleSourcesChooseResultsView(VisibleSourcesChooseMixin, ChooseResultsView):
    pass


class VisibleSourcesChosenView(SnippetChosenView):
    def get_object(self, pk):
        source = super().get_object(pk)
        if source.pk in admin_access.hidden_source_ids(self.request.user):
            raise Source.DoesNotExist
        return source


def file_facts(request, pk: int):
    """One file's part of the item editor's Files panel, fetched again while it is read."""
    evidence_file = get_object_or_404(
        admin_access.files_visible_to(request.user, EvidenceFile.objects.all()), pk=pk
    )
    context = file_facts_context(request.user, evidence_file)
    return TemplateResponse(request, "archive/admin/file_facts_panel.html", context)


# What makes a file unreadable to the public; a photo or other image has no text by nature.
UNREADABLE_STATUSES = frozenset({FileStatus.FAILED, FileStatus.NEEDS_PASSWORD, FileStatus.NO_TEXT})


def file_publish_problems(item) -> list[str]:
    """The item's files (as the form holds them, saved or not) a reader could not read."""
    problems = []
    for link in item.file_links.all():
        evidence_file = link.file if link.file_id else None
        if evidence_file is None or evidence_file.status not in UNREADABLE_STATUSES:
            continue
        if evidence_file.status == FileStatus.NO_TEXT and evidence_file.media_type.startswith(
            "image/"
        ):
            continue
        reason = evidence_file.get_status_display().lower()
        if evidence_file.error:
            reason += f": {evidence_file.error}"
        problems.append(f"{evidence_file.title} ({reason})")
    return problems
