"""Creating evidence items outside the admin: the importer, the demo, the tests and the benchmarks
all create them here, so an item made anywhere is made the same way."""

from __future__ import annotations

from collections.abc import Sequence

from archive.models import EvidenceFile, EvidenceFileLink, EvidenceIndexPage, EvidencePage


def evidence_item_create(
    *,
    parent: EvidenceIndexPage,
    title: str,
    files: Sequence[EvidenceFile] = (),
    publish: bool = True,
    **metadata,
) -> EvidencePage:
    """A new evidence item under `parent` holding `files` in order, with `metadata` (any field of
    EvidencePage: kind, source, authors, access_level, topics, places, ...).

    Saved with a first revision, and published unless publish=False (then a draft that is not
    live). Page.save() validates the item (full_clean) and allocates its reference. Call it inside
    the caller's transaction to make the item and its files one unit.
    """
    item = EvidencePage(
        title=title,
        file_links=[EvidenceFileLink(file=f, sort_order=n) for n, f in enumerate(files)],
        **metadata,
    )
    if not publish:
        item.live = False
    parent.add_child(instance=item)
    revision = item.save_revision()
    if publish:
        revision.publish()
    return item
