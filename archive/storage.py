"""Stored files as the rest of the archive needs them, whichever storage holds them.

The sandboxed reader (archive/processing) opens a path in a child process, and a bucket has no
paths: `local_copy` hands it the file itself on local storage, or a temporary copy streamed from
the bucket in 1 MiB chunks (never the whole file in memory), removed afterwards.

A process forked from one that has used the bucket (the import's workers) must not use the
parent's connections: boto3 keeps keep-alive sockets in a pool, a forked copy of the pool holds
the same sockets, and two processes sending on one socket read each other's answers (measured:
a forked reader got the other process's bytes, caught only by boto3's checksum; unchecked, a
read waits out its timeout). So every forked child starts with no connection to the bucket.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage, storages

CHUNK = 1 << 20


def has_local_paths(storage) -> bool:
    """Whether the storage keeps files in this machine's file system (FileSystemStorage)."""
    return isinstance(storage, FileSystemStorage)


def storage_errors() -> tuple[type[BaseException], ...]:
    """What reading a stored file can raise besides FileNotFoundError: OSError on disk, and
    botocore's errors from a bucket (a refused request, an unreachable endpoint)."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object storage installed: the disk's errors only
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


@contextlib.contextmanager
def local_copy(field_file) -> Iterator[str]:
    """A path to the stored file's bytes, for as long as the block runs."""
    storage, name = field_file.storage, field_file.name
    if has_local_paths(storage):
        yield storage.path(name)
        return
    folder = tempfile.mkdtemp(prefix="evidence-local-copy-")
    try:
        # The original's own name (its suffix tells some readers the type); the folder is ours.
        path = os.path.join(folder, os.path.basename(name) or "file")
        with storage.open(name, "rb") as stored, open(path, "wb") as copy:
            shutil.copyfileobj(stored, copy, CHUNK)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def forget_bucket_connections() -> None:
    """After a fork, in the child (archive/apps.py registers it): each storage made so far
    (Django keeps them in `storages`) lets go of its connections, as django-storages' own copy
    for pickling does, and opens its own on first use. Storages not made yet have nothing to
    forget."""
    for storage in list(vars(storages).get("_storages", {}).values()):
        if hasattr(storage, "_connections"):  # django-storages' S3Storage
            storage.__setstate__(storage.__getstate__())
