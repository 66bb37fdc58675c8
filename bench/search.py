"""Search at 100,000 pages: indexing throughput and query latency on both engines.

    .venv/bin/python bench/search.py [--items 10000] [--pages-per-item 10]
                                     [--engines database,elasticsearch] [--cjk-share 0.25]
                                     [--work DIR] [--repeats 3] [--shards N]

The archive is synthetic but shaped like a real one: page texts are drawn (Zipf-distributed, fixed
seed) from the vocabulary of ../shared/corpus/real's extracted text when present, else from the
project's generated word list, about 300 words a page; items carry kinds, sources, topics, places,
languages and dates for the filters. Both engines index the same documents through their
`rebuild` and answer the same fixed mix of 50 queries (single words of three frequencies, phrases
taken from the texts, three-word AND, filtered, and faceted-and-filtered) through `search`, which
includes facet counts and snippet building. Elasticsearch runs when ELASTICSEARCH_URL is set, with
its shard request cache off while it is timed (the best-pages request of a repeated query would
be a cache hit).
With BENCH_DATABASE_URL=postgres://... (an empty database) the "sqlite" engine is the database's
own, PostgreSQL full-text search: `--engines database` then measures it alone.

With --cjk-share S, that share of the pages is Chinese or Tibetan instead (half each): Chinese
runs of two- to four-character words drawn Zipf-wise from 30,000 made of the 3,000 most used
Han characters' code points, a comma or full stop every few words; Tibetan words of one to three
syllables (built from root letters, subjoined letters, vowel signs and final letters) joined by
the tsheg, a shad every few words. The query mix then gains 10 Chinese and 10 Tibetan words.
Each engine's index size is reported beside its indexing time.

With --work DIR the corpus is built once and kept: the scratch database (and its FTS5 index) in
DIR, and the Elasticsearch index `bench-pages-kept`, which later runs with the same --work reuse
instead of indexing again (same arguments, same pages). Two checkouts of the code can then be
measured one after the other on the very same index: run this script from each with the same
--work (BENCHMARKS.md, "before/after"). With --shards N the Elasticsearch index has N primary
shards (the engine's default otherwise), kept as `bench-pages-kept-N-shards`: bench/search_ab.py
--before-index/--after-index then compares the two indices of the same pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_django  # noqa: E402

KINDS = ["report", "testimony", "news_article", "statement", "foi_response", "academic_paper"]
LANGUAGES = ["en", "en", "en", "fr", "pl"]


def vocabulary() -> list[str]:
    from bench.corpus import WORDS, real_pdfs

    words: list[str] = []
    paths = real_pdfs()
    if paths:
        import pypdfium2 as pdfium

        for path in paths:
            pdf = pdfium.PdfDocument(str(path))
            for index in range(min(len(pdf), 60)):
                text = pdf[index].get_textpage().get_text_range()
                words += re.findall(r"[^\W\d_]{3,}", text.lower())
    ranked = [w for w, _ in __import__("collections").Counter(words).most_common()]
    return ranked or WORDS


def _weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 1.07 for rank in range(n)]


def chinese_vocabulary(size: int = 30_000, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    chars = [chr(0x4E00 + n) for n in range(3000)]
    words = ("".join(rng.choices(chars, k=rng.choice((2, 2, 2, 3, 4)))) for _ in range(size))
    return list(dict.fromkeys(words))


def tibetan_vocabulary(size: int = 20_000, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    roots = [chr(c) for c in range(0x0F40, 0x0F6A) if c != 0x0F48]
    subjoined = ["", "", "\u0fb1", "\u0fb2"]  # ya-tag, ra-tag
    vowels = ["", "", "\u0f72", "\u0f74", "\u0f7a", "\u0f7c"]  # i, u, e, o
    finals = [*"གངདནབམའརལས", "", "", "", ""]

    def syllable() -> str:
        return rng.choice(roots) + rng.choice(subjoined) + rng.choice(vowels) + rng.choice(finals)

    words = ("་".join(syllable() for _ in range(rng.choice((1, 2, 2, 3)))) for _ in range(size))
    return list(dict.fromkeys(words))


class Vocabularies:
    """The words pages are drawn from, with their Zipf weights."""

    def __init__(self, english: list[str]):
        self.english, self.chinese, self.tibetan = (
            english,
            chinese_vocabulary(),
            tibetan_vocabulary(),
        )
        self.weights = {
            name: _weights(len(getattr(self, name))) for name in ("english", "chinese", "tibetan")
        }

    def draw(self, rng: random.Random, name: str, k: int) -> list[str]:
        return rng.choices(getattr(self, name), weights=self.weights[name], k=k)


def page_text(rng: random.Random, vocabularies: Vocabularies, cjk_share: float) -> str:
    roll = rng.random() if cjk_share else 1.0  # without: the same pages as before the option
    if roll < cjk_share / 2:  # about as many characters as an English page of 300 words
        words = vocabularies.draw(rng, "chinese", 300)
        return "".join(w + ("，" if n % 7 == 6 else "") for n, w in enumerate(words))
    if roll < cjk_share:
        words = vocabularies.draw(rng, "tibetan", 200)
        return "".join(w + ("། " if n % 9 == 8 else "་") for n, w in enumerate(words))
    return " ".join(vocabularies.draw(rng, "english", 300))


def documents(
    vocabularies: Vocabularies,
    items: int,
    pages_per_item: int,
    *,
    cjk_share: float = 0.0,
    seed: int = 7,
):
    from search.engines.base import ItemDocument, PageDocument

    rng = random.Random(seed)
    vocab = vocabularies.english
    for item_id in range(1, items + 1):
        pages = []
        for number in range(1, pages_per_item + 1):
            text = page_text(rng, vocabularies, cjk_share)
            pages.append(PageDocument(item_id, number, f"page-{number}", text))
        yield ItemDocument(
            item_id=item_id,
            reference=f"EV-2026-{item_id:05d}",
            title=" ".join(rng.choices(vocab[:3000], k=6)).capitalize(),
            url=f"/evidence/EV-2026-{item_id:05d}/",
            kind=rng.choice(KINDS),
            language=rng.choice(LANGUAGES),
            published_on=dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7000)),
            date_display="",
            source_slug=f"source-{rng.randrange(50)}",
            source_name="Source",
            metadata=" ".join(rng.choices(vocab[:5000], k=30)),
            topics=[f"topic-{rng.randrange(20)}" for _ in range(rng.randrange(1, 3))],
            places=[f"place-{rng.randrange(30)}"],
            pages=pages,
        )


def query_mix(vocabularies: Vocabularies, sample_text: str, cjk_share: float) -> list[dict]:
    """50 fixed queries: 10 of each shape; with Chinese and Tibetan pages, 10 words of each."""
    vocab = vocabularies.english
    rng = random.Random(11)
    text_words = sample_text.split()
    phrases = []
    for _ in range(10):
        start = rng.randrange(len(text_words) - 3)
        phrases.append('"' + " ".join(text_words[start : start + 2]) + '"')
    common, medium, rare = vocab[5:40], vocab[300:1500], vocab[3000:8000] or vocab[-50:]
    singles = [rng.choice(common) for _ in range(4)] + [rng.choice(medium) for _ in range(3)]
    singles += [rng.choice(rare) for _ in range(3)]
    three = [
        " ".join(rng.choice(medium) for _ in range(2)) + " " + rng.choice(common) for _ in range(10)
    ]
    mix = [{"q": q} for q in singles + phrases + three]
    mix += [{"q": rng.choice(medium), "kind": [rng.choice(KINDS)]} for _ in range(5)]
    mix += [{"q": rng.choice(common), "language": ["fr"], "from": "2010"} for _ in range(5)]
    mix += [
        {
            "q": rng.choice(medium),
            "kind": [rng.choice(KINDS)],
            "topic": [f"topic-{n}"],
            "sort": "newest",
        }
        for n in range(10)
    ]
    if cjk_share:
        for words in (vocabularies.chinese, vocabularies.tibetan):
            mix += [{"q": rng.choice(words[20:200])} for _ in range(5)]
            mix += [{"q": rng.choice(words[1000:10000])} for _ in range(5)]
    return mix


def run_queries(engine, mix: list[dict], repeats: int = 3, cpu: list | None = None) -> list[float]:
    """Wall milliseconds of each search; this process's CPU milliseconds appended to cpu (on a
    loaded machine the wall time is mostly waiting for a core; Elasticsearch's own CPU is in
    the wall time only)."""
    from django.http import QueryDict

    from search.forms import search_request_from

    timings = []
    for params in mix * repeats:
        query = QueryDict(mutable=True)
        for key, value in params.items():
            query.setlist(key, value if isinstance(value, list) else [value])
        request, _ = search_request_from(query)
        started, started_cpu = time.perf_counter(), time.process_time()
        engine.search(request)
        timings.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
    return timings


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--pages-per-item", type=int, default=10)
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--cjk-share", type=float, default=0.0, help="of pages: Chinese, Tibetan")
    parser.add_argument("--work", type=Path, help="keep the corpus here and reuse it")
    parser.add_argument("--repeats", type=int, default=3, help="times the query mix is run")
    parser.add_argument("--shards", type=int, help="Elasticsearch: primary shards of the index")
    args = parser.parse_args()

    es_url = os.environ.pop("ELASTICSEARCH_URL", "")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    scratch_django("bench-search-", args.work)
    from django.core.management import call_command

    from bench.engines import bench_engines, index_bytes, request_cache_off

    call_command("migrate", "evidence_search", verbosity=0)
    import gc

    gc.freeze()  # as config/wsgi.py does after start-up
    vocabularies = Vocabularies(vocabulary())
    sample = next(documents(vocabularies, 1, 1)).pages[0].text
    mix = query_mix(vocabularies, sample, args.cjk_share)
    total_pages = args.items * args.pages_per_item
    print(
        f"{args.items} items x {args.pages_per_item} pages = {total_pages} pages"
        f" ({args.cjk_share:.0%} Chinese or Tibetan); English vocabulary"
        f" {len(vocabularies.english)} words; {len(mix)} queries x 3"
    )
    keep = args.work is not None
    index = "bench-pages-kept" if keep else "bench-pages"
    options = {}
    if args.shards:  # kept apart from the default's index
        index, options = f"{index}-{args.shards}-shards", {"shards": args.shards}
    for engine in bench_engines(args.engines, es_url, index, keep=keep, **options):
        started = time.perf_counter()
        if keep and len(engine.indexed_item_ids()) == args.items:
            indexed = "reused (indexed by an earlier run)"
        else:
            engine.rebuild(
                documents(vocabularies, args.items, args.pages_per_item, cjk_share=args.cjk_share)
            )
            seconds = time.perf_counter() - started
            indexed = f"indexed in {seconds:.0f} s ({total_pages / seconds:.0f} pages/s)"
        size = index_bytes(engine)
        run_queries(engine, mix[:10], repeats=1)  # warm caches
        cpu: list[float] = []
        load = os.getloadavg()[0]
        uncached = nullcontext()
        if hasattr(engine, "client"):  # Elasticsearch: every repeat runs, none is a cache hit
            uncached = request_cache_off(engine.client, [engine.alias])
        with uncached:
            timings = run_queries(engine, mix, args.repeats, cpu)
        print(
            f"{engine.name}: {total_pages} pages {indexed}, index {size / 2**20:.0f} MiB; "
            f"query p50 {percentile(timings, 50):.0f} ms, "
            f"p95 {percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms; "
            f"CPU here p50 {percentile(cpu, 50):.0f} ms, p95 {percentile(cpu, 95):.0f} ms; "
            f"load average {load:.1f} → {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
