"""Creating evidence files outside the admin (import, demo, tests) the same way an upload does."""

from __future__ import annotations

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError

from archive.models import EvidenceFile


def evidence_file_create(
    *,
    name: str,
    content: bytes | File,
    title: str = "",
    uploaded_by_user=None,
    collection=None,
) -> EvidenceFile:
    """Store a new original.

    The file is handed to save() uncommitted, so it is hashed before storage names it and lands
    at its content address; save() also sniffs its type and queues its reading on commit.
    """
    evidence_file = EvidenceFile(title=(title or name)[:255], uploaded_by_user=uploaded_by_user)
    if collection is not None:
        evidence_file.collection = collection
    evidence_file.file = (
        ContentFile(content, name=name) if isinstance(content, bytes) else File(content, name=name)
    )
    try:
        evidence_file.save()
    except IntegrityError:
        # The bytes are stored by now, under a name of their own (storage never overwrites:
        # config/storage.py), for a row that does not exist: remove them.
        if evidence_file.file.name:
            evidence_file.file.storage.delete(evidence_file.file.name)
        raise
    return evidence_file
