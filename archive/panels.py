"""Admin panels of the evidence domain: what the reader found in each of an item's files."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from archive.models.files import user_can_view_restricted


class FileFactsPanel(Panel):
    """Under each file of an item's Files panel: its status, message and every warning, and a
    photo's metadata (capture time, device; the GPS position only to researchers with the
    restricted permission, like the original itself)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "archive/admin/file_facts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            link = self.instance
            context["f"] = link.file if getattr(link, "file_id", None) else None
            context["researcher"] = user_can_view_restricted(self.request.user)
            return context
