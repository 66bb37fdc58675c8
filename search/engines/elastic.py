"""The engine at scale: Elasticsearch 8 through the official client.

Two kinds of document in one index, as in the FTS5 engine: one `item` document per public item
(title, metadata and all its pages' terms, with the filter fields) on which matching, ranking,
counting and facets run, and one `page` document per page, asked only which pages of the shown
items match, with their text for the snippets. Searches go through an alias, so `rebuild` fills
a fresh index and swaps the alias in one step.

At a million pages (BENCHMARKS.md, issue 18) what we ask of the node matters more than the node:
an item's terms live in their own field (`pages_terms`), so a word's postings on the item side
list items only, not every page too (pages outnumber items ten to one); that field is left out
of the stored _source, so showing 20 results does not read and parse 20 whole books; the facet
fields load their global ordinals at refresh, not on the first search after it; and a rebuild
loads without refreshes or replicas, which are turned on once it is complete.

Elasticsearch indexes the terms of search/analysis.py joined by spaces, through the built-in
`whitespace` analyzer (in every distribution, the minimal test node's too), so it finds exactly
what FTS5 and PostgreSQL find: the same CJK bigrams, Tibetan syllables, folded Arabic script and
Porter stems. Its own highlighter would mark those terms, not the page's words, so snippets are
made from the page's stored text (`text`, kept in _source only) by search/snippets.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterable

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from search.analysis import index_text
from search.engines.base import (
    FACETS,
    ItemDocument,
    Match,
    Result,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
)
from search.query import Clause, ParsedQuery
from search.snippets import best_matches

logger = logging.getLogger(__name__)

ITEM_TERMS = "pages_terms"  # on item documents: the terms of all the item's pages
# An index built before issue 18 keeps them in `body`, with the pages'. Until it is rebuilt,
# both fields are searched: right on either mapping, whichever index the alias points to.
LEGACY_ITEM_TERMS = ("body", ITEM_TERMS)
LEGACY_RECHECK_SECONDS = 30.0  # how soon a search notices that another process rebuilt
FIELDS = ["title_terms^10", "metadata_terms^3", ITEM_TERMS]
PAGES_FETCHED = 3  # matching pages of a shown item whose text is fetched and analysed
# Creating an index waits until its shards have started on their nodes, and a rebuild's bulk
# load is long: on a cluster these take longer than a search is allowed (SEARCH_TIMEOUT_SECONDS).
ADMIN_TIMEOUT_SECONDS = 120
PHRASE_BOOST = 5.0
FILTERED = "filtered-"  # the names of facet_aggs()'s filter aggregations
FACET_FIELDS = {
    "kind": "kind",
    "source": "source_slug",
    "topic": "topics",
    "place": "places",
    "language": "language",
}

# number_of_shards and number_of_replicas come from the engine's options (index_settings()):
# shards, how many threads one search can use (docs/decisions/0016-elasticsearch-shards.md);
# replicas, one copy of every shard on another node, so a cluster that loses a node still
# answers fully and keeps indexing.
INDEX_SETTINGS: dict = {}
# While a rebuild loads its new index, nothing searches it: no refreshes, no replica to copy to.
LOADING_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0}
TERMS = {"type": "text", "analyzer": "whitespace"}  # terms of search/analysis.py
# Facet fields: their global ordinals are built when a refresh opens a segment, not by the first
# search after it (a one-off cost that grows with the index).
FACET = {"type": "keyword", "eager_global_ordinals": True}
MAPPINGS = {
    "dynamic": "strict",
    # An item's pages_terms are only ever searched, never shown: not stored in _source.
    "_source": {"excludes": [ITEM_TERMS]},
    "properties": {
        "doc_type": {"type": "keyword"},
        "item_id": {"type": "integer"},
        "reference": {"type": "keyword"},
        "title": {"type": "text", "index": False},  # shown as written
        "title_terms": TERMS,
        "metadata_terms": TERMS,
        # Two-word shingles too: a phrase is one term, not positions tested in a whole book.
        ITEM_TERMS: {**TERMS, "index_phrases": True},
        "body": TERMS,  # on page documents: the page's terms
        "text": {"type": "text", "index": False},  # a page's stored text, for its snippet
        "number": {"type": "integer"},
        "anchor": {"type": "keyword", "index": False},
        "url": {"type": "keyword", "index": False},
        "kind": FACET,
        "language": FACET,
        "published_on": {"type": "date"},
        "date_display": {"type": "keyword", "index": False},
        "source_slug": FACET,
        "source_name": {"type": "keyword"},
        "topics": FACET,
        "places": FACET,
    },
}


def index_settings(replicas: int, shards: int = 1) -> dict:
    """A new index's settings. A replica cannot be placed on a one-node cluster, whose indices
    then stay yellow: searches and indexing work all the same."""
    return {**INDEX_SETTINGS, "number_of_shards": shards, "number_of_replicas": replicas}


def _clause_query(clause: Clause, fields: list[str]) -> dict:
    """Each variant of the clause a phrase of its terms (a single term: a plain match)."""
    queries = [
        {
            "multi_match": {
                "query": " ".join(variant),
                "fields": fields,
                "type": "phrase" if len(variant) > 1 else "best_fields",
                "operator": "and",
            }
        }
        for variant in clause.variants
    ]
    if len(queries) == 1:
        return queries[0]
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def es_query(query: ParsedQuery, item_terms: tuple[str, ...] = (ITEM_TERMS,)) -> dict:
    """Every group must match somewhere in the item; an excluded clause anywhere rules it out.
    item_terms: the fields holding an item's page terms (LEGACY_ITEM_TERMS on an old index)."""
    fields = [*FIELDS[:-1], *item_terms]
    must = [
        {"bool": {"should": [_clause_query(c, fields) for c in group], "minimum_should_match": 1}}
        for group in query.groups
    ]
    words = [g[0].text for g in query.groups if len(g) == 1 and not g[0].is_phrase]  # terms
    together = {"query": " ".join(words), "type": "phrase", "boost": PHRASE_BOOST}
    should = [{"multi_match": {**together, "fields": list(item_terms)}}] if len(words) > 1 else []
    must_not = [_clause_query(c, [f.split("^")[0] for f in fields]) for c in query.excluded]
    return {
        "bool": {
            "filter": [{"term": {"doc_type": "item"}}],
            "must": must,
            "should": should,
            "must_not": must_not,
        }
    }


def es_pages_query(query: ParsedQuery, item_ids: list[int]) -> dict:
    """Pages of these items with any of the positive words or phrases."""
    return {
        "bool": {
            "filter": [{"term": {"doc_type": "page"}}, {"terms": {"item_id": item_ids}}],
            "should": [_clause_query(c, ["body"]) for c in query.positive_clauses],
            "minimum_should_match": 1,
        }
    }


def es_filters(request: SearchRequest, skip: str = "") -> list[dict]:
    """The request's filters, but for the one named by skip (a facet, or "dates")."""
    filters = [
        {"terms": {FACET_FIELDS[facet]: values}}
        for facet, values in request.filters.items()
        if facet != skip and values
    ]
    if request.within is not None:
        filters.append({"term": {"item_id": request.within}})
    if skip == "dates":
        return filters
    dates = {}
    if request.date_from:
        dates["gte"] = request.date_from.isoformat()
    if request.date_to:
        dates["lte"] = request.date_to.isoformat()
    if dates:
        filters.append({"range": {"published_on": dates}})
    return filters


def facet_aggs(request: SearchRequest) -> dict:
    """Each facet counts the hits that pass every filter but its own; the years, every filter but
    the dates (choosing a year replaces them). Counts that pass the same filters share one
    `filter` aggregation, and those that pass none sit at the top level: a search without
    filters (the usual one) asks six plain aggregations, one with a single facet filter two."""
    histogram = {"field": "published_on", "calendar_interval": "year", "format": "yyyy"}
    counts = {
        facet: {"terms": {"field": field, "size": 100}} for facet, field in FACET_FIELDS.items()
    }
    counts["years"] = {"date_histogram": {**histogram, "min_doc_count": 1}}
    skips = {**{facet: facet for facet in FACET_FIELDS}, "years": "dates"}
    groups: dict[str, tuple[list[dict], dict]] = {}  # the filters, as JSON → (filters, counts)
    for name, skip in skips.items():
        filters = es_filters(request, skip=skip)
        key = json.dumps(filters, sort_keys=True)
        groups.setdefault(key, (filters, {}))[1][name] = counts[name]
    aggs: dict = {}
    for n, (filters, group) in enumerate(groups.values()):
        if filters:
            aggs[f"{FILTERED}{n}"] = {"filter": {"bool": {"filter": filters}}, "aggs": group}
        else:
            aggs.update(group)
    return aggs


def facet_counts(aggregations: dict) -> dict[str, list[dict]]:
    """The buckets of each count that facet_aggs() asked, by name (a facet, or "years")."""
    counts: dict[str, list[dict]] = {}
    for name, agg in aggregations.items():
        if name.startswith(FILTERED):
            counts.update({k: v["buckets"] for k, v in agg.items() if k != "doc_count"})
        else:
            counts[name] = agg["buckets"]
    return counts


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        index: str,
        replicas: int = 1,
        shards: int = 1,
        timeout: float = 2.0,
    ):
        """url: one node, or several separated by commas (any node of a cluster answers);
        index: the alias searches go through; replicas: copies of each shard of a new index;
        shards: primary shards of a new index; timeout: seconds a search waits before it is
        "unavailable"."""
        self.alias = index
        self.replicas = replicas
        self.shards = shards
        self._item_terms: tuple[str, ...] | None = None  # fields of item page terms
        self._item_terms_checked = 0.0  # time.monotonic() of the last look at the mapping
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        self.client = Elasticsearch(
            hosts,
            request_timeout=timeout,
            # A node that refuses the connection (it is down) is marked dead and the request
            # goes to the next; a node that does not answer in time is not retried, so a
            # search still gives up within its timeout.
            max_retries=len(hosts) - 1,
            retry_on_timeout=False,
        )

    # --- querying ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        if request.query.is_empty:
            return SearchResponse(0, [], {}, request.page, request.page_size)
        try:
            answer = self.client.search(index=self.alias, body=self._search_body(request))
            hits = answer["hits"]["hits"]
            matches = self._matches(request.query, [hit["_source"]["item_id"] for hit in hits])
        except NotFoundError:  # nothing indexed yet
            return SearchResponse(0, [], {f: {} for f in FACETS}, request.page, request.page_size)
        except (TransportError, ApiError) as exc:
            raise SearchUnavailable(str(exc)) from exc
        aggs = facet_counts(answer["aggregations"])
        facets = {facet: {b["key"]: b["doc_count"] for b in aggs[facet]} for facet in FACETS}
        results = [self._result(hit, matches.get(hit["_source"]["item_id"], [])) for hit in hits]
        years = {
            b["key_as_string"]: b["doc_count"] for b in reversed(aggs["years"]) if b["doc_count"]
        }
        return SearchResponse(
            answer["hits"]["total"]["value"],
            results,
            facets,
            request.page,
            request.page_size,
            years=years,
        )

    def _search_body(self, request: SearchRequest) -> dict:
        sort: list = ["_score", {"item_id": "desc"}]
        if request.sort in ("newest", "oldest"):
            order = "desc" if request.sort == "newest" else "asc"
            sort = [{"published_on": {"order": order, "missing": "_last"}}, {"item_id": order}]
        return {
            "query": es_query(request.query, self._item_terms_field()),
            "post_filter": {"bool": {"filter": es_filters(request)}},
            "aggs": facet_aggs(request),
            "sort": sort,
            "from": request.offset,
            "size": request.page_size,
            "_source": [
                "item_id",
                "reference",
                "title",
                "url",
                "kind",
                "language",
                "published_on",
                "date_display",
                "source_name",
            ],
            "track_total_hits": True,
        }

    def _item_terms_field(self) -> tuple[str, ...]:
        """(ITEM_TERMS,); on an index built before it existed, LEGACY_ITEM_TERMS, so such an
        archive still finds everything, only more slowly, until `rebuild_search_index` (which
        may run in another process: looked at again every LEGACY_RECHECK_SECONDS till then)."""
        stale = time.monotonic() - self._item_terms_checked > LEGACY_RECHECK_SECONDS
        if self._item_terms is None or (self._item_terms == LEGACY_ITEM_TERMS and stale):
            self._item_terms_checked = time.monotonic()
            try:
                mappings = self.client.indices.get_mapping(index=self.alias)
            except NotFoundError:
                return (ITEM_TERMS,)  # nothing indexed yet: the first index has the new mapping
            legacy = any(
                ITEM_TERMS not in m["mappings"].get("_source", {}).get("excludes", [])
                for m in mappings.values()
            )
            if legacy and self._item_terms is None:
                logger.warning(
                    "The search index predates `%s`: run `manage.py rebuild_search_index`"
                    " for faster searches (docs/operations.md).",
                    ITEM_TERMS,
                )
                # Its strict mapping would refuse an item written with the new field.
                self.client.indices.put_mapping(index=self.alias, properties={ITEM_TERMS: TERMS})
            self._item_terms = LEGACY_ITEM_TERMS if legacy else (ITEM_TERMS,)
        return self._item_terms

    def _matches(self, query: ParsedQuery, item_ids: list[int]) -> dict[int, list[Match]]:
        """The best pages of each shown item, in one search: a terms bucket per item, each with
        its top pages with their text (snippets: search/snippets.py). Measured at 100,000
        pages: 3 ms in Elasticsearch, where `collapse` + `inner_hits` (a search per item, one
        after another) took 30 ms."""
        if not item_ids:
            return {}
        # The page's terms as indexed (`body`) spare snippets analysing the whole page. That and
        # its number, anchor and text are nearly all of a page's _source: asking for it whole
        # lets the node send the stored bytes as they are, where naming the fields had it parse
        # and write each page again.
        top_pages = {"top_hits": {"size": PAGES_FETCHED, "_source": True}}
        answer = self.client.search(
            index=self.alias,
            query=es_pages_query(query, item_ids),
            size=0,
            aggs={
                "items": {
                    "terms": {"field": "item_id", "size": len(item_ids)},
                    "aggs": {"pages": top_pages},
                }
            },
        )
        clauses = query.positive_clauses
        return {
            bucket["key"]: best_matches(
                clauses,
                (
                    # An index built before the multilingual analysis has no `text` (until
                    # rebuild_search_index): its pages are shown without a snippet.
                    (
                        p["_source"]["number"],
                        p["_source"]["anchor"],
                        p["_source"].get("text", ""),
                        p["_source"].get("body"),
                    )
                    for p in bucket["pages"]["hits"]["hits"]
                ),
            )
            for bucket in answer["aggregations"]["items"]["buckets"]
        }

    @staticmethod
    def _result(hit: dict, matches: list[Match]) -> Result:
        source = hit["_source"]
        published = source.get("published_on")
        return Result(
            item_id=source["item_id"],
            reference=source["reference"],
            title=source["title"],
            url=source["url"],
            kind=source["kind"],
            date=source.get("date_display", ""),
            published_on=dt.date.fromisoformat(published) if published else None,
            source=source.get("source_name", ""),
            matches=matches,
            language=source.get("language", ""),
        )

    # --- indexing ----------------------------------------------------------------------------

    def replace_item(self, document: ItemDocument) -> None:
        index = self._ensure_index()
        self._item_terms_field()  # an old index learns the new field first
        self._delete_item(index, document.item_id)
        helpers.bulk(self.client, self._actions(index, document), refresh="wait_for")

    def remove_item(self, item_id: int) -> None:
        self._delete_item(self._ensure_index(), item_id)

    def rebuild(self, documents: Iterable[ItemDocument]) -> int:
        """Fill a new index while searches use the old one, then move the alias in one step."""
        new_index = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
        admin = self.client.options(request_timeout=ADMIN_TIMEOUT_SECONDS)
        admin.indices.create(
            index=new_index,
            settings={**index_settings(self.replicas, self.shards), **LOADING_SETTINGS},
            mappings=MAPPINGS,
        )
        count = 0

        def actions():
            nonlocal count
            for document in documents:
                count += 1
                yield from self._actions(new_index, document)

        # Two bulk requests in flight: the node indexes one chunk (a core) while this process
        # analyses the next (search/analysis.py, the other core), about 1.5x a rebuild's speed
        # at a million pages on 2 cores (BENCHMARKS.md). Errors still raise.
        for _ok, _info in helpers.parallel_bulk(
            admin, actions(), chunk_size=500, thread_count=2, queue_size=2
        ):
            pass
        admin.indices.put_settings(
            index=new_index,
            settings={"refresh_interval": None, "number_of_replicas": self.replicas},
        )
        admin.indices.refresh(index=new_index)
        old = self._alias_targets()
        swap = [{"add": {"index": new_index, "alias": self.alias}}]
        swap += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        admin.indices.update_aliases(actions=swap)
        self._item_terms = (ITEM_TERMS,)
        for index in old:
            admin.indices.delete(index=index)
        return count

    def indexed_item_ids(self) -> set[int]:
        self._ensure_index()
        ids: set[int] = set()
        after = None
        while True:
            body = {
                "size": 0,
                "query": {"term": {"doc_type": "item"}},
                "aggs": {
                    "items": {
                        "composite": {
                            "size": 5000,
                            "sources": [{"id": {"terms": {"field": "item_id"}}}],
                            **({"after": after} if after else {}),
                        }
                    }
                },
            }
            agg = self.client.search(index=self.alias, body=body)["aggregations"]["items"]
            ids.update(bucket["key"]["id"] for bucket in agg["buckets"])
            after = agg.get("after_key")
            if not agg["buckets"] or not after:
                return ids

    def _alias_targets(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _ensure_index(self) -> str:
        targets = self._alias_targets()
        if targets:
            return targets[0]
        index = f"{self.alias}-initial"
        admin = self.client.options(request_timeout=ADMIN_TIMEOUT_SECONDS)
        if not admin.indices.exists(index=index):
            admin.indices.create(
                index=index,
                settings=index_settings(self.replicas, self.shards),
                mappings=MAPPINGS,
            )
        admin.indices.put_alias(index=index, name=self.alias)
        return index

    def _delete_item(self, index: str, item_id: int) -> None:
        # By id, not _delete_by_query: that lives in the reindex module, which a minimal node
        # (and some managed services) lacks. An item has at most ARCHIVE_MAX_PAGES + 1 documents.
        while True:
            hits = self.client.search(
                index=index,
                query={"term": {"item_id": item_id}},
                _source=False,
                size=10_000,
            )["hits"]["hits"]
            if not hits:
                return
            _, errors = helpers.bulk(
                self.client,
                ({"_op_type": "delete", "_index": index, "_id": hit["_id"]} for hit in hits),
                refresh="wait_for",
                raise_on_error=False,
            )
            # Another process removing or replacing the same item at once (the second look
            # after a write, search/indexing.py) may have deleted some first: that is the aim.
            failed = [e for e in errors if e.get("delete", {}).get("status") != 404]
            if failed:
                raise helpers.BulkIndexError(f"{len(failed)} document(s) failed to delete.", failed)

    @staticmethod
    def _actions(index: str, d: ItemDocument):
        terms = [index_text(p.text) for p in d.pages]  # analysed once: most of indexing's time
        yield {
            "_index": index,
            "_id": f"item:{d.item_id}",
            "_source": {
                "doc_type": "item",
                "item_id": d.item_id,
                "reference": d.reference,
                "title": d.title,
                "title_terms": index_text(d.title),
                "metadata_terms": index_text(d.metadata),
                ITEM_TERMS: "\n".join(terms),
                "url": d.url,
                "kind": d.kind,
                "language": d.language,
                "published_on": d.published_on.isoformat() if d.published_on else None,
                "date_display": d.date_display,
                "source_slug": d.source_slug or None,
                "source_name": d.source_name,
                "topics": d.topics,
                "places": d.places,
            },
        }
        for page, page_terms in zip(d.pages, terms, strict=True):
            yield {
                "_index": index,
                "_id": f"page:{d.item_id}:{page.anchor}",
                "_source": {
                    "doc_type": "page",
                    "item_id": d.item_id,
                    "number": page.number,
                    "anchor": page.anchor,
                    "body": page_terms,
                    "text": page.text,
                },
            }
