"""The archive's own receivers, connected per sender by register_signal_handlers() from the app's
ready() (as wagtail/images/signal_handlers.py does): a new original is queued for reading once
its transaction commits; changes the public can see retire the public cache."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from archive import public_changes
from archive.models import EvidenceFile, EvidenceFileLink
from archive.tasks import enqueue_processing


def queue_reading(sender, instance: EvidenceFile, raw: bool = False, **kwargs) -> None:
    """Queue a newly stored original for reading (EvidenceFile.save() marks it), on commit."""
    if raw or not getattr(instance, "reading_due", False):
        return
    instance.reading_due = False
    pk = instance.pk
    transaction.on_commit(lambda: enqueue_processing(pk))


def register_signal_handlers() -> None:
    post_save.connect(queue_reading, sender=EvidenceFile, dispatch_uid="archive-queue-reading")
    # Imported here: the services import the models, which are not ready at module import.
    from archive.services.attachments import link_saved

    post_save.connect(
        link_saved, sender=EvidenceFileLink, dispatch_uid="archive-attachments-follow"
    )
    public_changes.register_signal_handlers()
