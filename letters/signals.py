"""Receivers that keep citation checks in step with the archive's files."""

import logging

from django.dispatch import receiver

from archive.signals import evidence_file_processed
from letters.checks import citations_recheck_for_items

logger = logging.getLogger(__name__)


@receiver(evidence_file_processed)
def file_read(sender, evidence_file, item_ids, **kwargs):
    # A file read again may now hold (or no longer hold) a quotation that a letter cites: check
    # its citers again, never at the cost of the file's own record.
    try:
        citations_recheck_for_items(item_ids=item_ids)
    except Exception:
        logger.exception("re-checking citations after reading file %s failed", evidence_file.pk)
