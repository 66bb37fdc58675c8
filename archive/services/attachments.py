"""Files found inside other files (an email's attachments, a message inside a message): stored as
originals of their own, linked to every item that holds their container, restricted with it.

An attachment is hashed and deduplicated like any upload (evidence_file_create), is recorded as
found in its container (`EvidenceFile.attachments`, many to many: two emails can carry one
report) and is read by the same pipeline, so a nested
message gives up its own attachments in its turn, down to ARCHIVE_MAX_ATTACHMENT_DEPTH.

Links follow the container: when it is read (attachments_store) and whenever an item comes to
hold it (attachments_link, on the commit of every EvidenceFileLink saved), so publishing a
later revision, which rewrites an item's links, puts the attachments back. The restriction rule
holds (archive/services/restriction.py): a public item whose container carries an attachment a
restricted item holds is restricted itself (the container's bytes hold the restricted original);
linked to a restricted item, an attachment restricts any public item that shares it.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from archive.choices import AccessLevel
from archive.models import EvidenceFile, EvidenceFileLink, EvidencePage
from archive.processing.result import Attachment
from archive.services.files import evidence_file_create
from archive.services.restriction import (
    item_restrict_for_shared_file,
    item_restricted,
    restricted_holders,
)
from archive.signals import evidence_access_changed

logger = logging.getLogger(__name__)


def attachment_depth(evidence_file: EvidenceFile, *, limit: int) -> int:
    """How many containers up the file was found (0 for an upload, 1 for an email's attachment),
    counted along the longest chain, up to `limit`."""
    depth, level, seen = 0, {evidence_file.pk}, {evidence_file.pk}
    while depth < limit:
        level = set(
            EvidenceFile.attachments.through.objects.filter(to_evidencefile__in=level)
            .exclude(from_evidencefile__in=seen)
            .values_list("from_evidencefile", flat=True)
        )
        if not level:
            break
        seen |= level
        depth += 1
    return depth


def attachments_store(*, container: EvidenceFile, attachments: list[Attachment]) -> list[str]:
    """Store each attachment (or find it stored) and link it where the container is held.
    Returns warnings for the container: what was not stored, and why."""
    if not attachments:
        return []
    limit = settings.ARCHIVE_MAX_ATTACHMENT_DEPTH
    if attachment_depth(container, limit=limit) >= limit:
        return [
            f"{len(attachments)} attachment(s) were not stored: the file is itself nested"
            f" {limit} levels deep in other files."
        ]
    for attachment in attachments:
        sha256 = hashlib.sha256(attachment.content).hexdigest()
        if sha256 == container.sha256:  # a message that carries itself
            continue
        stored = EvidenceFile.objects.filter(sha256=sha256).first()
        found = stored or stored_once(attachment, sha256)
        container.attachments.add(found)
    transaction.on_commit(lambda: _link_everywhere(container.pk))
    return []


def stored_once(attachment: Attachment, sha256: str) -> EvidenceFile:
    """Store the attachment, or take the file another worker stored since it was looked for:
    two emails carrying one attachment, read at once, both find it missing, and the second
    INSERT breaks the unique SHA-256. Uncaught, that failed the whole email, which then stayed
    pending (make test's PostgreSQL run, 2026-12-03). The savepoint keeps the email's
    transaction usable; evidence_file_create removes the copy it stored for the failed row."""
    try:
        with transaction.atomic():
            return evidence_file_create(
                name=attachment.name or "attachment", content=attachment.content
            )
    except IntegrityError:
        return EvidenceFile.objects.get(sha256=sha256)


def _link_everywhere(container_id: int) -> None:
    for item_id in EvidenceFileLink.objects.filter(file=container_id).values_list(
        "item_id", flat=True
    ):
        attachments_link(item_id=item_id, container_id=container_id)


def attachments_link(*, item_id: int, container_id: int) -> list[int]:
    """Link the container's attachments (and theirs, and so on) to the item. Returns the ids of
    the files newly linked; an item is changed only in its links, and told to search."""
    item = EvidencePage.objects.filter(pk=item_id).first()
    if item is None:
        return []
    linked: list[int] = []
    with transaction.atomic():
        EvidenceFile.objects.select_for_update().filter(pk=container_id).first()
        held = set(EvidenceFileLink.objects.filter(item=item).values_list("file_id", flat=True))
        order = EvidenceFileLink.objects.filter(item=item).aggregate(m=Max("sort_order"))["m"]
        order = order or 0
        pending, seen = [container_id], {container_id}
        while pending:
            children = EvidenceFile.objects.filter(found_in=pending.pop()).order_by("pk")
            for child in children:
                if child.pk in seen:
                    continue
                seen.add(child.pk)
                pending.append(child.pk)
                if child.pk in held:
                    continue
                if item.access_level != AccessLevel.RESTRICTED and (
                    holder := _restricted_holder(child, item)
                ):
                    # The container's own bytes carry the restricted original (an .eml holds
                    # its attachments): the item holding it is restricted, as if it linked it.
                    item_restrict_for_shared_file(item, holder=holder, file_ids=[child.pk])
                order += 1
                EvidenceFileLink.objects.create(item=item, file=child, sort_order=order)
                linked.append(child.pk)
        if linked and item.access_level == AccessLevel.RESTRICTED:
            item_restricted(item)  # a public item sharing an attachment is restricted too
    if linked:
        evidence_access_changed.send(EvidencePage, item_ids=[item.pk])
    return linked


def _restricted_holder(evidence_file: EvidenceFile, besides: EvidencePage) -> EvidencePage | None:
    return restricted_holders([evidence_file.pk], besides=besides.pk).first()


def link_saved(sender, instance: EvidenceFileLink, raw: bool = False, **kwargs) -> None:
    """post_save of an EvidenceFileLink: once committed, the file's attachments follow it."""
    if raw or not instance.file_id:
        return
    item_id, file_id = instance.item_id, instance.file_id
    if not EvidenceFile.objects.filter(found_in=file_id).exists():
        return
    transaction.on_commit(lambda: attachments_link(item_id=item_id, container_id=file_id))
