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
and CPU milliseconds of this process (SQLite runs inside it; Elasticsearch's and PostgreSQL's
own work is in the wall time only) at the 50th and 95th percentile, and the slowest queries side
by side.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the old code")
    parser.add_argument("--work", type=Path, required=True, help="bench/search.py --work DIR")
    parser.add_argument("--engine", choices=sorted(MODULES), default="database")
    parser.add_argument("--cjk-share", type=float, default=0.0)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--before-index", default="bench-pages-kept")
    parser.add_argument("--after-index", default="bench-pages-kept")
    args = parser.parse_args()
    es_url = os.environ.pop("ELASTICSEARCH_URL", "")
    scratch_django("bench-search-ab-", args.work)
    from django.http import QueryDict

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
    wall: dict[str, list[float]] = {side: [] for side in pair}
    cpu: dict[str, list[float]] = {side: [] for side in pair}
    rows = []
    load = os.getloadavg()[0]
    for repeat in range(args.repeats):
        for n, (text, request) in enumerate(requests):
            order = ("before", "after") if (n + repeat) % 2 == 0 else ("after", "before")
            for side in order:
                started, started_cpu = time.perf_counter(), time.process_time()
                pair[side].search(request)
                wall[side].append((time.perf_counter() - started) * 1000)
                cpu[side].append((time.process_time() - started_cpu) * 1000)
            rows.append((text, wall["before"][-1], wall["after"][-1]))
    print(
        f"{args.engine}, {len(requests)} queries x {args.repeats}, load average"
        f" {load:.1f} → {os.getloadavg()[0]:.1f}"
    )
    for side in pair:
        print(
            f"{side}: wall p50 {percentile(wall[side], 50):.0f} ms, p95"
            f" {percentile(wall[side], 95):.0f} ms, mean {statistics.mean(wall[side]):.0f} ms;"
            f" CPU here p50 {percentile(cpu[side], 50):.0f} ms,"
            f" p95 {percentile(cpu[side], 95):.0f} ms, mean {statistics.mean(cpu[side]):.0f} ms"
        )
    for name, values in (("wall", wall), ("CPU", cpu)):
        ratios = [
            percentile(values["after"], p) / max(percentile(values["before"], p), 1e-9)
            for p in (50, 95)
        ]
        print(f"after/before, {name}: p50 {ratios[0]:.2f}, p95 {ratios[1]:.2f}")
    print("slowest (wall ms, before → after):")
    for text, before, after in sorted(rows, key=lambda row: -max(row[1:]))[:8]:
        print(f"  {text!r}: {before:.0f} → {after:.0f}")


if __name__ == "__main__":
    main()
