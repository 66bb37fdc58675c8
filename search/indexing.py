"""Keeping the search index in step with the archive: what is indexed, and when.

Only public, live evidence is indexed. An item is re-indexed (or removed) right after the
transaction that changed it commits: on publish, unpublish, delete, a change of access level
(a restriction takes effect when its draft is saved: archive/services/restriction.py), a file
being read again, or its source, topics or places being renamed. If the engine is unreachable
the save still succeeds; a task retries later and `manage.py reconcile_search_index` repairs
whatever is left.

Every write is followed by a second look: once the entry is written, whether the item is still
public is asked again of what is committed now, and the entry is removed if it is not. A
restriction committed while the entry was being built is thereby never undone in the index, on
any engine (docs/decisions/0009-index-writes-race-restriction.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from django_tasks import task

from django.db import connection, transaction

from archive.models import EvidencePage, PageText
from archive.models.evidence import anchor_prefix
from archive.processing.language import dominant_language
from archive.public_cache import content_changed
from archive.unprefixed import reverse_unprefixed
from search.engines import get_engine
from search.engines.base import ItemDocument, PageDocument

logger = logging.getLogger(__name__)


def item_document(item: EvidencePage) -> ItemDocument:
    source = item.source
    files = item.files
    pages: list[PageDocument] = []
    texts = PageText.objects.filter(file__in=files).order_by("number")
    by_file: dict[int, list[PageText]] = {}
    for page in texts:
        by_file.setdefault(page.file_id, []).append(page)
    for position, evidence_file in enumerate(files):
        prefix = anchor_prefix(position)
        pages += [
            PageDocument(evidence_file.pk, p.number, f"{prefix}page-{p.number}", p.text, p.language)
            for p in by_file.get(evidence_file.pk, [])
        ]
    metadata = "\n".join(
        filter(None, [item.reference, item.summary, item.authors, source.name if source else ""])
    )
    return ItemDocument(
        item_id=item.pk,
        reference=item.reference,
        title=item.title,
        # The English address whatever language is active (an admin's): pages link to it in
        # their reader's language (the in_language filter).
        url=reverse_unprefixed("archive:evidence", args=[item.reference]),
        kind=item.kind,
        language=item.language or dominant_language([p.language for p in texts]),
        published_on=item.published_on,
        date_display=item.date_display,
        source_slug=source.slug if source else "",
        source_name=source.name if source else "",
        metadata=metadata,
        topics=[t.slug for t in item.topics.all()],
        places=[p.slug for p in item.places.all()],
        pages=pages,
    )


def public_documents() -> Iterator[ItemDocument]:
    items = (
        EvidencePage.objects.public()
        .select_related("source")
        .prefetch_related("topics", "places", "file_links__file")
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=200):
        yield item_document(item)


def search_item_sync(item_id: int) -> None:
    """Make the index agree with the database about one item; raises if the engine is down."""
    item = EvidencePage.objects.public().filter(pk=item_id).select_related("source").first()
    engine = get_engine()
    if item is None:
        engine.remove_item(item_id)
    else:
        engine.replace_item(item_document(item))
        unless_public_remove(engine, [item_id])
    content_changed()  # kept search responses may show the old entry


def unless_public_remove(engine, item_ids: list[int] | None = None) -> None:
    """Remove from the index those of these items (None: every indexed item) that are not public
    now: the second look after a write, which a restriction committed during the write cannot
    escape (decision 9). Inside a transaction the write may stay invisible to others until it
    commits (the database engines), so the look is taken again once it has."""
    _remove_not_public(engine, item_ids)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _remove_not_public(get_engine(), item_ids), robust=True)


def _remove_not_public(engine, item_ids: list[int] | None) -> None:
    public = EvidencePage.objects.public()
    if item_ids is None:
        item_ids = list(engine.indexed_item_ids())
    else:
        public = public.filter(pk__in=item_ids)
    for item_id in set(item_ids) - set(public.values_list("pk", flat=True)):
        engine.remove_item(item_id)


@task()
def search_item_sync_task(item_id: int) -> None:
    search_item_sync(item_id)


def _sync_or_queue(item_id: int) -> None:
    try:
        search_item_sync(item_id)
    except Exception:  # the engine is down: the save stands, a task tries again later
        logger.exception("search index update for item %s failed; queued a retry", item_id)
        search_item_sync_task.enqueue(item_id)


def search_items_changed(item_ids: list[int]) -> None:
    """Call inside or outside a transaction: the index follows once the change is committed."""
    for item_id in set(item_ids):
        transaction.on_commit(lambda item_id=item_id: _sync_or_queue(item_id))


def search_rebuild(documents: Iterable[ItemDocument] | None = None) -> int:
    """Index every public item afresh (`documents`: public_documents(), perhaps wrapped)."""
    engine = get_engine()
    count = engine.rebuild(public_documents() if documents is None else documents)
    # Items restricted while the rebuild read them: their removal went to the old index.
    unless_public_remove(engine)
    content_changed()
    return count


def search_reconcile() -> tuple[int, int]:
    """Re-index missing public items and remove indexed items that are no longer public."""
    engine = get_engine()
    indexed = engine.indexed_item_ids()
    public = set(EvidencePage.objects.public().values_list("pk", flat=True))
    for item_id in indexed - public:
        engine.remove_item(item_id)
    for item_id in sorted(public - indexed):
        search_item_sync(item_id)
    return len(public - indexed), len(indexed - public)
