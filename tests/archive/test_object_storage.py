"""On object storage the bucket itself gives nothing away: every object is private, an unsigned
request for it is refused, and the archive's own answer for a restricted file is still 404.

Runs in `make test-postgres` (STORAGE_URL set to the real SeaweedFS server); on a disk run there is
no bucket to ask, so it skips, and in CI it fails (tests/object_storage.py).
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from django.core.files.storage import default_storage
from django.urls import reverse

from archive.storage import has_local_paths
from tests.factories import make_file, make_item, make_pdf
from tests.object_storage import client_for_url, key_in_bucket, require_s3, storage_url_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bucket_url():
    require_s3()
    if has_local_paths(default_storage):
        pytest.skip("this run stores files on disk (make test-postgres runs this on the bucket)")
    return storage_url_of(default_storage)


def test_a_restricted_original_is_private_in_the_bucket_and_404_through_the_archive(
    client, evidence_index, work_queue, bucket_url
):
    secret = make_file("statement.pdf", make_pdf(["the night watchman spoke"]))
    make_item(evidence_index, title="Statement", files=[secret], access_level="restricted")
    work_queue()
    storage = default_storage
    key = key_in_bucket(bucket_url, secret.file.name)

    grants = client_for_url(bucket_url).get_object_acl(Bucket=storage.bucket_name, Key=key)
    assert [g["Grantee"].get("URI") for g in grants["Grants"] if "URI" in g["Grantee"]] == []

    # The object's address without a signature, as anyone who learnt it would ask.
    plain = f"{storage.endpoint_url}/{storage.bucket_name}/{key}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(plain, timeout=10)
    assert refused.value.code == 403

    assert client.get(secret.url).status_code == 404
    assert client.get(reverse("archive:preview", args=[secret.pk])).status_code == 404


def test_a_forked_worker_opens_its_own_connection_to_the_bucket(bucket_url):
    """Import workers are forked from the command's process (archive/services/worker.py), which
    has used the bucket. boto3 keeps keep-alive sockets in a pool, and a forked copy of the pool
    holds the parent's sockets: two processes sending on one socket read each other's answers
    (tried: a forked reader got the other process's bytes, which only boto3's checksum caught,
    or waited out its timeout). So a forked process must reach the bucket over a connection of
    its own, never over one its parent holds; this checks exactly that (the collision itself
    is a race, and a test of it would pass by luck)."""
    import os
    import signal
    from urllib.parse import urlsplit

    from django.core.files.base import ContentFile

    name = default_storage.save("fork-test/file.txt", ContentFile(b"bytes" * 5000))
    assert default_storage.open(name).read() == b"bytes" * 5000  # a socket in the pool now
    port = urlsplit(default_storage.endpoint_url).port
    parents = connections_to(port)
    assert parents, "the parent keeps no connection to the bucket: nothing to test"

    child = os.fork()
    if child == 0:  # no pytest from here on, only an exit status
        signal.alarm(30)
        try:
            read = default_storage.open(name).read() == b"bytes" * 5000
            own = connections_to(port) - parents  # the connection its read went over, pooled
            os._exit(0 if read and own else 1 if read else 2)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, (
        "the forked process read over its parent's connection (1), read wrong bytes (2) or"
        f" failed (3): {os.waitstatus_to_exitcode(status)}"
    )


def connections_to(port: int) -> set[int]:
    """The local ports of this process's open TCP connections to `port` on this machine."""
    import os
    import socket

    ports = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=os.dup(int(fd)))
        except OSError:
            continue  # not a socket (or gone)
        try:
            if sock.type == socket.SOCK_STREAM and sock.family == socket.AF_INET:
                if sock.getpeername()[1] == port:
                    ports.add(sock.getsockname()[1])
        except OSError:
            pass  # not connected
        finally:
            sock.close()
    return ports
