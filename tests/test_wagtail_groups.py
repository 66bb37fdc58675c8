"""The groups and workflow that build_site_tree gives back are the ones Wagtail's migrations
make."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
)

from tests.wagtail_groups import wagtail_default_groups, wagtail_default_workflow


def _snapshot() -> dict:
    return {
        group.name: (
            sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()),
            sorted(
                (p.page.depth, p.permission.codename)
                for p in GroupPagePermission.objects.filter(group=group)
            ),
            sorted(
                (p.collection.depth, p.permission.codename)
                for p in GroupCollectionPermission.objects.filter(group=group)
            ),
        )
        for group in Group.objects.order_by("name")
    } | {
        f"workflow {workflow.name}": (
            [
                (t.task.name, sorted(g.name for g in t.task.specific.groups.all()))
                for t in workflow.workflow_tasks.order_by("sort_order")
            ],
            sorted(p.page.depth for p in WorkflowPage.objects.filter(workflow=workflow)),
            workflow.active,
        )
        for workflow in Workflow.objects.order_by("name")
    }


@pytest.mark.django_db
def test_the_rebuilt_groups_and_workflow_are_wagtails_migrated_ones():
    migrated = _snapshot()
    # the migrated data is there to compare
    assert set(migrated) == {"Editors", "Moderators", "workflow Moderators approval"}
    Group.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    root = Page.get_first_root_node()
    groups = wagtail_default_groups(root, Collection.get_first_root_node())
    wagtail_default_workflow(root, groups["Moderators"])
    assert _snapshot() == migrated
