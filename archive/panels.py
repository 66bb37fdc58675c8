"""Admin panels of the evidence domain: what the reader found in each of an item's files."""

from __future__ import annotations

from django.db.models import Count

from wagtail.admin.panels import Panel

from archive.choices import FileStatus
from archive.models.files import user_can_view_restricted

# How the Files panel names the readings a page's text came from (archive/processing/).
EXTRACTOR_LABELS = {"pdfminer": "pdfminer.six", "pdfium": "PDFium", "ocr": "OCR (Tesseract)"}
# While a file is in one of these, the Files panel fetches it again (assets/js/file_facts.js).
LIVE_STATUSES = frozenset({FileStatus.PENDING, FileStatus.PROCESSING})


def file_facts_context(user, evidence_file) -> dict:
    """What the Files panel shows of one file, for this user: also the view that refreshes it."""
    if evidence_file is None:
        return {"f": None}
    extractors = (
        evidence_file.pages.values("extractor")
        .annotate(pages=Count("id"))
        .order_by("-pages", "extractor")
    )
    return {
        "f": evidence_file,
        "live": evidence_file.status in LIVE_STATUSES,
        "extractors": [
            {"extractor": EXTRACTOR_LABELS.get(e["extractor"], e["extractor"]), "pages": e["pages"]}
            for e in extractors
        ],
        "researcher": user_can_view_restricted(user),
        "can_reprocess": user.has_perm("archive.change_evidencefile"),
    }


class FileFactsPanel(Panel):
    """Under each file of an item's Files panel: its status, pages, which reading gave the text,
    message and every warning, a re-process button, and a photo's metadata (capture time,
    device; the GPS position only to researchers with the restricted permission, like the
    original itself). Refreshed while the file is being read."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "archive/admin/file_facts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            link = self.instance
            evidence_file = link.file if getattr(link, "file_id", None) else None
            context.update(file_facts_context(self.request.user, evidence_file))
            return context
