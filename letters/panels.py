"""The editor's view of a page's citation checks, shown beside the body it checks."""

from wagtail.admin.panels import Panel

from letters.check_records import CitationCheck


class CitationChecksPanel(Panel):
    """Each citation of the latest saved draft with what checking its quotation found."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "letters/admin/citation_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page_id = getattr(self.instance, "pk", None)
            context["checks"] = (
                CitationCheck.objects.filter(page_id=page_id).select_related("evidence")
                if page_id
                else []
            )
            return context
