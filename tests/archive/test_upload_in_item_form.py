"""Files picked straight from the item's Files panel ("Add files from your computer"): each is
stored as an original, as the document chooser's upload stores it, and held by the item after
the files chosen above it; only for users who may upload documents."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

from archive.models import EvidenceFile, EvidencePage
from tests.factories import item_form, make_file, make_item, make_pdf

# Files are queued for reading on commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf([text]), content_type="application/pdf")


def add_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", index.pk])


def test_files_picked_in_the_form_become_the_new_items_originals(
    admin_client, admin_user, evidence_index, work_queue
):
    form = admin_client.get(add_url(evidence_index)).content.decode()
    assert 'name="new_files"' in form and "multiple" in form
    data = {
        **item_form("Two reports"),
        "action-publish": "action-publish",
        "new_files": [pdf_upload("first.pdf", "First words"), pdf_upload("second.pdf", "Later")],
    }
    response = admin_client.post(add_url(evidence_index), data)
    assert response.status_code == 302, response.context["form"].errors
    item = EvidencePage.objects.get(title="Two reports")
    assert item.live
    assert [f.filename for f in item.files] == ["first.pdf", "second.pdf"]
    for evidence_file in item.files:
        assert evidence_file.uploaded_by_user == admin_user
        assert evidence_file.collection == Collection.get_first_root_node()
        assert len(evidence_file.sha256) == 64
    work_queue()
    assert [f.status for f in EvidenceFile.objects.order_by("pk")] == ["ready", "ready"]
    assert "First words" in item.files[0].pages.get(number=1).text


def test_a_draft_holds_the_upload_after_the_chosen_file_and_the_live_item_waits(
    admin_client, evidence_index
):
    chosen = make_file("chosen.pdf", make_pdf(["Chosen before"]))
    item = make_item(evidence_index, title="Growing report", files=[chosen])
    data = {**item_form(item.title, item=item), "new_files": [pdf_upload("added.pdf", "Added")]}
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    draft = item.get_latest_revision_as_object()
    assert [f.filename for f in draft.files] == ["chosen.pdf", "added.pdf"]
    assert [f.filename for f in item.files] == ["chosen.pdf"]  # published when it is


def test_no_upload_field_or_file_for_a_user_who_may_not_upload_documents(
    client, django_user_model, evidence_index
):
    """Wagtail's Moderators may edit pages but, without a document permission in the
    collection, not upload; a forged POST with a file stores nothing."""
    user = django_user_model.objects.create_user("no-uploads", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    group = Group.objects.get(name="Moderators")
    group.collection_permissions.filter(permission__codename="add_document").delete()
    client.force_login(user)
    form = client.get(add_url(evidence_index))
    assert form.status_code == 200
    assert 'name="new_files"' not in form.content.decode()
    data = {**item_form("Forged"), "new_files": [pdf_upload("forged.pdf", "Forged")]}
    client.post(add_url(evidence_index), data)
    assert not EvidenceFile.objects.filter(file__contains="forged").exists()
    assert not EvidenceFile.objects.exists()


def test_a_file_already_in_the_archive_is_refused_as_the_document_upload_refuses_it(
    admin_client, evidence_index
):
    held = make_file("held.pdf", make_pdf(["Held already"]))
    holder = make_item(evidence_index, title="Holder", files=[held])
    again = SimpleUploadedFile("copy.pdf", held.file.open("rb").read())
    held.file.close()
    data = {**item_form("Second copy"), "new_files": [again]}
    response = admin_client.post(add_url(evidence_index), data)
    assert response.status_code == 200  # the form again, with the error
    errors = " ".join(response.context["form"].errors["new_files"])
    assert "copy.pdf: This file is already in the archive" in errors
    assert holder.reference in errors  # named to one who may see restricted evidence
    twice = [pdf_upload("a.pdf", "Same"), pdf_upload("b.pdf", "Same")]
    data = {**item_form("Twice"), "new_files": twice}
    response = admin_client.post(add_url(evidence_index), data)
    assert "b.pdf is the same file as a.pdf." in response.context["form"].errors["new_files"]
    assert EvidenceFile.objects.count() == 1
    assert not EvidencePage.objects.filter(title__in=["Second copy", "Twice"]).exists()
