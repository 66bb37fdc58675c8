"""SHA-256 fixity of an original, read in chunks so large files never sit in memory."""

import hashlib
from typing import BinaryIO


def sha256_of_stream(stream: BinaryIO, chunk_size: int = 1 << 20) -> tuple[str, int]:
    """Return the hex digest and size of the whole stream, leaving it at position 0 if seekable."""
    seekable = getattr(stream, "seekable", lambda: False)()
    if seekable:
        stream.seek(0)  # a form may already have read part of an upload
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(chunk_size):
        digest.update(chunk)
        size += len(chunk)
    if seekable:
        stream.seek(0)
    return digest.hexdigest(), size
