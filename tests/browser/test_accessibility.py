"""axe-core (npm, pinned in package-lock.json) in a real Chromium on the public pages a reader
meets: home, the evidence list, an evidence page with its page viewer, search results and a
letter (and a search matching nothing, a source). None may have a critical or serious
violation (issue 15).

The page's Content-Security-Policy allows no inline script, so axe is not added as a <script>
tag: Playwright hands its source to the page through the DevTools protocol (add_init_script),
which a page's CSP does not govern, and the page itself runs under its real policy. The pages
are checked after their own scripts ran (the viewer draws its pages and marks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_small_screens import public_paths

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The interface in English and in Uyghur (right to left: issue 16 asks for both).
LANGUAGE_PREFIXES = ["", "/ug"]
FAILING_IMPACTS = ("critical", "serious")
RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: run `make node`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def violations_on(page, url: str) -> list[dict]:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in FAILING_IMPACTS]


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for url, violations in found.items():
        for v in violations:
            lines.append(f"{url}: [{v['impact']}] {v['id']}: {v['help']}")
            lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_public_pages_have_no_critical_or_serious_violation(
    browser, live_site, public_archive, prefix
):
    source = axe_source()
    context = browser.new_context()
    context.add_init_script(source)
    page = context.new_page()
    csp_blocked = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_blocked.append(m.text))
    found = {}
    try:
        for path in public_paths(public_archive):
            url = live_site.url + prefix + path
            if violations := violations_on(page, url):
                found[url] = violations
        assert page.evaluate("typeof axe.run") == "function"  # axe ran, under the page's policy
    finally:
        context.close()
    assert not found, "axe found critical or serious violations:\n" + describe(found)
    assert csp_blocked == []


def test_axe_reports_a_serious_violation_when_there_is_one(browser, live_site, site_tree):
    """The check can fail: an image without alt text and an unlabelled field are caught."""
    context = browser.new_context()
    context.add_init_script(axe_source())
    page = context.new_page()
    try:
        page.goto(live_site.url + "/")
        page.evaluate(
            """() => { document.querySelector("main").insertAdjacentHTML("beforeend",
                '<img src="/nowhere.png"><input type="text">'); }"""
        )
        ids = {v["id"] for v in page.evaluate(RUN_AXE) if v["impact"] in FAILING_IMPACTS}
    finally:
        context.close()
    assert {"image-alt", "label"} <= ids
