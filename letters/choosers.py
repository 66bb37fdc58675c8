"""The evidence chooser: a searchable modal (title, reference, summary, source) for citations."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from archive.admin_access import page_hidden_from_viewer, pages_visible_to


class EvidenceColumnsMixin:
    # The reference and the access level beside the title: researchers cite by reference, and see
    # before choosing that restricted or unpublished evidence cannot back a public letter.
    @property
    def columns(self):
        return super().columns + [
            Column("reference", label=_("Reference")),
            Column("get_kind_display", label=_("Kind")),
            Column("get_access_level_display", label=_("Access")),
            Column("live", label=_("Published"), accessor=lambda p: "yes" if p.live else "no"),
        ]

    def get_object_list(self):
        items = self.model_class.objects.order_by("-first_published_at", "-pk")
        return pages_visible_to(self.request.user, items)


class EvidenceChooseView(EvidenceColumnsMixin, ChooseView):
    pass


class EvidenceChooseResultsView(EvidenceColumnsMixin, ChooseResultsView):
    pass


class EvidenceChooserWidget(BaseChooser):
    """A letter may cite restricted evidence in a draft; an Editor without the permission who
    opens it sees that a citation is there, not what it cites (its id stays in the form, so
    saving keeps the citation)."""

    def get_display_title(self, instance):
        if page_hidden_from_viewer(instance.pk):
            return str(_("Restricted evidence"))
        return super().get_display_title(instance)


class EvidenceChooserViewSet(ChooserViewSet):
    model = "archive.EvidencePage"
    base_widget_class = EvidenceChooserWidget
    icon = "doc-full-inverse"
    choose_one_text = _("Choose an evidence item")
    choose_another_text = _("Choose another evidence item")
    choose_view_class = EvidenceChooseView
    choose_results_view_class = EvidenceChooseResultsView
    # Only the citation block uses this chooser; leave other forms' widgets alone.
    register_widget = False


evidence_chooser_viewset = EvidenceChooserViewSet("evidence_chooser")
