"""Lighthouse (npm, pinned in package-lock.json) on the pages axe checks, in Debian's Chromium
against the live server: accessibility 100, performance, best practices and SEO each at least 95
(issue 15). One run per page, desktop preset, headless; a failure lists the audits that cost
points.

Lighthouse sometimes fails to record its own trace (a runtime error such as NO_NAVSTART, seen
once in CI, on the PostgreSQL pass of 2026-12-02): that says nothing about the page, so such a
run is tried again, at most twice, and each retry is printed. A score under the minimum is never
retried."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.django_db(transaction=True)

LIGHTHOUSE = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Accessibility is scored from the page alone, the same on every run: it holds at 100 (issue 15:
# "must keep holding"). The others are at least 95: performance follows the machine's load.
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}
LANGUAGE_PREFIXES = [""]  # English: the five pages take about 70 s; axe covers Uyghur

RETRIES = 2
# Lighthouse's own failures to measure (lighthouse-core's LighthouseError codes for the trace),
# as opposed to the page failing to load or paint.
TOOL_ERRORS = ("NO_NAVSTART", "NO_TRACING_STARTED", "NO_RESOURCE_REQUEST", "PROTOCOL_TIMEOUT")


def lighthouse(url: str) -> dict:
    for attempt in range(RETRIES + 1):
        run = lighthouse_once(url)
        if run.returncode == 0 or attempt == RETRIES:
            break
        if not any(code in run.stderr for code in TOOL_ERRORS):
            break
        print(f"Lighthouse could not measure {url} (try {attempt + 1}): {run.stderr[-300:]}")
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def lighthouse_once(url: str) -> subprocess.CompletedProcess:
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        message = f"{LIGHTHOUSE} or {CHROMIUM} is missing: run `make node`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--preset=desktop",
            f"--chrome-flags={flags}",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )


def shortfalls(report: dict) -> list[str]:
    """Each category under the minimum, with the audits that cost it points."""
    lines = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if (category["score"] or 0) >= MINIMUM[name]:
            continue
        lines.append(f"{name}: {category['score']}")
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"    {ref['id']} ({audit['score']}): {audit['title']}")
    return lines


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_public_pages_score_100_for_accessibility_and_95_for_the_rest(
    live_site, public_archive, prefix
):
    archive = public_archive
    paths = ["/", "/evidence/", archive["report"].url, "/search/?q=cameras", archive["letter"].url]
    failing = {}
    for path in paths:
        url = live_site.url + prefix + path
        report = lighthouse(url)
        print(path, {name: report["categories"][name]["score"] for name in CATEGORIES})
        if problems := shortfalls(report):
            failing[url] = problems
    assert not failing, "\n".join(f"{url}\n  " + "\n  ".join(p) for url, p in failing.items())
