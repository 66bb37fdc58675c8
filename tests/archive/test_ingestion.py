"""From upload to stored page texts: admin upload, duplicates, originals kept, re-processing."""

import hashlib
import os
import shutil

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

from archive.models import EvidenceFile, PageText
from archive.services.files import evidence_file_create
from archive.services.recovery import evidence_file_reprocess
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


THREE_PAGES = ["alpha page one", "beta page two", "gamma page three"]


def upload(client, name: str, content: bytes, title: str = "Uploaded"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection_id(),
        },
    )


def test_admin_upload_is_hashed_kept_intact_and_read_page_by_page(
    admin_client, site_tree, work_queue
):
    content = make_pdf(THREE_PAGES, title="Three pages")
    response = upload(admin_client, "three.pdf", content)
    assert response.status_code == 302, response.content[:2000]

    evidence_file = EvidenceFile.objects.get()
    assert evidence_file.status == "pending"
    work_queue()
    evidence_file.refresh_from_db()

    assert evidence_file.status == "ready", evidence_file.error
    assert evidence_file.sha256 == hashlib.sha256(content).hexdigest()
    sha = evidence_file.sha256
    # (Storage may suffix the name: an earlier test's flushed row can leave the same bytes there.)
    assert evidence_file.file.name.startswith(f"originals/{sha[:2]}/{sha}/three")
    assert evidence_file.file_size == len(content)
    assert evidence_file.media_type == "application/pdf"
    assert evidence_file.page_count == 3
    assert evidence_file.metadata_title == "Three pages"
    with evidence_file.file.open("rb") as stored:
        assert stored.read() == content
    texts = list(PageText.objects.filter(file=evidence_file).values_list("number", "text"))
    assert [number for number, _ in texts] == [1, 2, 3]
    for (_, text), expected in zip(texts, THREE_PAGES, strict=True):
        assert expected in text
    assert evidence_file.preview


def test_a_large_upload_is_hashed_whole(admin_client, site_tree, tmp_path):
    """3.5 MiB of random bytes: more than the 2 MiB Django keeps in memory (the upload goes
    through a temporary file) and several of the hasher's 1 MiB chunks, the last one partial.
    Stored the admin's way and the import's way (an open file), each hash is of every byte."""
    content = os.urandom(3 * 2**20 + 2**19)
    response = upload(admin_client, "large.bin", content)
    assert response.status_code == 302, response.content[:2000]
    uploaded = EvidenceFile.objects.get()
    path = tmp_path / "large-too.bin"
    path.write_bytes(content[::-1])  # the same size, other bytes: not a duplicate
    with path.open("rb") as handle:
        imported = evidence_file_create(name=path.name, content=handle)

    for stored, expected in ((uploaded, content), (imported, content[::-1])):
        stored.refresh_from_db()
        assert stored.sha256 == hashlib.sha256(expected).hexdigest()
        assert stored.file_size == len(expected)
        with stored.file.open("rb") as kept:
            assert kept.read() == expected


def test_identical_upload_is_refused_naming_the_item_that_holds_it(admin_client, evidence_index):
    content = make_pdf(["only once"])
    once = make_file("once.pdf", content)
    assert once.file.name.startswith(f"originals/{once.sha256[:2]}/{once.sha256}/once")
    holder = make_item(evidence_index, title="Holder", files=[once])

    response = upload(admin_client, "again-under-another-name.pdf", content)

    assert response.status_code == 200
    assert holder.reference in response.content.decode()
    assert EvidenceFile.objects.count() == 1


def test_an_archived_original_cannot_be_replaced(admin_client, site_tree):
    evidence_file = make_file("original.pdf", make_pdf(["first version"]))
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[evidence_file.pk]),
        {
            "title": "Changed",
            "file": SimpleUploadedFile("new.pdf", make_pdf(["second version"])),
            "collection": root_collection_id(),
        },
    )
    assert response.status_code == 200
    assert "cannot be replaced" in response.content.decode()
    evidence_file.refresh_from_db()
    with evidence_file.file.open("rb") as stored:
        assert b"%PDF" in stored.read(8)


def test_a_broken_file_fails_clearly_and_the_rest_carries_on(evidence_index, work_queue):
    broken = make_file("broken.pdf", b"<html><script>alert(1)</script></html>")
    good = make_file("good.pdf", make_pdf(["still readable"]))
    item = make_item(evidence_index, title="Mixed", files=[broken, good])

    work_queue()

    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.status == "failed"
    assert "HTML" in broken.error
    assert good.status == "ready"
    item.refresh_from_db()
    assert item.live and [f.pk for f in item.files] == [broken.pk, good.pk]


def test_a_result_storage_refuses_ends_failed_and_said_not_stuck(
    evidence_index, work_queue, settings, tmp_path
):
    """Storage refusing the preview (a file where its folder must go: a real fault, as a full
    or read-only disk would be) rolls the whole reading back and fails the file at once, with a
    message; without the handling it stayed `processing` until the stuck-file sweep. (On a
    disk of its own whatever storage the run uses: the fault is a disk's.)"""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    content = make_pdf(["the preview cannot be stored"], title="Refused")
    evidence_file = make_file("refused.pdf", content)
    sha = evidence_file.sha256
    blocker = tmp_path / "previews" / sha[:2] / sha
    blocker.parent.mkdir(parents=True)
    blocker.write_bytes(b"not a folder")

    work_queue()

    evidence_file.refresh_from_db()
    assert evidence_file.status == "failed"
    assert evidence_file.error.startswith("What was read could not be recorded (FileExistsError")
    assert not PageText.objects.filter(file=evidence_file).exists()  # all or nothing
    assert not (tmp_path / "page-images").exists()
    with evidence_file.file.open("rb") as stored:
        assert stored.read() == content

    # Read right, then again with storage refusing the page images' folder: the earlier
    # reading stays whole, its preview file included (it used to be deleted first, leaving the
    # row naming a file that was gone), and the preview stored for the refused one is removed.
    blocker.unlink()
    evidence_file_reprocess(evidence_file=evidence_file)
    work_queue()
    evidence_file.refresh_from_db()
    assert evidence_file.status == "ready", evidence_file.error
    earlier_preview = evidence_file.preview.name
    page_images = tmp_path / "page-images" / sha[:2] / sha
    shutil.rmtree(page_images)
    page_images.write_bytes(b"not a folder")
    evidence_file_reprocess(evidence_file=evidence_file)
    work_queue()

    evidence_file.refresh_from_db()
    assert evidence_file.status == "failed"
    assert "could not be recorded (NotADirectoryError" in evidence_file.error
    assert [p.text for p in PageText.objects.filter(file=evidence_file)] == [
        "the preview cannot be stored"
    ]
    assert evidence_file.preview.name == earlier_preview
    assert sorted(p.name for p in (tmp_path / "previews" / sha[:2] / sha).iterdir()) == [
        os.path.basename(earlier_preview)
    ]


def test_failed_file_can_be_reprocessed_from_the_admin(admin_client, evidence_index, work_queue):
    evidence_file = make_file("later.pdf", make_pdf(["read again"]))
    work_queue()
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status="failed", error="Simulated")
    PageText.objects.filter(file=evidence_file).delete()

    report = admin_client.get(reverse("archive_file_report") + "?status=failed")
    assert "later.pdf" in report.content.decode()
    response = admin_client.post(reverse("archive_reprocess_file", args=[evidence_file.pk]))
    assert response.status_code == 302
    work_queue()

    evidence_file.refresh_from_db()
    assert evidence_file.status == "ready" and evidence_file.error == ""
    assert PageText.objects.filter(file=evidence_file).count() == 1
