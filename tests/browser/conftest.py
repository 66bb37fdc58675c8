"""A real headless Chromium (Debian's package) driven by Playwright, against the live server."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine has no network but the registries: without these flags Chromium spends its start
# trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM work in these tests
    # happens before and between browser calls, never concurrently.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def public_archive(site_tree, work_queue):
    from tests.browser.public_archive import build_public_archive

    return build_public_archive(site_tree, work_queue)


@pytest.fixture
def live_site(shared_db):
    """A live server whose request threads each open their own connection to the test database
    (a file copy on SQLite: `shared_db`), as a deployed site's do.

    Every browser test uses this one, not pytest-django's `live_server`, which shares the
    test's one in-memory SQLite connection with every request thread: the admin's editor sends
    requests of its own while a form is posted, and two threads on one connection met as
    "database table is locked"; the viewer's page images were still being drawn in a request
    thread when the test's flush began on that connection ("cannot start a transaction within
    a transaction"), which left the connection in a transaction and failed the tests after
    it. Request threads still running when the server stops work on their own connection, to
    a copy nobody reads again."""
    from types import SimpleNamespace

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override=None, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield SimpleNamespace(url=f"http://localhost:{thread.port}")
    finally:
        thread.terminate()
