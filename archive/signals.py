"""Signals the evidence domain sends, so other apps (search, letters) can follow its changes."""

from django.dispatch import Signal

# Sent after a file's reading has been recorded and committed; kwargs: evidence_file, item_ids.
evidence_file_processed = Signal()
