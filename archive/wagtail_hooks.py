"""Admin registration: snippets, the evidence listing with filters, the file status report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from archive.admin_views import EvidenceFilterSet, FileStatusReport, reprocess_file
from archive.models import EvidencePage, Place, Source, Topic


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "group"
    list_display = ["name", "source_type", "url"]
    list_filter = ["source_type"]
    search_fields = ["name", "description"]


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
        path("archive/files/<int:pk>/reprocess/", reprocess_file, name="archive_reprocess_file"),
    ]


@hooks.register("register_reports_menu_item")
def register_file_report_menu_item():
    return MenuItem(
        "Evidence files", reverse("archive_file_report"), icon_name="doc-full", order=700
    )


@hooks.register("register_log_actions")
def register_restriction_log_actions(actions):
    from archive.services.restriction import RESTRICTED_AT_ONCE, SHARED_FILE_RESTRICTED

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
