"""Background tasks: read an uploaded original (text page by page, preview) and store the result."""

from __future__ import annotations

import logging

from django_tasks import task

from archive.services.ingestion import evidence_file_process

logger = logging.getLogger(__name__)


@task()
def process_evidence_file(file_id: int) -> str:
    return evidence_file_process(file_id=file_id)


def enqueue_processing(file_id: int) -> str:
    """Queue a file for reading; returns the task result id (the import command waits on it)."""
    return process_evidence_file.enqueue(file_id).id
