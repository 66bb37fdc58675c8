"""Admin registration: snippets, the evidence listing with filters, the file status report,
and the hooks that keep restricted evidence out of the admin for users without the permission
(the rule and the policies: archive/admin_access.py)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import archive.converters  # noqa: F401  (registers <id:…>)
from archive import admin_access
from archive.admin_views import (
    EvidenceFilterSet,
    FileStatusReport,
    VisibleSourcesChooseResultsView,
    VisibleSourcesChooseView,
    VisibleSourcesChosenView,
    VisibleSourcesIndexView,
    file_facts,
    file_publish_problems,
    reprocess_file,
)
from archive.models import EvidencePage, Place, Source, Topic
from archive.page_forms import CONFIRM_FILE_PROBLEMS, CONFIRM_FILE_PROBLEMS_LABEL


class SourceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VisibleSourcesChooseView
    choose_results_view_class = VisibleSourcesChooseResultsView
    chosen_view_class = VisibleSourcesChosenView


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "group"
    list_display = ["name", "source_type", "url"]
    list_filter = ["source_type"]
    search_fields = ["name", "description"]
    index_view_class = VisibleSourcesIndexView
    chooser_viewset_class = SourceChooserViewSet


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Sources & subjects"
    menu_icon = "group"
    items = (SourceViewSet, TopicViewSet, PlaceViewSet)


register_snippet(TaxonomyGroup)


class EvidenceListingViewSet(PageListingViewSet):
    model = EvidencePage
    icon = "doc-full-inverse"
    menu_label = "Evidence"
    add_to_admin_menu = True
    filterset_class = EvidenceFilterSet


@hooks.register("register_admin_viewset")
def register_evidence_listing():
    return EvidenceListingViewSet("evidence")


@hooks.register("register_admin_urls")
def register_file_admin_urls():
    return [
        path("archive/files/", FileStatusReport.as_view(), name="archive_file_report"),
        path(
            "archive/files/results/",
            FileStatusReport.as_view(results_only=True),
            name="archive_file_report_results",
        ),
        path("archive/files/<id:pk>/reprocess/", reprocess_file, name="archive_reprocess_file"),
        path("archive/files/<id:pk>/facts/", file_facts, name="archive_file_facts"),
    ]


@hooks.register("insert_editor_js")
def file_facts_live_js():
    return format_html('<script src="{}" defer></script>', static("js/file_facts.js"))


@hooks.register("before_publish_page")
def confirm_publishing_unreadable_files(request, page):
    """An item whose files failed, need a password or gave no text publishes only once the
    researcher ticks "publish even so" (archive/page_forms.py): the public would find nothing
    to read in them. The draft is saved by now, so nothing typed is lost."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if not isinstance(page.specific, EvidencePage) or request.POST.get(CONFIRM_FILE_PROBLEMS):
        return None
    problems = file_publish_problems(page.specific)
    if not problems:
        return None
    messages.warning(
        request,
        format_html(
            "Not published yet: {}<ul>{}</ul>Tick “{}” under Files and publish again, or "
            "re-process or replace the files. Your changes are saved as a draft.",
            "readers would find nothing to read in these files.",
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
            CONFIRM_FILE_PROBLEMS_LABEL,
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_reports_menu_item")
def register_file_report_menu_item():
    return MenuItem(
        "Evidence files", reverse("archive_file_report"), icon_name="doc-full", order=700
    )


@hooks.register("register_log_actions")
def register_restriction_log_actions(actions):
    from archive.models import EvidenceFile, RestrictableLogEntry, Source
    from archive.services.restriction import RESTRICTED_AT_ONCE, SHARED_FILE_RESTRICTED

    # Their history is filtered per object (archive/models/log_entries.py), not per model.
    actions.register_model(EvidenceFile, RestrictableLogEntry)
    actions.register_model(Source, RestrictableLogEntry)

    actions.register_action(
        RESTRICTED_AT_ONCE, "Restrict at once", "Restricted at once, from a saved draft"
    )
    actions.register_action(
        SHARED_FILE_RESTRICTED,
        "Restrict with a shared file",
        "Restricted: a restricted item holds the same file",
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
@hooks.register("before_publish_page")  # the edit view reloads the page before its after_ hooks
def report_restriction(request, page):
    """Say what a restriction did beyond the page itself: Wagtail's "has been updated" alone
    would leave the researcher guessing whether the live item is still public."""
    from django.contrib import messages

    if getattr(page, "restricted_at_once", False) and "action-publish" not in request.POST:
        messages.warning(
            request,
            "Restricted now: the live item has been withdrawn from the public at once. Your "
            "other changes stay a draft until you publish.",
        )
    also = getattr(page, "also_restricted", None)
    if also:
        messages.warning(
            request,
            "Also restricted, because they hold the same file: "
            + ", ".join(f"{other.reference} ({other.title})" for other in also)
            + ". Unlink the file from them before making them public again.",
        )


# --- Restricted evidence: what the policies do not reach ---------------------------------------


@hooks.register("construct_explorer_page_queryset")
def leave_restricted_pages_out_of_explorer(parent_page, pages, request):
    return admin_access.pages_visible_to(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def leave_restricted_pages_out_of_chooser(pages, request):
    return admin_access.pages_visible_to(request.user, pages)


@hooks.register("construct_document_chooser_queryset")
def leave_out_restricted_files(files, request):
    return admin_access.files_visible_to(request.user, files)


class VisibleDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """Wagtail's admin API lists every document; this one the user may see."""

    def get_queryset(self):
        return admin_access.files_visible_to(self.request.user, super().get_queryset())


# After wagtail.documents' own hook (it registers the endpoint this one replaces).
@hooks.register("construct_admin_api", order=100)
def register_visible_documents_endpoint(router):
    router.register_endpoint("documents", VisibleDocumentsAdminAPIViewSet)


class VisibleWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review" without restricted items the reviewer may not see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        hidden = admin_access.hidden_page_ids(parent_context["request"].user)
        context["states"] = [s for s in context["states"] if s["obj"].pk not in hidden]
        return context


@hooks.register("construct_homepage_panels")
def replace_moderation_panel(request, panels):
    for position, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[position] = VisibleWorkflowObjectsToModeratePanel()


class VisiblePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count leaves restricted items out: a count can tell they exist."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        hidden = admin_access.hidden_page_ids(self.request.user)
        if hidden and context["root_page"]:
            root = context["root_page"]
            context["total_pages"] -= (
                root.get_descendants(inclusive=True).filter(pk__in=hidden).count()
            )
        return context


# After wagtail.admin's own hook, which adds the item this one replaces.
@hooks.register("construct_homepage_summary_items", order=100)
def replace_pages_summary(request, items):
    for position, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[position] = VisiblePagesSummaryItem(request)
