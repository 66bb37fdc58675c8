"""Sniffing, hashing and sandboxed reading of originals; free of Django, as it runs in children."""

from archive.processing.hashing import sha256_of_stream
from archive.processing.limits import Limits
from archive.processing.process import process_file
from archive.processing.result import ExtractedPage, ProcessResult, Status
from archive.processing.sniff import media_type_for_name, sniff_media_type

__all__ = [
    "Limits",
    "ExtractedPage",
    "ProcessResult",
    "Status",
    "media_type_for_name",
    "process_file",
    "sha256_of_stream",
    "sniff_media_type",
]
