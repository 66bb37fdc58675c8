"""Search at 100,000 pages: indexing throughput and query latency on both engines.

    .venv/bin/python bench/search.py [--items 10000] [--pages-per-item 10]
                                     [--engines sqlite,elasticsearch]

The archive is synthetic but shaped like a real one: page texts are drawn (Zipf-distributed, fixed
seed) from the vocabulary of ../shared/corpus/real's extracted text when present, else from the
project's generated word list, about 300 words a page; items carry kinds, sources, topics, places,
languages and dates for the filters. Both engines index the same documents through their
`rebuild` and answer the same fixed mix of 50 queries (single words of three frequencies, phrases
taken from the texts, three-word AND, filtered, and faceted-and-filtered) through `search`, which
includes facet counts and snippet building. Elasticsearch runs when ELASTICSEARCH_URL is set.
With BENCH_DATABASE_URL=postgres://... (an empty database) the "sqlite" engine is the database's
own, PostgreSQL full-text search: `--engines sqlite` then measures it alone.
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


def documents(vocab: list[str], items: int, pages_per_item: int, seed: int = 7):
    from search.engines.base import ItemDocument, PageDocument

    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(vocab))]
    for item_id in range(1, items + 1):
        pages = []
        for number in range(1, pages_per_item + 1):
            words = rng.choices(vocab, weights=weights, k=300)
            pages.append(PageDocument(item_id, number, f"page-{number}", " ".join(words)))
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


def query_mix(vocab: list[str], sample_text: str) -> list[dict]:
    """50 fixed queries: 10 of each shape."""
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
    return mix


def run_queries(engine, mix: list[dict], repeats: int = 3) -> list[float]:
    from django.http import QueryDict

    from search.forms import search_request_from

    timings = []
    for params in mix * repeats:
        query = QueryDict(mutable=True)
        for key, value in params.items():
            query.setlist(key, value if isinstance(value, list) else [value])
        request, _ = search_request_from(query)
        started = time.perf_counter()
        engine.search(request)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--pages-per-item", type=int, default=10)
    parser.add_argument("--engines", default="sqlite,elasticsearch")
    args = parser.parse_args()

    es_url = os.environ.pop("ELASTICSEARCH_URL", "")
    scratch_django("bench-search-")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    from search.engines import elasticsearch_engine_setting, get_engine

    database = settings.DATABASES["default"]["ENGINE"]

    call_command("migrate", "evidence_search", verbosity=0)
    import gc

    gc.freeze()  # as config/wsgi.py does after start-up
    vocab = vocabulary()
    sample = next(documents(vocab, 1, 1)).pages[0].text
    mix = query_mix(vocab, sample)
    total_pages = args.items * args.pages_per_item
    print(
        f"{args.items} items x {args.pages_per_item} pages = {total_pages} pages; "
        f"vocabulary {len(vocab)} words; {len(mix)} queries x 3"
    )

    for name in args.engines.split(","):
        if name == "elasticsearch" and not es_url:
            print("elasticsearch: skipped (set ELASTICSEARCH_URL)")
            continue
        if name == "elasticsearch":
            engine_setting = elasticsearch_engine_setting(es_url, index="bench-pages", timeout=30)
        else:
            engine_setting = {"BACKEND": settings.DATABASE_SEARCH_ENGINES[database]}
        with override_settings(SEARCH_ENGINE=engine_setting):
            engine = get_engine()
            started = time.perf_counter()
            engine.rebuild(documents(vocab, args.items, args.pages_per_item))
            seconds = time.perf_counter() - started
            run_queries(engine, mix[:10], repeats=1)  # warm caches
            timings = run_queries(engine, mix)
            print(
                f"{engine.name}: indexed {total_pages} pages in {seconds:.0f} s "
                f"({total_pages / seconds:.0f} pages/s); "
                f"query p50 {percentile(timings, 50):.0f} ms, "
                f"p95 {percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms"
            )
            if name == "elasticsearch":
                engine.client.indices.delete(index="bench-pages*", ignore_unavailable=True)


if __name__ == "__main__":
    main()
