"""Two Elasticsearch indices of the very same pages, one per checkout's mapping, for search_ab.py.

    git archive --prefix=before/ REV | tar -x -C /tmp      # the code before the change
    ELASTICSEARCH_URL=... nice -n 10 .venv/bin/python bench/search_ab_index.py \
        --before /tmp/before --work DIR [--items 100000] [--pages-per-item 10]

A mapping change cannot be compared on one index. Here each item of bench/search.py's corpus is
generated once and loaded into `bench-ab-before` (through the engine module of --before) and
`bench-ab-after` (this checkout's), 50 items at a time into both, so that whenever the load is
stopped (it is long at a million pages on a shared machine) the two hold the same items. Both load
without refreshes or replicas and get the same settings afterwards; progress goes to stdout.
Then: bench/search_ab.py --engine elasticsearch --before-index bench-ab-before
--after-index bench-ab-after.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

INDICES = {"before": "bench-ab-before", "after": "bench-ab-after"}
BATCH = 50  # items into both indices before the next


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the old code")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--pages-per-item", type=int, default=10)
    args = parser.parse_args()
    es_url = os.environ.pop("ELASTICSEARCH_URL")
    args.work.mkdir(parents=True, exist_ok=True)
    scratch_django("bench-search-ab-", args.work)
    from elasticsearch import Elasticsearch, helpers

    import search.engines.elastic as after
    from bench.search import Vocabularies, documents, vocabulary
    from bench.search_ab import _load

    before = _load("before_elastic", args.before / "search" / "engines" / "elastic.py")
    modules = {"before": before, "after": after}
    client = Elasticsearch(es_url, request_timeout=300)
    for side, index in INDICES.items():
        client.options(ignore_status=404).indices.delete(index=index)
        client.indices.create(
            index=index,
            settings={"number_of_replicas": 0, "refresh_interval": "-1"},
            mappings=modules[side].MAPPINGS,
        )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))  # finish the batch first
    stream = documents(Vocabularies(vocabulary()), args.items, args.pages_per_item)
    started, loaded = time.perf_counter(), 0
    while not stopping:
        batch = list(itertools.islice(stream, BATCH))
        if not batch:
            break
        for side, index in INDICES.items():
            engine = modules[side].ElasticsearchEngine
            actions = (a for d in batch for a in engine._actions(index, d))
            helpers.bulk(client, actions, chunk_size=500)
        loaded += len(batch)
        if loaded % 1000 == 0:
            rate = loaded * args.pages_per_item / (time.perf_counter() - started)
            print(f"{loaded} items in both ({rate:.0f} pages/s each)", flush=True)
    for index in INDICES.values():
        client.indices.put_settings(index=index, settings={"refresh_interval": None})
        client.indices.refresh(index=index)
    print(f"done: {loaded} items x {args.pages_per_item} pages in each index", flush=True)


if __name__ == "__main__":
    main()
