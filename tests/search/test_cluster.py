"""Elasticsearch as a cluster: three real nodes, every shard with one replica; one node is
killed, and search still answers fully while indexing carries on.

The test starts its own cluster with scripts/es_node.py (the runner `make test` uses), on a
free base port and in its own working folder (so it never touches the node `make test`
started, nor its .es/url), and stops it afterwards. About 30 s and 1.5 GB of memory while it
runs: `-m "not cluster"` leaves it out locally. Without Java or Maven it skips, except with
CI=true, where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from django.test import override_settings

from search.engines import elasticsearch_engine_setting, get_engine
from search.engines.base import ItemDocument, PageDocument, SearchRequest
from search.query import parse_query
from tests.elasticsearch_node import elasticsearch_unavailable

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "scripts" / "es_node.py"
NODES = 3
TRANSPORT_OFFSET = 100  # scripts/es_node.py: node i's transport port is P + 100 + i
MISSING_TOOLS = 3  # scripts/es_node.py's exit code when Java or Maven is missing
ITEMS = 40
KINDS = ["report", "testimony", "news_article"]
SOURCES = ["watch-group", "daily-example", "harbour-council"]


@dataclass
class Cluster:
    port: int
    workdir: Path

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.port + node}" for node in range(1, NODES + 1)]

    def process_group(self, node_name: str) -> int:
        """scripts/es_node.py records one process group per node, in node order."""
        groups = (self.workdir / f"es-{self.port}.pid").read_text().split()
        return int(groups[int(node_name.removeprefix("node-")) - 1])


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_base_port() -> int:
    """A base port P whose P+1..P+3 (HTTP) and P+101..P+103 (transport) are all free; never
    9200, which `make test` and CI use."""
    for _ in range(200):
        base = random.randrange(20_000, 60_000, 10)
        ports = [base + offset + node for node in range(1, NODES + 1) for offset in (0, 100)]
        if all(port_is_free(port) for port in ports):
            return base
    raise RuntimeError("no free base port for the test cluster")


def runner(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUNNER), *args], env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def cluster():
    fetched = runner("fetch")  # into the shared .es/dist; a no-op once done
    if fetched.returncode == MISSING_TOOLS:
        elasticsearch_unavailable(fetched.stderr.strip().splitlines()[-1])
    assert fetched.returncode == 0, fetched.stderr
    port = free_base_port()
    # A working folder of its own (pid file, url file, data, logs), sharing the distribution.
    workdir = ROOT / ".es" / f"cluster-test-{port}"
    workdir.mkdir(parents=True)
    (workdir / "dist").symlink_to(ROOT / ".es" / "dist", target_is_directory=True)
    env = {**os.environ, "ES_WORKDIR": str(workdir), "ES_HEAP_MIN": "256m", "ES_HEAP_MAX": "512m"}
    try:
        started = runner("start", "--nodes", str(NODES), "--port", str(port), env=env)
        if started.returncode == MISSING_TOOLS:
            elasticsearch_unavailable(started.stderr.strip().splitlines()[-1])
        assert started.returncode == 0, started.stderr
        yield Cluster(port, workdir)
    finally:
        runner("stop", "--port", str(port), env=env)
        shutil.rmtree(workdir, ignore_errors=True)


def item(n: int, *, word: str = "") -> ItemDocument:
    pages = [
        PageDocument(n, 1, "page-1", f"Harbour inspection notes, visit {n}. {word}".strip()),
        PageDocument(n, 2, "page-2", f"The cameras on pier {n} recorded every arrival."),
        PageDocument(n, 3, "page-3", f"Unique marker itemmarker{n} closes the file."),
    ]
    return ItemDocument(
        item_id=n,
        reference=f"EV-2024-{n:04d}",
        title=f"Harbour report {n}",
        url=f"/evidence/EV-2024-{n:04d}/",
        kind=KINDS[n % len(KINDS)],
        language="en",
        published_on=dt.date(2020, 1, 1) + dt.timedelta(days=17 * n),
        date_display="",
        source_slug=SOURCES[n % len(SOURCES)],
        source_name=SOURCES[n % len(SOURCES)].replace("-", " ").title(),
        metadata=f"EV-2024-{n:04d}",
        topics=["surveillance"] if n % 2 else ["detention"],
        places=["north"],
        pages=pages,
    )


QUERIES = [
    ("harbour", "newest"),  # every item
    ("cameras pier", "oldest"),
    ('"inspection notes" -itemmarker7', "newest"),
    ("itemmarker13", "relevance"),
    ("harbour OR nothingmatches", "relevance"),
]


def answers(engine) -> dict:
    """Everything a visitor sees, for each query: count, results in order, pages, facets."""
    seen = {}
    for text, sort in QUERIES:
        response = engine.search(SearchRequest(parse_query(text), sort=sort, page_size=ITEMS + 5))
        results = [
            (r.reference, r.title, r.published_on, [(m.page, m.snippet) for m in r.matches])
            for r in response.results
        ]
        if sort == "relevance":  # equal scores may come back in either order from each copy
            results.sort()
        seen[(text, sort)] = (response.count, results, response.facets)
    return seen


def test_losing_a_node_loses_no_answers_and_indexing_carries_on(cluster):
    alias = f"test-cluster-{uuid.uuid4().hex[:12]}"
    admin = Elasticsearch(cluster.urls, request_timeout=90, max_retries=NODES - 1)
    with override_settings(
        SEARCH_ENGINE=elasticsearch_engine_setting(",".join(cluster.urls), index=alias, replicas=1)
    ):
        try:
            engine = get_engine()
            assert engine.rebuild(item(n) for n in range(1, ITEMS + 1)) == ITEMS
            (index,) = admin.indices.get_alias(name=alias)
            health = admin.cluster.health(index=index, wait_for_status="green", timeout="60s")
            assert health["status"] == "green", health
            copies = admin.cat.shards(index=index, format="json")
            assert sorted(c["prirep"] for c in copies) == ["p", "r"]
            assert len({c["node"] for c in copies}) == 2  # the replica is on another node
            before = answers(engine)
            assert before[("harbour", "newest")][0] == ITEMS
            assert before[("itemmarker13", "relevance")][0] == 1

            # Kill a node that holds a copy of the index, not the master if that can be
            # avoided: the primary's node when it is not the master, else the replica's.
            master = admin.cat.master(format="json")[0]["node"]
            holders = {c["prirep"]: c["node"] for c in copies}
            victim = holders["p"] if holders["p"] != master else holders["r"]
            os.killpg(cluster.process_group(victim), signal.SIGKILL)
            killed_at = time.monotonic()

            # Straight away, before the cluster has noticed: every answer is the same.
            assert answers(engine) == before

            # Once the master has dropped the node (a replica promoted where needed):
            survivors = [u for n, u in enumerate(cluster.urls, 1) if f"node-{n}" != victim]
            left = Elasticsearch(survivors, request_timeout=90, max_retries=1)
            health = left.cluster.health(wait_for_nodes=NODES - 1, timeout="60s")
            assert health["number_of_nodes"] == NODES - 1 and not health["timed_out"], health
            assert health["status"] in ("green", "yellow")
            assert answers(engine) == before

            # Indexing carries on: a new item, and a changed one, are searchable at once.
            engine.replace_item(item(ITEMS + 1, word="newlyfiled"))
            engine.replace_item(item(5, word="amended"))
            assert engine.search(SearchRequest(parse_query("newlyfiled"))).count == 1
            assert engine.search(SearchRequest(parse_query("amended"))).results[0].reference == (
                "EV-2024-0005"
            )
            assert engine.search(SearchRequest(parse_query("harbour"))).count == ITEMS + 1
            assert engine.indexed_item_ids() == set(range(1, ITEMS + 2))
            print(
                f"node {victim} killed; all answers the same, indexing on, in "
                f"{time.monotonic() - killed_at:.1f} s"
            )
        finally:
            admin.indices.delete(index=f"{alias}*", ignore_unavailable=True)
            admin.close()
