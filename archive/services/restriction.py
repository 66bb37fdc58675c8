"""Restriction means now, and a restricted item's files stay restricted.

An original is one set of bytes however many items link it, and `EvidenceFile...public()` serves
it to anyone when a public item holds it. So the archive keeps one rule: **no public item holds
a file that a restricted item holds**. Both ways of breaking it are closed here:

- linking such a file to a public item is refused, in the admin form and, for every other way
  of making an item live (publication by workflow, schedule or script; `add_child`), in
  `EvidencePage.save()` (`shared_file_message`, `shared_file_guard`);
- restricting an item whose file a public item also links restricts that item too, in the same
  transaction, with an entry in its history and a message naming it (`item_restricted`): the
  witness's bytes must not stay public under another reference, and the item that held them
  can be made public again once the file is unlinked from it.

Both take a row lock on the files first, so that on PostgreSQL a publication and a restriction
of two items sharing a file, committed at the same moment, cannot each miss the other (SQLite
already runs writing transactions one at a time).

A saved draft whose access level is "restricted" withdraws the live item at once
(`item_restrict_now`, called by `EvidencePage.save_revision`): a witness who asks for their
testimony to be restricted means now, not at the next publication.
"""

from __future__ import annotations

import logging

from django.db import transaction

from wagtail.log_actions import log

from archive.choices import AccessLevel
from archive.models import EvidenceFile, EvidenceFileLink, EvidencePage, user_can_view_restricted
from archive.signals import evidence_access_changed

logger = logging.getLogger(__name__)

SHARED_FILE_RESTRICTED = "archive.restricted_for_shared_file"
RESTRICTED_AT_ONCE = "archive.restricted_at_once"


def _file_ids(item) -> list[int]:
    """The ids of the files an item links (in memory for a revision or a form's instance)."""
    return sorted({link.file_id for link in item.file_links.all() if link.file_id})


def _lock_files(file_ids: list[int]) -> None:
    list(EvidenceFile.objects.select_for_update().filter(pk__in=file_ids).values_list("pk"))


def restricted_holders(file_ids: list[int], *, besides: int | None = None):
    """Restricted items (other than `besides`) that hold any of these files."""
    holders = EvidencePage.objects.filter(
        access_level=AccessLevel.RESTRICTED, file_links__file__in=file_ids
    )
    return holders.exclude(pk=besides).distinct().order_by("pk")


def shared_file_message(holders: list, *, user=None) -> str:
    """Why files the restricted `holders` hold cannot go on a public item; the holders are named
    only to a user who may see restricted evidence."""
    if user is not None and user_can_view_restricted(user):
        names = ", ".join(f"{h.reference} ({h.title})" for h in holders)
        return (
            f"A file of this item is also held by restricted evidence: {names}. A public item "
            "cannot hold it, or the restricted original would be public. Remove the file, or "
            "make this item restricted too."
        )
    return (
        "One of these files cannot be attached to a public item. Remove it, or ask a "
        "researcher who may see restricted evidence."
    )


class SharedFileError(Exception):
    """A public item was to be published holding a file a restricted item holds. The message
    names no one; `message_for(user)` names the holders to a user who may see them."""

    def __init__(self, holders: list):
        super().__init__(shared_file_message(holders))
        self.holders = holders

    def message_for(self, user) -> str:
        return shared_file_message(self.holders, user=user)


def shared_file_guard(item) -> None:
    """Inside the transaction saving a live item: lock its files, and refuse if it is public and
    a restricted item holds one of them."""
    file_ids = _file_ids(item)
    _lock_files(file_ids)
    if item.access_level == AccessLevel.RESTRICTED:
        return
    if holders := list(restricted_holders(file_ids, besides=item.pk)):
        raise SharedFileError(holders)


def item_restricted(item) -> list:
    """Called once a restricted item's row is saved: restrict, at once, every other item that
    holds one of its files and is not restricted. Returns those items."""
    links = EvidenceFileLink.objects.filter(item=item.pk)
    file_ids = sorted(links.values_list("file_id", flat=True))
    if not file_ids:
        return []
    with transaction.atomic():
        _lock_files(file_ids)
        sharing = list(
            EvidencePage.objects.filter(file_links__file__in=file_ids)
            .exclude(pk=item.pk)
            .exclude(access_level=AccessLevel.RESTRICTED)
            .distinct()
        )
        if not sharing:
            return []
        EvidencePage.objects.filter(pk__in=[s.pk for s in sharing]).update(
            access_level=AccessLevel.RESTRICTED
        )
    for other in sharing:
        logger.warning(
            "%s restricted: restricted %s holds the same file", other.reference, item.reference
        )
        log(
            instance=other,
            action=SHARED_FILE_RESTRICTED,
            data={"because": item.reference, "files": file_ids},
        )
    # QuerySet.update() sends no signal of its own: the search index and public cache follow this.
    evidence_access_changed.send(EvidencePage, item_ids=[s.pk for s in sharing])
    return sharing


def item_restrict_for_shared_file(item, *, holder, file_ids: list[int]) -> None:
    """Restrict the public `item` because a file it holds inside another (an email's
    attachment) is held by the restricted `holder`; logged and said like `item_restricted`.
    The item's object is updated too, so its caller goes on with it as restricted."""
    with transaction.atomic():
        EvidencePage.objects.filter(pk=item.pk).update(access_level=AccessLevel.RESTRICTED)
        item.access_level = AccessLevel.RESTRICTED
    logger.warning(
        "%s restricted: restricted %s holds a file inside one of its files",
        item.reference,
        holder.reference,
    )
    log(
        instance=item,
        action=SHARED_FILE_RESTRICTED,
        data={"because": holder.reference, "files": file_ids},
    )
    evidence_access_changed.send(EvidencePage, item_ids=[item.pk])


def item_restrict_now(item) -> bool:
    """A draft of `item` says restricted: withdraw the item as saved (live or not) at once.
    Returns whether anything changed. Other changes in the draft wait for publication."""
    with transaction.atomic():
        changed = (
            EvidencePage.objects.filter(pk=item.pk)
            .exclude(access_level=AccessLevel.RESTRICTED)
            .update(access_level=AccessLevel.RESTRICTED)
        )
        if not changed:
            return False
        log(instance=item, action=RESTRICTED_AT_ONCE)
        item.also_restricted = item_restricted(item)
        evidence_access_changed.send(EvidencePage, item_ids=[item.pk])
    return True
