"""On object storage the bucket itself gives nothing away: every object is private, an unsigned
request for it is refused, and the archive's own answer for a restricted file is still 404.

Runs in `make test-s3` (STORAGE_URL set to the real SeaweedFS server); on a disk run there is
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
        pytest.skip("this run stores files on disk (make test-s3 runs this on the bucket)")
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
