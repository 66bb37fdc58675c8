"""A backup moves an archive between storage kinds: from a local disk into a bucket on the real S3
server and from the bucket back onto a disk, every hash checked on the way.

Both instances are real, separate archives (their own SQLite file; one on S3 under a prefix of
its own, one on a media folder) driven through manage.py; the S3 server is the SeaweedFS that
`make test` starts (tests/object_storage.py), so without it this skips, and in CI it fails.
"""

from __future__ import annotations

import pytest

from django.core.files.storage import default_storage
from django.core.management import call_command

from archive.models import EvidenceFile
from archive.storage import has_local_paths
from tests.object_storage import require_s3, with_prefix
from tests.sitewide.test_backup import DESCRIBE_INSTANCE, build_archive

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_archive_moves_between_disk_and_object_storage(
    tmp_path, evidence_index, work_queue, make_instance
):
    s3_url = with_prefix(require_s3())
    built = build_archive(evidence_index)
    work_queue()
    first = tmp_path / "first"
    call_command("backup_archive", str(first))
    expected_files = [
        [f.pk, f.file.name, f.sha256, f.sha256, f.status, f.pages.count(), True]
        for f in EvidenceFile.objects.order_by("pk")
    ]
    expected_pages = {
        built["public"].reference: 200,
        built["restricted"].reference: 404,  # restricted stays hidden, whatever holds its file
        built["draft"].reference: 404,
    }

    # To the other kind than this run's storage, then back: S3 -> disk -> S3 on the PostgreSQL run,
    # disk -> S3 -> disk on a run whose storage is the media folder.
    hops = [("on-s3", s3_url), ("on-disk", "")]
    if not has_local_paths(default_storage):
        hops.reverse()
    backup, instances = first, {}
    for name, storage_url in hops:
        target = instances[name] = make_instance(name, STORAGE_URL=storage_url)
        assert target.stored_names() == []  # fresh storage: restore's emptiness check passes
        restored = target.manage("restore_archive", str(backup))
        assert "all 3 originals match" in restored.stdout, restored.stdout
        assert {n for _, n, *_ in expected_files} <= set(target.stored_names())
        seen = target.python(DESCRIBE_INSTANCE)
        assert seen["files"] == expected_files, name  # each read back from storage, hashed
        assert seen["pages"] == expected_pages, name
        assert seen["public_search"] == [built["public"].reference], name
        backup = tmp_path / f"from-{name}"
        target.manage("backup_archive", str(backup))

    # A byte flipped in the bucket, behind the archive's back, is what fixity is for.
    on_s3 = instances["on-s3"]
    assert on_s3.run("check_fixity").returncode == 0
    on_s3.flip_stored_byte(EvidenceFile.objects.get(title="witness.pdf").file.name)
    damaged = on_s3.run("check_fixity")
    assert damaged.returncode == 1 and "MISMATCH" in damaged.stderr
