"""The interface in the readers' languages in a real Chromium (issue 16, item 3): Uyghur right
to left and mirrored without sideways scrolling at 320, 390 and 1366 px; Tibetan, Chinese and
Uyghur drawn in Debian's Noto fonts (the faces Chromium actually used, asked through the
DevTools protocol); the English addresses unchanged; the switcher keeping the page."""

from __future__ import annotations

import itertools

import pytest

from django.utils import translation

from tests.browser.test_small_screens import WIDTHS, sideways

pytestmark = pytest.mark.django_db(transaction=True)

# The font each interface language must be drawn in (scripts/system_packages.sh installs them).
FONTS = {
    "bo": "Noto Serif Tibetan",
    "zh-hans": "Noto Sans CJK SC",
    "zh-hant": "Noto Sans CJK TC",
    "ug": "Noto Naskh Arabic",
}


def english_paths(archive) -> list[str]:
    with translation.override("en-gb"):
        return [
            "/",
            "/evidence/",
            archive["report"].url,
            "/search/?q=cameras",
            archive["letter"].url,
            archive["report"].source.get_absolute_url(),
        ]


def test_uyghur_is_right_to_left_mirrored_and_never_scrolls_sideways(
    browser, live_site, public_archive
):
    page = browser.new_page()
    problems = []
    for width, path in itertools.product(WIDTHS, english_paths(public_archive)):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.goto(f"{live_site.url}/ug{path}").status == 200, path
        assert page.evaluate("document.documentElement.dir") == "rtl"
        # A right-to-left page overflows to the left: scrollWidth counts that side too.
        problems += sideways(page, width, path)
        client = page.evaluate("document.documentElement.clientWidth")
        name = page.locator(".site-name").bounding_box()
        # The header's first element starts at the right, as English's does at the left.
        assert name["x"] + name["width"] > client - 40, (width, path, name)
        assert name["x"] > client / 2 - name["width"], (width, path, name)
    page.context.close()
    assert problems == []


def test_english_keeps_its_left_to_right_layout(browser, live_site, public_archive):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    try:
        for path in english_paths(public_archive):
            response = page.goto(live_site.url + path)
            assert response.status == 200, path  # every English link and citation still answers
            assert page.evaluate("[document.documentElement.lang, document.dir]") == [
                "en-gb",
                "ltr",
            ]
            assert page.locator(".site-name").bounding_box()["x"] < 60
    finally:
        context.close()


def rendered_fonts(page, selector: str) -> dict[str, int]:
    """The platform fonts Chromium drew the element's text with, and how many glyphs each."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize("language", sorted(FONTS))
def test_each_script_is_drawn_in_its_noto_font(browser, live_site, public_archive, language):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_site.url}/{language}/")
        for selector in (".site-name", "#latest-heading", ".site-footer p"):
            fonts = rendered_fonts(page, selector)
            assert FONTS[language] in fonts, (selector, fonts)
            # Its script's glyphs come from that font, not from a fallback.
            assert fonts[FONTS[language]] == max(fonts.values()), (selector, fonts)
        # The switcher names each language in its own script and face.
        page.locator(".language-switcher summary").click()
        assert "Noto Serif Tibetan" in rendered_fonts(page, '.language-switcher a[lang="bo"]')
    finally:
        context.close()


def test_the_switcher_keeps_the_page_and_the_query(browser, live_site, public_archive):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    report = english_paths(public_archive)[2]
    try:
        page.goto(f"{live_site.url}{report}?q=cameras")
        title = page.locator("h1").inner_text()
        switcher = page.locator(".language-switcher summary")
        assert switcher.inner_text() == "Language · English"
        switcher.click()
        page.locator('.language-switcher a[lang="bo"]').click()
        page.wait_for_load_state()
        assert page.url == f"{live_site.url}/bo{report}?q=cameras"
        assert page.locator("h1").inner_text() == title  # the evidence itself is not translated
        assert page.evaluate("document.documentElement.lang") == "bo"
        assert page.locator(".site-name").inner_text() == "དཔང་རྟགས་ཡིག་མཛོད།"
        switcher.click()
        page.locator('.language-switcher a[lang="ug"]').click()
        page.wait_for_load_state()
        assert page.url == f"{live_site.url}/ug{report}?q=cameras"
        switcher.click()
        page.locator('.language-switcher a[hreflang="en-gb"]').click()
        page.wait_for_load_state()
        assert page.url == f"{live_site.url}{report}?q=cameras"
    finally:
        context.close()
