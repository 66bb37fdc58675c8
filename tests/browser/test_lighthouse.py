"""Lighthouse (npm, pinned in package-lock.json) on the pages axe checks, in Debian's Chromium
against the live server: performance, accessibility, best practices and SEO each at least 95
(issue 15). One run per page, desktop preset, headless; a failure lists the audits that cost
points."""

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
MINIMUM = 0.95
LANGUAGE_PREFIXES = [""]  # English: each run is about 3.5 min; axe covers Uyghur


def lighthouse(url: str) -> dict:
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        message = f"{LIGHTHOUSE} or {CHROMIUM} is missing: run `make node`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    run = subprocess.run(
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
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def shortfalls(report: dict) -> list[str]:
    """Each category under the minimum, with the audits that cost it points."""
    lines = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if (category["score"] or 0) >= MINIMUM:
            continue
        lines.append(f"{name}: {category['score']}")
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"    {ref['id']} ({audit['score']}): {audit['title']}")
    return lines


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_public_pages_score_at_least_95_in_every_category(live_server, public_archive, prefix):
    archive = public_archive
    paths = ["/", "/evidence/", archive["report"].url, "/search/?q=cameras", archive["letter"].url]
    failing = {}
    for path in paths:
        url = live_server.url + prefix + path
        if problems := shortfalls(lighthouse(url)):
            failing[url] = problems
    assert not failing, "\n".join(f"{url}\n  " + "\n  ".join(p) for url, p in failing.items())
