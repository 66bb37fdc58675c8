"""The admin's history of evidence files and sources, kept apart so it can be filtered.

Wagtail writes the history of any model but pages to one `ModelLogEntry` table and shows it in
*Reports → Site history* to anyone with a permission on the model: an Editor (who may add
documents) would read every file's name and every source's name, a restricted witness
statement's among them. Pages have their own log model, filtered by the page permission policy
(archive/admin_access.py). Files and sources get this one, registered for them in
archive/wagtail_hooks.py, whose `viewable_by_user` leaves out the entries of files and sources
hidden from the user. Migration 0006 moves their earlier entries here.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

CACHE = "_allowed_content_type_ids"  # BaseLogEntryManager.viewable_by_user's, on the user


class RestrictableLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        # Wagtail caches the content types a user may see history of on the user object,
        # computed from the first non-page log table asked: its own, when that comes first in
        # the site history (the order of a set), which left this table's entries all out.
        # Computed here for this table, the cache as it was left for Wagtail's.
        # (Through getattr and delattr: request.user is a lazy proxy of the user.)
        theirs = getattr(user, CACHE, None)
        if theirs is not None:
            delattr(user, CACHE)
        try:
            entries = super().viewable_by_user(user)
        finally:
            if hasattr(user, CACHE):
                delattr(user, CACHE)
            if theirs is not None:
                setattr(user, CACHE, theirs)
        for content_type_id, object_ids in _hidden_objects(user).items():
            entries = entries.exclude(
                Q(content_type_id=content_type_id) & Q(object_id__in=object_ids)
            )
        return entries


def _hidden_objects(user) -> dict[int, list[str]]:
    """Ids of the files and sources hidden from `user`, by content type (as the log stores them)."""
    # The admin's rule lives with the admin's policies, which import the models: look it up late.
    from archive.admin_access import hidden_file_ids, hidden_source_ids

    hidden = {}
    for model, ids in (
        (apps.get_model("archive", "EvidenceFile"), hidden_file_ids(user)),
        (apps.get_model("archive", "Source"), hidden_source_ids(user)),
    ):
        if ids:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            hidden[content_type.pk] = [str(pk) for pk in ids]
    return hidden


class RestrictableLogEntry(BaseLogEntry):
    """A log entry of an evidence file or a source (the fields of Wagtail's ModelLogEntry)."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = RestrictableLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "file or source log entry"
        verbose_name_plural = "file and source log entries"
