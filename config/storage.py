"""Where originals and every derivative are stored: the local folder, or an S3-compatible bucket.

    STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=http://host:port&region=eu-west-1
    AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...        (or the query's access_key/secret_key)

Without STORAGE_URL, the usual django-storages variables also select S3 (AWS_STORAGE_BUCKET_NAME,
with AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_LOCATION); with neither, files stay under
MEDIA_ROOT. Whatever the bucket's own policy, objects are written private and never addressed by
a public URL: every file reaches a reader through archive.views, after the access check
(docs/decisions/0015-object-storage.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# Query parameters a STORAGE_URL may carry, and the S3Storage option each sets.
QUERY_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "region_name": "region_name",
    "access_key": "access_key",
    "secret_key": "secret_key",
    "addressing_style": "addressing_style",
}
# Reads larger than this spill to a temporary file instead of memory (django-storages keeps a
# whole object in memory by default): the same threshold Django uses for uploads.
SPOOL_BYTES = 2 * 1024 * 1024


def _fixed_options() -> dict:
    """What no setting can loosen: private objects, signed requests, no silent overwrites."""
    from boto3.s3.transfer import TransferConfig  # only when a bucket is configured

    return {
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,  # were a URL ever signed, it would die in a minute
        # Content-addressed keys never collide; when one exists, storage names the new copy
        # apart (as FileSystemStorage does) rather than overwrite what a row points at.
        "file_overwrite": False,
        "signature_version": "s3v4",
        "max_memory_size": SPOOL_BYTES,
        # One transfer thread: boto3's ten download threads queue parts in memory (a 24 MiB
        # pack peaked at 17 MiB); one streams through 256 KiB buffers, in order.
        "transfer_config": TransferConfig(use_threads=False),
    }


def storage_from_url(url: str) -> dict:
    """STORAGES["default"] for a STORAGE_URL ("" or file: for the local folder)."""
    parts = urlsplit(url)
    if parts.scheme in ("", "file"):
        return dict(LOCAL)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3:// (got {parts.scheme}://)")
    if not parts.netloc:
        raise ImproperlyConfigured("STORAGE_URL names no bucket: s3://BUCKET[/PREFIX]?...")
    options = {"bucket_name": parts.netloc, "location": parts.path.strip("/")}
    for name, values in parse_qs(parts.query, strict_parsing=False).items():
        if name not in QUERY_OPTIONS:
            known = ", ".join(sorted(QUERY_OPTIONS))
            raise ImproperlyConfigured(f"STORAGE_URL: unknown option {name!r} (known: {known})")
        options[QUERY_OPTIONS[name]] = values[-1]
    # A local S3 server (SeaweedFS, MinIO) answers on a path, not on a bucket subdomain.
    options.setdefault("addressing_style", "path" if "endpoint_url" in options else "auto")
    return {"BACKEND": S3_BACKEND, "OPTIONS": {**options, **_fixed_options()}}


def storage_from_env(environ: Mapping[str, str] = os.environ) -> dict:
    """STORAGES["default"] from STORAGE_URL, else from AWS_STORAGE_BUCKET_NAME, else local."""
    if environ.get("STORAGE_URL"):
        return storage_from_url(environ["STORAGE_URL"])
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return dict(LOCAL)
    options = {"bucket_name": bucket, "location": environ.get("AWS_LOCATION", "").strip("/")}
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": S3_BACKEND, "OPTIONS": {**options, **_fixed_options()}}


def with_own_prefix(storage: dict, prefix: str) -> dict:
    """The same storage, under PREFIX inside its bucket's prefix (tests, separate instances); a
    local folder is returned as it is (MEDIA_ROOT already separates those)."""
    if storage.get("BACKEND") != S3_BACKEND:
        return storage
    options = storage["OPTIONS"]
    location = "/".join(p for p in (options.get("location", ""), prefix) if p)
    return {**storage, "OPTIONS": {**options, "location": location}}
