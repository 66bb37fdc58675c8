"""Admin registration: snippets, the evidence listing with filters, the file status report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import archive.converters  # noqa: F401  (registers <id:…>)
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
        path("archive/files/<id:pk>/reprocess/", reprocess_file, name="archive_reprocess_file"),
    ]


@hooks.register("register_reports_menu_item")
def register_file_report_menu_item():
    return MenuItem(
        "Evidence files", reverse("archive_file_report"), icon_name="doc-full", order=700
    )
