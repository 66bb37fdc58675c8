"""Restricted means now, and a restricted item's file stays restricted (issue 11 rows 3 and 13).

No public item may hold a file a restricted item holds: linking one is refused (admin form and
every publication), restricting an item restricts those sharing its file, and the duplicate
upload message names nothing to users without the permission. A draft saved as restricted
withdraws the live item at once.
"""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, PageLogEntry

from archive.models import EvidenceFile, EvidenceFileLink, EvidencePage
from archive.services.restriction import SHARED_FILE_RESTRICTED, SharedFileError
from tests.factories import item_form, make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Witness Q statement"


@pytest.fixture
def restricted(evidence_index, work_queue):
    evidence_file = make_file("witness-q.pdf", make_pdf([f"{SECRET}, page one"]))
    item = make_item(evidence_index, title=SECRET, access_level="restricted", files=[evidence_file])
    work_queue()
    return item


def researcher(django_user_model, index, name: str, *, may_see_restricted: bool):
    """A user who may add, edit and publish evidence and use documents, with or without the
    permission to see restricted evidence (not a superuser: superusers have every permission)."""
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(
            codename=codename, content_type__app_label="wagtailcore"
        )
        GroupPagePermission.objects.create(group=group, page=index, permission=permission)
    root = Collection.get_first_root_node()
    for codename in ("add_document", "change_document", "choose_document"):
        permission = Permission.objects.get(
            codename=codename, content_type__app_label="wagtaildocs"
        )
        GroupCollectionPermission.objects.create(
            group=group, collection=root, permission=permission
        )
    if may_see_restricted:
        group.permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(group)
    return user


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_publishing_a_public_item_with_a_restricted_items_file_is_refused(
    client, evidence_index, restricted
):
    evidence_file = restricted.files[0]
    with pytest.raises(SharedFileError):  # created live, as add_child does
        make_item(evidence_index, title="Public copy", files=[evidence_file])
    assert not EvidencePage.objects.filter(title="Public copy").exists()
    # A draft, as the admin's create view saves one (not live), may hold it: it is not public.
    draft = EvidencePage(
        title="Public draft", live=False, file_links=[EvidenceFileLink(file=evidence_file)]
    )
    evidence_index.add_child(instance=draft)
    draft.save_revision()
    with pytest.raises(SharedFileError):  # published, as a workflow or a schedule does
        draft.get_latest_revision().publish()
    assert not EvidencePage.objects.get(pk=draft.pk).live
    assert not EvidenceFile.objects.public().filter(pk=evidence_file.pk).exists()
    assert client.get(evidence_file.url).status_code == 404
    assert client.get(f"/evidence/{draft.reference}/").status_code == 404
    assert client.get("/api/v1/search/", {"q": "witness"}).json()["count"] == 0


def test_a_restricted_items_file_is_not_public_even_if_a_public_item_links_it(
    client, evidence_index, restricted
):
    """The last line, whatever path linked it: the file query itself."""
    public = make_item(evidence_index, title="Unrelated public item")
    evidence_file = restricted.files[0]
    EvidenceFileLink.objects.create(item=public, file=evidence_file)  # behind every check
    assert not EvidenceFile.objects.public().filter(pk=evidence_file.pk).exists()
    assert client.get(evidence_file.url).status_code == 404


def test_the_admin_refuses_the_link_naming_the_holder_only_to_those_who_may_see_it(
    client, django_user_model, evidence_index, restricted
):
    evidence_file = restricted.files[0]
    add = reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk])
    users = {
        name: researcher(django_user_model, evidence_index, name, may_see_restricted=may_see)
        for name, may_see in (("allowed", True), ("not-allowed", False))
    }
    for name, may_see in (("allowed", True), ("not-allowed", False)):
        client.force_login(users[name])
        data = item_form(f"Copy by {name}", files=[evidence_file])
        response = client.post(add, {**data, "action-publish": "action-publish"})
        assert response.status_code == 200  # the form again, with the error
        errors = " ".join(response.context["form"].non_field_errors())
        assert "cannot" in errors
        assert (restricted.reference in errors) is may_see
        assert (SECRET in errors) is may_see
        assert not EvidencePage.objects.filter(title=f"Copy by {name}").exists()
    # Restricted, the same link is allowed: the file stays restricted. Only a user who may see
    # restricted evidence has the access level in the form (tests/security/test_admin_access.py).
    client.force_login(users["allowed"])
    data = item_form("Restricted copy", access_level="restricted", files=[evidence_file])
    response = client.post(add, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors
    assert EvidencePage.objects.get(title="Restricted copy").live


def test_restricting_an_item_restricts_the_public_items_sharing_its_file(
    client, admin_client, evidence_index, work_queue
):
    shared = make_file("shared.pdf", make_pdf(["cormorant statement"]))
    first = make_item(evidence_index, title="Cormorant account", files=[shared])
    second = make_item(evidence_index, title="Cormorant copy", files=[shared])
    work_queue()
    assert client.get(shared.url).status_code == 200
    assert client.get("/api/v1/search/", {"q": "cormorant"}).json()["count"] == 2

    data = item_form("Cormorant account", access_level="restricted", item=first)
    data["slug"] = first.slug
    data["action-publish"] = "action-publish"
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[first.pk]), data, follow=True
    )
    assert f"Also restricted, because they hold the same file: {second.reference}" in messages_of(
        response
    )
    assert EvidencePage.objects.get(pk=second.pk).access_level == "restricted"
    assert PageLogEntry.objects.filter(page=second, action=SHARED_FILE_RESTRICTED).exists()
    assert client.get(shared.url).status_code == 404
    assert client.get(f"/evidence/{second.reference}/").status_code == 404
    assert client.get("/api/v1/search/", {"q": "cormorant"}).json()["count"] == 0
    # Made public again while it holds the file: refused.
    second = EvidencePage.objects.get(pk=second.pk)
    second.access_level = "public"
    with pytest.raises(SharedFileError):
        second.save_revision().publish()


def test_the_duplicate_message_names_nothing_to_users_without_the_permission(
    client, django_user_model, evidence_index, restricted
):
    content = restricted.files[0].file.open("rb").read()
    for name, may_see in (("allowed", True), ("not-allowed", False)):
        client.force_login(
            researcher(django_user_model, evidence_index, name, may_see_restricted=may_see)
        )
        response = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "again",
                "file": SimpleUploadedFile("again.pdf", content),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["file"])
        assert "already in the archive" in errors
        assert (restricted.reference in errors) is may_see
        assert ("witness-q" in errors or SECRET in errors) is may_see


def test_saving_a_draft_as_restricted_withdraws_the_live_item_at_once(
    client, admin_client, evidence_index, work_queue
):
    evidence_file = make_file("grebe.pdf", make_pdf(["grebe testimony on page one"]))
    item = make_item(evidence_index, title="Grebe testimony", files=[evidence_file])
    work_queue()
    assert client.get(f"/evidence/{item.reference}/").status_code == 200  # kept, too
    assert client.get("/api/v1/search/", {"q": "grebe"}).json()["count"] == 1

    data = item_form("Grebe testimony, edited", access_level="restricted", item=item)
    data["slug"] = item.slug
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[item.pk]), data, follow=True
    )  # "Save draft"
    assert "withdrawn from the public at once" in messages_of(response)
    assert client.get(f"/evidence/{item.reference}/").status_code == 404
    assert client.get(evidence_file.url).status_code == 404
    assert client.get("/api/v1/search/", {"q": "grebe"}).json()["count"] == 0
    live = EvidencePage.objects.get(pk=item.pk)
    assert live.live and live.title == "Grebe testimony"  # the other changes are a draft
    assert live.has_unpublished_changes
    # Saving a draft as public does not make a restricted item public before publication.
    data["access_level"] = "public"
    admin_client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data)
    assert client.get(f"/evidence/{item.reference}/").status_code == 404


def test_approving_a_public_draft_holding_a_restricted_file_says_why_and_publishes_nothing(
    client, django_user_model, evidence_index, restricted
):
    """The form refuses the link; a draft that held the file before it was restricted can still
    reach publication through a workflow: the approval answers with the reason, not a 500, and
    Wagtail's transaction leaves the task waiting."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    moderators = Group.objects.get(name="Moderators")
    workflow = Workflow.objects.create(name="Approval")
    task = GroupApprovalTask.objects.create(name="Moderators approve")
    task.groups.add(moderators)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=evidence_index)

    draft = EvidencePage(
        title="Public draft", live=False, file_links=[EvidenceFileLink(file=restricted.files[0])]
    )
    evidence_index.add_child(instance=draft)
    draft.save_revision()
    editor = django_user_model.objects.create_user("submitter")
    workflow_state = workflow.start(draft, editor)
    moderator = django_user_model.objects.create_user("moderator")
    moderator.groups.add(moderators)
    client.force_login(moderator)

    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""}, HTTP_REFERER="/admin/", follow=True)
    assert response.status_code == 200
    said = messages_of(response)
    assert "cannot be attached to a public item" in said and SECRET not in said
    assert not EvidencePage.objects.get(pk=draft.pk).live
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert client.get(restricted.files[0].url).status_code == 404
