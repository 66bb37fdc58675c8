"""The item editor's Files panel in a real Chromium: a file still being read turns "Ready" in
place when its reading ends, and "Re-process" queues it again without leaving the editor (what
the researcher typed stays in the form)."""

from __future__ import annotations

import pytest

from archive.models import EvidenceFile
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a researcher's password"


def test_the_files_panel_follows_the_reading_and_reprocesses_in_place(
    browser, live_site, evidence_index, work_queue, django_user_model
):
    pdf = make_file("notice.pdf", make_pdf(["Cameras on every corner.", "Page two."]))
    item = make_item(evidence_index, title="Notice", files=[pdf])
    django_user_model.objects.create_superuser("researcher", password=PASSWORD)
    context = browser.new_context()
    page = context.new_page()
    base = live_site.url
    try:
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "researcher")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        page.goto(f"{base}/admin/pages/{item.pk}/edit/")
        facts = page.locator(".file-facts")
        assert "Pending" in facts.inner_text()

        work_queue()  # the worker reads the file while the editor is open
        page.wait_for_selector(".file-facts:has-text('Ready')", timeout=15_000)
        assert "2 pages" in facts.inner_text()

        page.fill("#id_summary", "Typed before re-processing.")
        page.click(".file-facts [data-reprocess-url]")
        page.wait_for_selector(".file-facts:has-text('Pending')", timeout=15_000)
        assert EvidenceFile.objects.get(pk=pdf.pk).status == "pending"
        assert page.input_value("#id_summary") == "Typed before re-processing."
        assert page.url.endswith(f"/admin/pages/{item.pk}/edit/")

        work_queue()
        page.wait_for_selector(".file-facts:has-text('Ready')", timeout=15_000)
    finally:
        context.close()
