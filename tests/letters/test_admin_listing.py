"""Letters in the admin's sidebar, each with its citations' state at a glance, counted from the
stored checks; a citation of restricted evidence is counted only for those who may see it."""

import pytest

from django.contrib.auth.models import Group

from letters.checks import page_citations_check
from tests.factories import cite, claim, make_item, make_letter

pytestmark = pytest.mark.django_db
LISTING = "/admin/letter_listing/"


def _row(html: str, title: str) -> str:
    start = html.index(title)
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def letter_set(evidence_index, letters):
    unread = make_item(evidence_index, title="Report without text yet")
    plain = make_item(evidence_index, title="Public report")
    secret = make_item(evidence_index, title="Witness R", access_level="restricted")
    held = make_letter(
        letters,
        title="Letter to the camera maker",
        body=[
            claim("It says so.", cite(plain)),
            claim("It is quoted.", cite(unread, "2", "words not yet readable")),
            claim("A claim left without evidence."),
        ],
        citations_acknowledged=True,  # published with its two warnings ticked
    )
    refused = make_letter(
        letters,
        title="Draft citing a witness",
        body=[claim("R saw it.", cite(secret))],
        publish=False,
    )
    empty = make_letter(letters, title="Cover note", body=[], publish=False)
    for letter in (held, refused, empty):
        page_citations_check(page=letter)
    return held, refused, empty


def test_letters_are_in_the_sidebar_with_their_citations_state(admin_client, letter_set):
    assert f'"url": "{LISTING}"' in admin_client.get("/admin/").content.decode()
    html = admin_client.get(LISTING).content.decode()
    assert "1 checked · 2 to look at" in _row(html, "Letter to the camera maker")
    assert "0 checked · 1 refused" in _row(html, "Draft citing a witness")
    assert "No citations" in _row(html, "Cover note")


def test_an_editor_without_the_permission_is_not_told_of_restricted_citations(
    client, django_user_model, letter_set
):
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get(LISTING).content.decode()
    assert "No citations" in _row(html, "Draft citing a witness")
    assert "refused" not in html and "Witness R" not in html
    assert "1 checked · 2 to look at" in _row(html, "Letter to the camera maker")
