"""Stable references: EV-YYYY-NNNN, given on creation, never changed or reused."""

import re

import pytest

from django.utils import timezone

from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_reference_is_given_on_creation_in_sequence(evidence_index):
    first = make_item(evidence_index, title="First")
    second = make_item(evidence_index, title="Second")
    year = timezone.now().year
    assert re.fullmatch(rf"EV-{year}-\d{{4}}", first.reference)
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


def test_reference_survives_edits_and_is_never_reused(evidence_index):
    item = make_item(evidence_index, title="Kept")
    reference = item.reference
    item.title = "Renamed"
    item.slug = "renamed"
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.reference == reference

    item.delete()
    newcomer = make_item(evidence_index, title="Newcomer")
    assert newcomer.reference != reference


def test_copied_item_gets_a_new_reference(evidence_index):
    item = make_item(evidence_index, title="Original")
    copy = item.copy(update_attrs={"slug": "original-copy", "title": "Copy"})
    assert copy.reference and copy.reference != item.reference


def test_stable_url_follows_the_reference_not_the_slug(client, evidence_index):
    item = make_item(evidence_index, title="Stable", slug="stable")
    item.slug = "something-else"
    item.save_revision().publish()
    assert item.url == f"/evidence/{item.reference}/"
    assert client.get(f"/evidence/{item.reference}/").status_code == 200
    assert client.get(f"/evidence/{item.reference.lower()}/").status_code == 200
