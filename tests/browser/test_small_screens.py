"""Phones and narrow windows in a real Chromium (issue 16, item 1): no public page scrolls
sideways at 320, 390 or 1366 px (WCAG 1.4.10), a phone shows the first search result in its
first screen, the keyboard reaches it in a few presses, filters apply on change, and the
citation copies with one button."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 1366)
PHONE = {"width": 390, "height": 844}
# What sticks out past the window's right edge, named so a failure says where to look.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((e) => `${e.tagName}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}px`);
}"""


def sideways(page, width: int, path: str) -> list[tuple]:
    """The page's sideways overflow, if any, as (width, path, scroll width, what sticks out)."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return [(width, path, scroll, page.evaluate(OVERFLOWING))] if scroll > client else []


def public_paths(archive) -> list[str]:
    return [
        "/",
        "/evidence/",
        archive["report"].url,
        "/search/?q=cameras",
        "/search/?q=nothing+matches+this",
        archive["letter"].url,
        archive["report"].source.get_absolute_url(),
    ]


def test_no_public_page_scrolls_sideways(browser, live_site, public_archive):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for path in public_paths(public_archive):
                assert page.goto(live_site.url + path).status == 200, path
                problems += sideways(page, width, path)
    finally:
        context.close()
    assert problems == []


def test_a_phone_shows_the_first_result_in_its_first_screen(browser, live_site, public_archive):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/search/?q=cameras")
        box = page.locator("#q").bounding_box()
        first = page.locator(".search-result").first.bounding_box()
        count = page.locator(".result-count").bounding_box()
        filters = page.locator("details.facets").bounding_box()
        assert box["y"] < count["y"] < filters["y"] < first["y"]  # "12 items" above the filters
        # The first result's title and reference are in the first screen; its snippets may run
        # on (they are longer on PostgreSQL, whose snippets are cut from the whole page).
        title = page.locator(".search-result h3").first.bounding_box()
        meta = page.locator(".search-result .meta").first.bounding_box()
        assert first["y"] <= title["y"] and meta["y"] + meta["height"] <= PHONE["height"]
        assert not page.locator("details.facets").evaluate("(d) => d.open")  # folded on a phone
        assert "12 items" in page.inner_text(".result-count")

        page.goto(f"{live_site.url}/search/?q=nothing+matches+this")
        count = page.locator(".result-count").bounding_box()
        assert count["y"] + count["height"] <= PHONE["height"]
        assert count["y"] < page.locator("details.facets").bounding_box()["y"]
        assert "0 items" in page.inner_text(".result-count")

        page.goto(f"{live_site.url}/")
        search = page.locator("#q").bounding_box()
        assert search["y"] + search["height"] <= PHONE["height"]
    finally:
        context.close()


def presses_to_first_result(page, first_key_presses=()) -> int:
    for key in first_key_presses:
        page.keyboard.press(key)
    for presses in range(1, 60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.search-result h3 a')"):
            return presses + len(first_key_presses)
    raise AssertionError("Tab never reached the first result")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_keyboard_reaches_the_first_result_in_a_few_presses(
    browser, live_site, public_archive, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/search/?q=cameras&kind=report")
        # By Tab alone: two skip links, the site's name, three menu links, the language
        # switcher (folded: one stop), the three search controls, "clear", the active filter's
        # chip (one stop each: shown beside the count, not in the fold) and the filters (summary
        # or, on a wide screen, their controls).
        tabbing = presses_to_first_result(page)
        page.goto(f"{live_site.url}/search/?q=cameras&kind=report")
        assert page.locator(".skip-link", has_text="Skip to results").count() == 1
        by_skip_link = presses_to_first_result(page, ["Tab", "Tab", "Enter"])
        assert page.evaluate("document.activeElement.textContent").startswith("Cameras")
    finally:
        context.close()
    assert by_skip_link == 4
    if width == 390:
        assert tabbing <= 14  # it was 47 with the filters unfolded before the results


def test_filters_apply_on_change_and_say_how_many_are_active(browser, live_site, public_archive):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/search/?q=cameras")
        assert not page.locator(".apply-filters").is_visible()  # JS applies them on change
        page.click("details.facets summary")
        with page.expect_navigation():
            page.check("fieldset[data-facet=kind] input[value=report]")
        assert "kind=report" in page.url
        with page.expect_navigation():
            page.check("fieldset[data-facet=source] input >> nth=0")
        assert page.inner_text(".active-filters") == "2 filters active · clear"
        # Reports from the source listed first (Example Camera Co., 1 item): both filters hold.
        assert page.inner_text(".result-count").startswith("1 item for")
        assert page.locator("details.facets").evaluate("(d) => d.open")  # open where it was used
        page.click(".active-filters a")
        page.wait_for_selector(".result-count")
        assert page.locator(".active-filters").count() == 0
        assert "12 items" in page.inner_text(".result-count")
    finally:
        context.close()


def test_a_phone_shows_each_active_filter_on_the_first_screen_and_removes_it_alone(
    browser, live_site, public_archive
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/search/?q=cameras&kind=report&kind=dataset")
        assert not page.locator("details.facets").evaluate("(d) => d.open")
        chips = page.locator(".filter-chips a")
        assert chips.count() == 2
        for n in range(2):
            box = chips.nth(n).bounding_box()
            assert chips.nth(n).is_visible() and box["y"] + box["height"] <= PHONE["height"]
        removed = chips.nth(0).inner_text().split(" ×")[0].strip()
        with page.expect_navigation():
            chips.nth(0).click()
        assert page.inner_text(".active-filters") == "1 filter active · clear"
        assert page.locator(".filter-chips a").count() == 1
        assert removed not in page.inner_text(".filter-chips")
    finally:
        context.close()


def test_without_javascript_the_button_applies_the_filters(browser, live_site, public_archive):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/search/?q=cameras")
        page.click("details.facets summary")
        page.check("fieldset[data-facet=kind] input[value=dataset]")
        assert page.url.endswith("q=cameras")  # nothing submits on its own
        page.click("text=Apply filters")
        page.wait_for_selector(".active-filters")
        assert "kind=dataset" in page.url
        assert page.inner_text(".active-filters") == "1 filter active · clear"
    finally:
        context.close()


def test_the_citation_is_near_the_top_and_copies(browser, live_site, public_archive):
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    page = context.new_page()
    report = public_archive["report"]
    try:
        page.goto(live_site.url + report.url)
        cite = page.locator(".cite-this").bounding_box()
        first_file = page.locator(".evidence-file").first.bounding_box()
        assert cite["y"] < first_file["y"]
        assert page.locator(".cite-this textarea").count() == 0
        page.click("button.copy-button")
        page.wait_for_selector(".copy-status:has-text('Copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert copied.startswith("Jane Doe; Highland Monitoring Network. “Cameras in the Cloisters")
    assert copied.endswith(f"{live_site.url}/evidence/{report.reference}/")
