"""A visitor searches in a real browser: types a query, narrows by a facet, opens the cited page."""

from __future__ import annotations

import pytest

from archive.models import Source
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_archive(evidence_index, work_queue):
    ngo = Source.objects.create(name="Watch Group", source_type="ngo")
    report = make_item(
        evidence_index,
        title="Monastery visits",
        kind="report",
        source=ngo,
        files=[
            make_file(
                "visits.pdf",
                make_pdf(
                    [
                        "An introduction with nothing to find.",
                        "The cameras in the prayer hall were installed in March.",
                    ]
                ),
            )
        ],
    )
    make_item(
        evidence_index,
        title="Street survey",
        kind="dataset",
        files=[make_file("survey.pdf", make_pdf(["Cameras in the prayer hall of a school."]))],
    )
    work_queue()
    return report


def test_query_facet_and_page_anchor(page, live_site, small_archive):
    page.goto(f"{live_site.url}/search/")
    page.fill("#q", "prayer hall cameras")
    page.click("button[type=submit] >> text=Search")
    page.wait_for_selector(".search-result")
    assert page.locator(".search-result").count() == 2
    assert "2 items" in page.inner_text(".result-count")

    with page.expect_navigation():  # a filter applies as soon as it changes (assets/js/site.js)
        page.check("fieldset[data-facet=kind] input[value=report]")
    page.wait_for_selector(".result-count")
    assert "1 item " in page.inner_text(".result-count")
    result = page.locator(".search-result")
    assert result.count() == 1
    assert "Monastery visits" in result.inner_text()

    link = result.locator("a.match").first
    assert link.inner_text() == "p. 2"
    link.click()
    page.wait_for_load_state()
    # The hit's link carries the query, so the page marks its words (search/wagtail_hooks.py).
    assert f"/evidence/{small_archive.reference}/?q=" in page.url
    assert page.url.endswith("#page-2")
    assert page.locator("#page-2 mark").count() >= 3
    anchored = page.inner_text("#page-2").lower()
    for word in ("prayer", "hall", "cameras"):
        assert word in anchored
    # The anchored section is the one the browser scrolled to and styles as the target.
    assert page.evaluate("document.querySelector(':target').id") == "page-2"
