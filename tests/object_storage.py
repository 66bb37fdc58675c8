"""The tests' S3 server, and reaching into storage behind the archive's back (to damage a file).

`make test-postgres` starts a SeaweedFS server with scripts/s3_server.py, which writes its
STORAGE_URL to .s3/url, and runs the PostgreSQL run with STORAGE_URL set. Tests that
cross storage kinds whatever the run (tests/sitewide/test_backup_storage_kinds.py) find the
server from S3_TEST_URL or .s3/url; without one they skip, and in CI (CI=true) they fail.
Damage is done the way it happens: straight to the disk, or straight to the bucket with boto3,
never through the archive's storage API.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from config.storage import storage_from_url

ROOT = Path(__file__).resolve().parent.parent
URL_FILE = Path(os.environ.get("S3_WORKDIR", ROOT / ".s3")) / "url"


def s3_test_url() -> str:
    """$STORAGE_URL when this run is on S3, else $S3_TEST_URL, else the server .s3/url names."""
    for variable in ("STORAGE_URL", "S3_TEST_URL"):
        if os.environ.get(variable, "").startswith("s3://"):
            return os.environ[variable]
    try:
        return URL_FILE.read_text().strip()
    except OSError:
        return ""


def require_s3() -> str:
    """The server's STORAGE_URL; skip the calling test without one (fail it in CI)."""
    url = s3_test_url()
    reason = "" if url else "no S3 server (`make test` starts one; or scripts/s3_server.py)"
    if url:
        try:
            client_for_url(url).list_objects_v2(Bucket=_bucket(url), MaxKeys=1)
        except Exception as error:  # refused, unreachable, no such bucket: say which
            reason = f"{_endpoint(url)} does not answer ({type(error).__name__}: {error})"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"S3 not available: {reason} (CI=true: its tests must run)", pytrace=False)
        pytest.skip(f"S3 not available: {reason}")
    return url


def with_prefix(url: str, prefix: str = "") -> str:
    """The same bucket under a new prefix of its own (a fresh, empty storage)."""
    parts = urlsplit(url)
    prefix = prefix or f"instance-{uuid.uuid4().hex[:12]}"
    path = "/".join(p for p in (parts.path.strip("/"), prefix) if p)
    return urlunsplit(parts._replace(path=f"/{path}"))


def _options(url: str) -> dict:
    return storage_from_url(url)["OPTIONS"]


def _bucket(url: str) -> str:
    return _options(url)["bucket_name"]


def _endpoint(url: str) -> str:
    return _options(url).get("endpoint_url", "S3")


def client_for_url(url: str):
    import boto3

    options = _options(url)
    return boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url"),
        region_name=options.get("region_name"),
        aws_access_key_id=options.get("access_key") or os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=options.get("secret_key") or os.environ.get("AWS_SECRET_ACCESS_KEY"),
    )


def key_in_bucket(url: str, name: str) -> str:
    location = _options(url).get("location", "")
    return f"{location}/{name}" if location else name


def flip_byte_in_bucket(url: str, name: str) -> None:
    """Damage a stored object as bit rot would: one bit, in the middle, written with boto3."""
    client, bucket, key = client_for_url(url), _bucket(url), key_in_bucket(url, name)
    data = bytearray(client.get_object(Bucket=bucket, Key=key)["Body"].read())
    data[len(data) // 2] ^= 0x01
    client.put_object(Bucket=bucket, Key=key, Body=bytes(data))


def names_in_bucket(url: str) -> list[str]:
    """Every object under the URL's prefix, as storage names."""
    client, bucket = client_for_url(url), _bucket(url)
    location = _options(url).get("location", "")
    prefix = f"{location}/" if location else ""
    names = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        names += [entry["Key"][len(prefix) :] for entry in page.get("Contents", ())]
    return names


def storage_url_of(storage) -> str:
    """The STORAGE_URL that reaches a django-storages S3Storage's objects (its prefix too)."""
    given = {
        "endpoint_url": storage.endpoint_url,
        "region": storage.region_name,
        "access_key": storage.access_key,
        "secret_key": storage.secret_key,
    }
    query = urlencode({name: value for name, value in given.items() if value})
    return f"s3://{storage.bucket_name}/{storage.location}?{query}"


def flip_stored_byte(field_file) -> None:
    """Damage a stored file behind the archive's back, on disk or in the bucket."""
    from archive.storage import has_local_paths
    from tests.factories import flip_one_byte

    if has_local_paths(field_file.storage):
        flip_one_byte(field_file.path)
    else:
        flip_byte_in_bucket(storage_url_of(field_file.storage), field_file.name)
