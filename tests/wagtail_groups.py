"""Wagtail's default Editors and Moderators groups and its moderation workflow, as a fresh
database's migrations leave them.

A transactional test's flush empties every table, the groups that Wagtail's data migrations made
among them. `build_site_tree` gives them back from here, as it gives back the root page and the
locale, so admin tests run as Wagtail's real default roles without serialized_rollback (which
reloads the whole migrated database and broke the transactional tests that ran after it).
tests/test_wagtail_groups.py checks that these match what the migrations make.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    *(f"wagtaildocs.{verb}_document" for verb in ("add", "change", "choose", "delete")),
    *(f"wagtailimages.{verb}_image" for verb in ("add", "change", "choose", "delete")),
]
PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = [
    *(f"wagtaildocs.{verb}_document" for verb in ("add", "change", "choose")),
    *(f"wagtailimages.{verb}_image" for verb in ("add", "change", "choose")),
]


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def wagtail_default_groups(root: Page, collection: Collection) -> dict[str, Group]:
    """Editors and Moderators with Wagtail's default permissions on `root` and `collection`."""
    groups = {}
    for name, page_codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*map(_permission, MODEL_PERMISSIONS))
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission(f"wagtailcore.{codename}")
            )
        for dotted in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(dotted)
            )
        groups[name] = group
    return groups


def wagtail_default_workflow(root: Page, moderators: Group) -> Workflow:
    """ "Moderators approval" on `root`: one task that Moderators approve (wagtailcore 0048)."""
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
        task.groups.set([moderators])
    workflow, created = Workflow.objects.get_or_create(name="Moderators approval")
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    return workflow
