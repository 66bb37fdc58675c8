"""“Cite this passage” from the public evidence page (letters/cite_passage.py): the page is the
same, and publicly cacheable, for every reader; a researcher who may edit letters gets their
drafts from an admin view and posts the passage, which is appended to the letter's latest
revision as a draft, never published. Restricted items are 404 without the permission."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import LetterPage
from tests.factories import make_file, make_item, make_letter, make_pdf, paragraph

pytestmark = pytest.mark.django_db(transaction=True)

SENTENCE = "Every camera on the square records faces."


@pytest.fixture
def archive(evidence_index, letters, work_queue):
    report = make_item(
        evidence_index,
        title="Camera report",
        files=[make_file("report.pdf", make_pdf(["Introduction.", f"Findings. {SENTENCE}"]))],
    )
    secret = make_item(
        evidence_index,
        title="Testimony",
        access_level="restricted",
        files=[make_file("t.pdf", make_pdf(["The witness said so."]))],
    )
    letter = make_letter(letters, title="To the Council", body=[paragraph("Dear Council,")])
    work_queue()
    return {"report": report, "secret": secret, "letter": letter}


def _editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _post(client, item, to, **fields):
    data = {"item": item.pk, "letter": to.pk, "pinpoint": "2", "quotation": SENTENCE}
    return client.post(reverse("letters_cite_passage"), {**data, **fields})


def test_anonymous_readers_get_the_kept_page_without_it(client, django_user_model, archive):
    url = archive["report"].url
    anonymous = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    # Still kept for anonymous readers (archive/public_cache.py): no CSRF token, no cookie.
    assert again.content == anonymous.content and len(queries) <= 2
    assert not anonymous.cookies
    client.force_login(_editor(django_user_model))
    editor = client.get(url)
    assert "cite_passage.js" not in anonymous.content.decode()
    assert "js/cite_passage.js" in editor.content.decode()
    assert "To the Council" not in editor.content.decode()  # the drafts come by script
    assert "private" in editor["Cache-Control"]


def test_only_a_logged_in_editor_gets_their_drafts(client, django_user_model, archive):
    url = reverse("letters_cite_passage_letters")
    anonymous = client.get(url, {"item": archive["report"].pk})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(_editor(django_user_model))
    answer = client.get(url, {"item": archive["report"].pk})
    assert answer.json()["letters"] == [{"id": archive["letter"].pk, "title": "To the Council"}]
    assert answer.json()["csrf"]
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    assert client.get(url, {"item": archive["secret"].pk}).status_code == 404
    assert client.get(url, {"item": "nonsense"}).status_code == 404


def test_citing_a_passage_appends_a_draft_claim_and_opens_the_editor(
    client, django_user_model, archive
):
    letter, report = archive["letter"], archive["report"]
    client.force_login(_editor(django_user_model))
    response = _post(client, report, letter)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    letter = LetterPage.objects.get(pk=letter.pk)
    assert letter.has_unpublished_changes  # a draft: the live letter is as it was
    assert [block.block_type for block in letter.body] == ["paragraph"]
    draft = letter.get_latest_revision_as_object()
    claim = draft.body[-1]
    assert claim.block_type == "claim" and SENTENCE in str(claim.value["text"])
    citation = claim.value["citations"][0]
    assert (citation["evidence"].pk, citation["pinpoint"]) == (report.pk, "2")
    assert citation["quotation"] == SENTENCE


def test_a_restricted_item_is_404_and_nothing_is_appended(client, django_user_model, archive):
    client.force_login(_editor(django_user_model))
    response = _post(client, archive["secret"], archive["letter"], quotation="The witness said")
    assert response.status_code == 404
    assert not LetterPage.objects.get(pk=archive["letter"].pk).has_unpublished_changes


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quotation": " "}, "Select a passage"),
        ({"pinpoint": "two"}, "is not a page"),
        ({"file": "9"}, "has no file 9"),
        ({"letter": "x"}, None),
    ],
)
def test_a_malformed_post_gets_an_answer_and_changes_nothing(
    client, django_user_model, archive, fields, message
):
    client.force_login(_editor(django_user_model))
    response = _post(client, archive["report"], archive["letter"], **fields)
    if message is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 400 and message in response.content.decode()
    assert not LetterPage.objects.get(pk=archive["letter"].pk).has_unpublished_changes
