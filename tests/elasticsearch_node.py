"""Where the tests' Elasticsearch node is, and what a test does when there is none.

`make test` starts a throw-away node with scripts/es_node.py, which writes its URL to
.es/url; a developer can point the tests at another node with ELASTICSEARCH_URL. Outside CI a
missing node skips the Elasticsearch tests (with the reason); in CI (CI=true) it fails them.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL_FILE = Path(os.environ.get("ES_WORKDIR", ROOT / ".es")) / "url"
PROBE_SECONDS = 5


def elasticsearch_url() -> str:
    """$ELASTICSEARCH_URL, else the node `scripts/es_node.py start` left running, else ""."""
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        return url
    try:
        return URL_FILE.read_text().strip()
    except OSError:
        return ""


@cache
def _unavailable_because(url: str) -> str:
    """Why the node at url can't be used ("" if it can), asked once per test session."""
    if not url:
        return (
            "no node started (`make test` starts one; or run "
            "`python3 scripts/es_node.py start`, or set ELASTICSEARCH_URL)"
        )
    # No proxy: the node is local, and an http_proxy in the environment must not see it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url.rstrip('/')}/_cluster/health", timeout=PROBE_SECONDS) as answer:
            health = json.loads(answer.read().decode())
    except urllib.error.HTTPError as error:
        return f"{url} answered HTTP {error.code}"
    except (OSError, ValueError) as error:
        return f"{url} does not answer ({getattr(error, 'reason', error)})"
    if health.get("status") not in ("green", "yellow"):
        return f"{url} is {health.get('status', 'in an unknown state')}"
    return ""


def require_elasticsearch() -> str:
    """Return the node's URL; skip the calling test without one (fail it in CI)."""
    url = elasticsearch_url()
    reason = _unavailable_because(url)
    if reason:
        elasticsearch_unavailable(reason)
    return url


def elasticsearch_unavailable(reason: str) -> None:
    """Skip the calling test, saying why; in CI (CI=true) fail it instead."""
    message = f"Elasticsearch not available: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: the Elasticsearch tests must run)", pytrace=False)
    pytest.skip(message)
