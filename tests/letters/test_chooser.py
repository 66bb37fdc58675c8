"""The evidence chooser: researchers find items by title or by reference."""

import pytest

from tests.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True)


def test_chooser_finds_evidence_by_reference_and_title(
    client, django_user_model, evidence_index, work_queue
):
    client.force_login(django_user_model.objects.create_superuser("r", "r@example.org", "pw"))
    wanted = make_item(evidence_index, title="Cameras in the Cloisters")
    other = make_item(evidence_index, title="Council survey", access_level="restricted")
    work_queue()  # Wagtail indexes pages for search in a task

    by_title = client.get("/admin/evidence_chooser/results/", {"q": "cloisters"})
    assert wanted.reference in by_title.content.decode()
    assert other.reference not in by_title.content.decode()

    by_reference = client.get("/admin/evidence_chooser/results/", {"q": other.reference})
    html = by_reference.content.decode()
    assert "Council survey" in html and "Restricted" in html
