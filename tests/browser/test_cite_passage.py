"""“Cite this passage” on the public evidence page in a real Chromium: a logged-in researcher
selects a sentence on page 2 and cites it into a letter draft; an anonymous reader sees no
such form."""

from __future__ import annotations

import pytest

from letters.models import LetterPage
from tests import factories
from tests.browser.steps import Researcher, admin_login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a researcher's password"
SENTENCE = "Every camera on the square records faces."


def test_a_researcher_cites_a_selected_sentence_into_a_draft(
    browser, live_site, site_tree, work_queue, django_user_model
):
    pdf = factories.make_pdf(["Introduction to the survey.", f"Findings. {SENTENCE} End."])
    item = factories.make_item(
        site_tree["index"], title="Camera report", files=[factories.make_file("r.pdf", pdf)]
    )
    letters = factories.make_letter_index(site_tree["home"])
    letter = factories.make_letter(
        letters, title="To the Council", body=[factories.paragraph("Dear Council,")]
    )
    work_queue()
    django_user_model.objects.create_superuser("researcher", password=PASSWORD)
    base = live_site.url
    context = browser.new_context()
    page = context.new_page()
    try:
        # Anonymous readers get the kept public page: neither the script nor the form.
        page.goto(base + item.url)
        page.wait_for_load_state("load")
        assert page.locator("script[src$='cite_passage.js']").count() == 0
        assert page.locator("form.cite-passage").count() == 0  # anonymous: nothing of it

        admin_login(page, base, "researcher", PASSWORD)
        page.goto(base + item.url)
        page.wait_for_selector("form.cite-passage")
        hands = Researcher(page)
        hands.select_text("section.page-text[data-page='2']", SENTENCE)
        page.wait_for_selector("form.cite-passage button[type=submit]:not([disabled])")
        hands.click("form.cite-passage button[type=submit]")
        page.wait_for_url(f"{base}/admin/pages/{letter.pk}/edit/")
    finally:
        context.close()
    letter = LetterPage.objects.get(pk=letter.pk)
    assert letter.live and letter.has_unpublished_changes  # a draft; the live letter unchanged
    citation = letter.get_latest_revision_as_object().body[-1].value["citations"][0]
    assert (citation["evidence"].pk, citation["pinpoint"]) == (item.pk, "2")
    assert SENTENCE[:-1] in citation["quotation"]
    assert hands.clicks == 2
