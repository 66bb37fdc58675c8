"""Search before and after a change, in one process, on one kept corpus: query by query.

    git archive --prefix=before/ REV | tar -x -C /tmp      # the code before the change
    .venv/bin/python bench/search.py --cjk-share 0.25 --work DIR   # builds the corpus once
    .venv/bin/python bench/search_ab.py --before /tmp/before --work DIR --cjk-share 0.25 \
        [--engine database|elasticsearch|postgresql] [--repeats 2]

On a machine shared with other work, two runs one after the other see different loads. Here
the engine module and search/snippets.py of the checkout in --before are loaded beside this
checkout's, and each query of bench/search.py's mix runs on both, in alternating order, against
the same index (the FTS5 tables in DIR's database, or the Elasticsearch index
`bench-pages-kept` that bench/search.py --work left; or, for a change of mapping, each side its
own index of the same pages: --before-index/--after-index, made by bench/search_ab_index.py).
With --engine postgresql (and BENCH_DATABASE_URL, as for bench/search.py) the two sides are
the PostgreSQL engines, on the tables that bench/search.py left in that database. Reported: wall
and CPU milliseconds of the searching thread (SQLite runs inside it; Elasticsearch's and
PostgreSQL's own work is in the wall time only) at the 50th and 95th percentile, whether both
sides gave the same answers (results, counts, facets, years and snippets, compared whole), and
the slowest queries side by side. Unlike bench/search.py it does not `gc.freeze()`, so its wall
times run a little higher: compare its two sides, not its figures with that script's.

On Elasticsearch each side's requests also report the node's own `took`: the first request of a
search (the items, with facets) and the second (the shown items' best pages) apart. The indices'
shard request cache is turned off for the run (and restored after): the best-pages request has
size 0, so a repeat, or the other side sending the same request, would be a cache hit. With
--threads N, N threads search at once: the mix in blocks of 10 queries, each block run by every
thread on one side, then on the other (which side first alternates), so each side's latency is
taken under N concurrent searches of its own kind.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import threading
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

MODULES = {
    "database": "sqlite_fts.py",
    "elasticsearch": "elastic.py",
    "postgresql": "postgres_fts.py",
}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def engines(before: Path, engine: str, es_url: str, indices: tuple[str, str]) -> dict:
    """The engine class of the checkout in `before` (with its own snippets) and of this one."""
    import search.engines.elastic
    import search.engines.postgres_fts
    import search.engines.sqlite_fts

    current = {
        "database": search.engines.sqlite_fts,
        "elasticsearch": search.engines.elastic,
        "postgresql": search.engines.postgres_fts,
    }
    old = _load(f"before_{engine}", before / "search" / "engines" / MODULES[engine])
    old.best_matches = _load("before_snippets", before / "search" / "snippets.py").best_matches
    if engine == "database":
        return {"before": old.SqliteFtsEngine(), "after": current[engine].SqliteFtsEngine()}
    if engine == "postgresql":
        return {"before": old.PostgresFtsEngine(), "after": current[engine].PostgresFtsEngine()}
    return {
        "before": old.ElasticsearchEngine(es_url, index=indices[0], timeout=30),
        "after": current[engine].ElasticsearchEngine(es_url, index=indices[1], timeout=30),
    }


class Took:
    """Records the node's `took` of each search request an engine's client sends, per thread."""

    def __init__(self, engine):
        self.local = threading.local()
        search = engine.client.search

        def timed(*args, **kwargs):
            answer = search(*args, **kwargs)
            self.last().append(answer["took"])
            return answer

        engine.client.search = timed

    def last(self) -> list[int]:
        if not hasattr(self.local, "took"):
            self.local.took = []
        return self.local.took

    def take(self) -> list[int]:
        took, self.local.took = self.last(), []
        return took


def run(pair: dict, requests: list, repeats: int, threads: int) -> tuple[dict, list, list]:
    """Each side's measurements (wall and CPU ms, the node's took of both requests), the rows
    (query, before ms, after ms) of the slowest table, and the queries whose answers differed
    (compared one thread only)."""
    took = (
        {side: Took(engine) for side, engine in pair.items()}
        if hasattr(pair["after"], "client")
        else {}
    )
    measured = {side: {"wall": [], "cpu": [], "took1": [], "took2": []} for side in pair}
    rows: list = []
    differ: list = []  # queries whose two answers (results, counts, facets, snippets) differ
    lock = threading.Lock()

    def one(side: str, request) -> tuple[float, str]:
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = pair[side].search(request)
        wall = (time.perf_counter() - started) * 1000
        with lock:
            measured[side]["wall"].append(wall)
            measured[side]["cpu"].append((time.thread_time() - started_cpu) * 1000)
            sent = took[side].take() if side in took else []
            measured[side]["took1"].extend(sent[:1])
            measured[side]["took2"].extend(sent[1:])
        return wall, repr(response)

    if threads <= 1:
        for repeat in range(repeats):
            for n, (text, request) in enumerate(requests):
                order = ("before", "after") if (n + repeat) % 2 == 0 else ("after", "before")
                answers = {side: one(side, request) for side in order}
                walls = {side: wall for side, (wall, _) in answers.items()}
                rows.append((text, walls["before"], walls["after"]))
                if answers["before"][1] != answers["after"][1]:
                    differ.append(text)
        return measured, rows, differ
    blocks = [requests[n : n + 10] for n in range(0, len(requests), 10)] * repeats
    barrier = threading.Barrier(threads)

    def worker(offset: int) -> None:
        for b, block in enumerate(blocks):
            for side in ("before", "after") if b % 2 == 0 else ("after", "before"):
                barrier.wait()
                for k in range(len(block)):  # each thread starts the block elsewhere
                    one(side, block[(k + offset) % len(block)][1])

    workers = [threading.Thread(target=worker, args=(t * 3,)) for t in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return measured, rows, differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the old code")
    parser.add_argument("--work", type=Path, required=True, help="bench/search.py --work DIR")
    parser.add_argument("--engine", choices=sorted(MODULES), default="database")
    parser.add_argument("--cjk-share", type=float, default=0.0)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--before-index", default="bench-pages-kept")
    parser.add_argument("--after-index", default="bench-pages-kept")
    parser.add_argument("--threads", type=int, default=1, help="concurrent searches")
    args = parser.parse_args()
    es_url = os.environ.pop("ELASTICSEARCH_URL", "")
    scratch_django("bench-search-ab-", args.work)
    from django.http import QueryDict

    from bench.engines import request_cache_off
    from bench.search import Vocabularies, documents, percentile, query_mix, vocabulary
    from search.forms import search_request_from

    pair = engines(args.before, args.engine, es_url, (args.before_index, args.after_index))
    vocabularies = Vocabularies(vocabulary())
    sample = next(documents(vocabularies, 1, 1)).pages[0].text
    requests = []
    for params in query_mix(vocabularies, sample, args.cjk_share):
        query = QueryDict(mutable=True)
        for key, value in params.items():
            query.setlist(key, value if isinstance(value, list) else [value])
        requests.append((params["q"], search_request_from(query)[0]))
    for _, request in requests[:10]:  # warm caches
        for engine in pair.values():
            engine.search(request)
    load = os.getloadavg()[0]
    cache_off = nullcontext()
    if args.engine == "elasticsearch":
        indices = sorted({engine.alias for engine in pair.values()})
        cache_off = request_cache_off(pair["after"].client, indices)
    started = time.perf_counter()
    with cache_off:
        measured, rows, differ = run(pair, requests, args.repeats, args.threads)
    seconds = time.perf_counter() - started
    wall = {side: m["wall"] for side, m in measured.items()}
    cpu = {side: m["cpu"] for side, m in measured.items()}
    print(
        f"{args.engine}, {len(requests)} queries x {args.repeats}, {args.threads} thread(s),"
        f" {seconds:.0f} s, load average {load:.1f} → {os.getloadavg()[0]:.1f}"
    )
    for side in pair:
        print(
            f"{side}: wall p50 {percentile(wall[side], 50):.0f} ms, p95"
            f" {percentile(wall[side], 95):.0f} ms, mean {statistics.mean(wall[side]):.0f} ms;"
            f" CPU here p50 {percentile(cpu[side], 50):.0f} ms,"
            f" p95 {percentile(cpu[side], 95):.0f} ms, mean {statistics.mean(cpu[side]):.0f} ms"
        )
        for key, name in (("took1", "items and facets"), ("took2", "best pages")):
            if len(measured[side][key]) > 1:
                values = measured[side][key]
                print(
                    f"    node took, {name}: p50 {percentile(values, 50):.0f} ms,"
                    f" p95 {percentile(values, 95):.0f} ms, mean {statistics.mean(values):.0f} ms"
                )
    for name, values in (("wall", wall), ("CPU", cpu)):
        ratios = [
            percentile(values["after"], p) / max(percentile(values["before"], p), 1e-9)
            for p in (50, 95)
        ]
        print(f"after/before, {name}: p50 {ratios[0]:.2f}, p95 {ratios[1]:.2f}")
    if not rows:
        return
    print(f"answers identical on both sides: {len(rows) - len(differ)} of {len(rows)}")
    for text in differ[:8]:
        print(f"  differ: {text!r}")
    print("slowest (wall ms, before → after):")
    for text, before, after in sorted(rows, key=lambda row: -max(row[1:]))[:8]:
        print(f"  {text!r}: {before:.0f} → {after:.0f}")


if __name__ == "__main__":
    main()
