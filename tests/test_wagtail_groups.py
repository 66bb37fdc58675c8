"""The groups that build_site_tree gives back are the ones Wagtail's migrations make."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from tests.wagtail_groups import wagtail_default_groups


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
    }


@pytest.mark.django_db
def test_the_rebuilt_groups_are_wagtails_migrated_groups():
    migrated = _snapshot()
    assert set(migrated) == {"Editors", "Moderators"}  # the migrated data is there to compare
    Group.objects.all().delete()
    wagtail_default_groups(Page.get_first_root_node(), Collection.get_first_root_node())
    assert _snapshot() == migrated
