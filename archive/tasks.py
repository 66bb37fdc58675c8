"""Background tasks: read an uploaded original (text page by page, preview) and store the result."""

from __future__ import annotations

import logging

from django_tasks import task

from archive.services.ingestion import evidence_file_process
from archive.services.ocr_runs import evidence_file_ocr_run

logger = logging.getLogger(__name__)


@task()
def process_evidence_file(file_id: int) -> str:
    return evidence_file_process(file_id=file_id)


@task()
def read_ocr_pages(file_id: int, take: str, first: int, packs: str) -> str:
    """The next OCR run over a long scan's pages (archive/services/ocr_runs.py)."""
    return evidence_file_ocr_run(file_id=file_id, take=take, first=first, packs=packs)


def enqueue_processing(file_id: int) -> str:
    """Queue a file for reading; returns the task result id (the import command waits on it)."""
    return process_evidence_file.enqueue(file_id).id
