"""Signals the evidence domain sends, so other apps (search, letters) can follow its changes."""

from django.dispatch import Signal

# Sent after a file's reading has been recorded and committed; kwargs: evidence_file, item_ids.
evidence_file_processed = Signal()

# Sent when items' access level was changed without saving them (a QuerySet update: restricting
# at once, or with an item that shares a file); kwargs: item_ids. Receivers act on commit.
evidence_access_changed = Signal()
