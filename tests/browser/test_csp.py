"""The Content-Security-Policy holds and the admin still works under it, in a real Chromium
(issue 11, row 11): a researcher logs in through the real form, opens the dashboard, the
page explorer, the editor of an evidence item and of a letter, the documents index and a
document's edit form; a visitor opens the public pages. The browser must report no CSP
violation, and the admin's scripts must have run (the rich-text editor is drawn, the
chooser opens)."""

from __future__ import annotations

import pytest

from tests.factories import (
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a researcher's password"
# Collects what the browser reports, in every frame, before any of the page's scripts run.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@pytest.fixture
def archive(site_tree, evidence_index, work_queue, django_user_model):
    item = make_item(
        evidence_index,
        title="Cameras in the cloister",
        summary="A field report.",
        files=[make_file("report.pdf", make_pdf(["The cameras were installed in March."]))],
    )
    letters = make_letter_index(site_tree["home"])
    letter = make_letter(letters, body=[claim("Cameras are there.", needs_evidence=False)])
    work_queue()
    django_user_model.objects.create_superuser("researcher", password=PASSWORD)
    return {"item": item, "letter": letter, "file": item.files[0], "index": evidence_index}


def visit(page, url: str, problems: list[str]):
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy, url
    assert "camera=()" in response.headers.get("permissions-policy", ""), url
    page.wait_for_load_state("networkidle")
    problems += [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]


def test_the_admin_works_under_the_policy(browser, live_site, archive):
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    problems: list[str] = []
    base = live_site.url
    try:
        visit(page, f"{base}/admin/login/", problems)
        page.fill("input[name=username]", "researcher")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        for path in (
            "/admin/",
            f"/admin/pages/{archive['index'].pk}/",
            "/admin/documents/",
            f"/admin/documents/edit/{archive['file'].pk}/",
            "/admin/archive/files/",
        ):
            visit(page, base + path, problems)
        visit(page, f"{base}/admin/pages/{archive['item'].pk}/edit/", problems)
        assert page.input_value("#id_title") == "Cameras in the cloister"
        assert page.evaluate("Boolean(window.wagtail && window.wagtail.app)")  # Stimulus is up
        visit(page, f"{base}/admin/pages/{archive['letter'].pk}/edit/", problems)
        editor = page.locator(".Draftail-Editor [contenteditable=true]").first
        editor.click()  # telepath and React drew the claim's rich-text editor: it takes typing
        page.keyboard.press("End")
        page.keyboard.type(" Seen in 2024.")
        # Draftail writes the editor's state into the form a moment after typing stops.
        page.wait_for_function(
            "() => [...document.querySelectorAll('input[type=hidden]')]"
            ".some((field) => field.value.includes('Seen in 2024.'))"
        )
        page.click("button[aria-label='Toggle preview']")
        # Wagtail swaps in a new frame on each refresh; for a moment two are there: the newest.
        preview = page.frame_locator("iframe[title='Preview']").last
        preview.locator("body").wait_for()  # the live preview, framed from this site
        page.click("button:has-text('Save draft')")
        page.wait_for_selector("text=has been updated")
        page.wait_for_load_state("networkidle")
        for frame in page.frames:
            problems += [
                f"{frame.url}: {v}" for v in frame.evaluate("window.__cspViolations || []")
            ]
    finally:
        context.close()
    assert problems == [] and console == []
    letter = archive["letter"]
    letter.refresh_from_db()  # the revision the browser saved, not the one the fixture made
    saved = letter.get_latest_revision_as_object()
    assert "Seen in 2024." in str(saved.body[0].value["text"])


def test_the_public_pages_report_no_violation(page, live_site, archive):
    page.context.add_init_script(WATCH_CSP)
    problems: list[str] = []
    for path in (
        "/",
        "/evidence/",
        archive["item"].url,
        archive["item"].url + "?q=cameras#page-1",  # the viewer draws marks on the image
        archive["letter"].url,
        "/search/?q=cameras",
    ):
        visit(page, live_site.url + path, problems)
    assert problems == []


def test_originals_keep_their_sandbox_policy(client, archive):
    response = client.get(archive["file"].url)
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response["Content-Security-Policy"]
