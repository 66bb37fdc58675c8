"""The admin preview of a letter shows every citation with what checking it found, restricted
evidence only to those who may see it."""

import pytest

from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests.factories import cite, claim, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db(transaction=True)


def test_preview_shows_all_citations_with_their_checks(client, site_tree, evidence_index):
    letters = make_letter_index(site_tree["home"])
    public = make_item(evidence_index, title="Public report")
    secret = make_item(evidence_index, title="Witness R", access_level="restricted")
    letter = make_letter(
        letters,
        body=[claim("Claim.", cite(public, "2", "some words"), cite(secret))],
        publish=False,
    )
    researcher = User.objects.create_superuser("researcher")
    editor = User.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))

    def preview(user) -> str:
        client.force_login(user)
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[letter.pk]))
        assert response.status_code == 200
        return response.content.decode()

    html = preview(researcher)
    assert 'id="fn-1"' in html and 'id="fn-2"' in html and "Witness R" in html
    assert "Text not yet available" in html and "Restricted" in html
    # Without the permission the restricted citation is left out, numbering and all.
    html = preview(editor)
    assert 'id="fn-1"' in html and 'id="fn-2"' not in html and "Witness R" not in html
