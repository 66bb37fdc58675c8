"""Publishing a letter: refused for restricted or unpublished evidence, warnings acknowledged."""

import pytest

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from letters.checks import CitationPublishError
from letters.models import LetterPage
from tests.factories import cite, claim, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(site_tree):
    return make_letter_index(site_tree["home"])


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def letter_form(*claims, acknowledged=False, title="Letter"):
    """The edit form's POST data: each claim is (text, [(item, pinpoint, quotation)], needs)."""
    blocks = []
    for text, citations, needs_evidence in claims:
        value = {
            "text": rich_text(text),
            "citations": streamfield(
                [
                    ("item", {"evidence": item.pk, "pinpoint": p, "quotation": q, "file": ""})
                    for item, p, q in citations
                ]
            ),
        }
        if needs_evidence:
            value["needs_evidence"] = "on"
        blocks.append(("claim", value))
    data = {
        "title": title,
        "slug": "letter",
        "recipient": "The Managing Director",
        "date_sent": "2024-05-14",
        "letter_status": "sent",
        "body": streamfield(blocks),
    }
    if acknowledged:
        data["citations_acknowledged"] = "on"
    return nested_form_data(data)


def publish(admin_client, letter, data):
    data["action-publish"] = "action-publish"
    return admin_client.post(f"/admin/pages/{letter.pk}/edit/", data, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def draft(letters, item):
    return make_letter(letters, body=[claim("Draft.", cite(item))], publish=False)


def test_citing_restricted_evidence_is_refused(admin_client, evidence_index, letters):
    public = make_item(evidence_index, title="Public report")
    secret = make_item(evidence_index, title="Witness R", access_level="restricted")
    letter = draft(letters, public)

    data = letter_form(("Claim.", [(public, "", ""), (secret, "2", "")], True))
    response = publish(admin_client, letter, data)

    letter.refresh_from_db()
    assert not letter.live
    text = messages_of(response)
    assert "Not published" in text
    assert f"[2] {secret.reference} p. 2" in text and "restricted" in text
    # the draft was kept, and its checks name the problem on the report
    saved = letter.get_latest_revision_as_object()
    assert saved.body[0].value["citations"][1]["evidence"] == secret
    report = admin_client.get("/admin/letters/citations/").content.decode()
    assert secret.reference in report and "The evidence item is restricted." in report


def test_citing_unpublished_evidence_is_refused(admin_client, evidence_index, letters):
    item = make_item(evidence_index, title="Not yet", publish=False)
    letter = draft(letters, make_item(evidence_index, title="Public"))
    response = publish(admin_client, letter, letter_form(("Claim.", [(item, "", "")], True)))
    letter.refresh_from_db()
    assert not letter.live
    assert f"[1] {item.reference}" in messages_of(response)
    assert "not published" in messages_of(response)


def test_warnings_must_be_acknowledged_before_publishing(admin_client, evidence_index, letters):
    item = make_item(evidence_index, title="Report")  # no file: its text is not available
    letter = draft(letters, item)
    data = letter_form(
        ("Quoted.", [(item, "2", "words that cannot be checked")], True),
        ("Needs evidence, cites none.", [], True),
    )
    response = publish(admin_client, letter, data)
    letter.refresh_from_db()
    assert not letter.live
    text = messages_of(response)
    assert "I have checked the flagged citations" in text
    assert f"[1] {item.reference} p. 2" in text and "not yet available" in text
    assert "Needs evidence, cites none." in text

    # the form starts unticked whatever was saved before
    form = admin_client.get(f"/admin/pages/{letter.pk}/edit/").context["form"]
    assert form.initial["citations_acknowledged"] is False

    response = publish(admin_client, letter, {**data, "citations_acknowledged": "on"})
    letter.refresh_from_db()
    assert letter.live
    assert "has been published" in messages_of(response)


def test_a_claim_that_needs_no_evidence_may_cite_none(admin_client, evidence_index, letters):
    letter = draft(letters, make_item(evidence_index, title="Report"))
    publish(admin_client, letter, letter_form(("An opinion.", [], False)))
    letter.refresh_from_db()
    assert letter.live


def test_publishing_outside_the_edit_view_is_guarded_too(evidence_index, letters):
    secret = make_item(evidence_index, title="Witness R", access_level="restricted")
    letter = make_letter(letters, body=[claim("Claim.", cite(secret))], publish=False)
    with pytest.raises(CitationPublishError, match="restricted"):
        letter.get_latest_revision().publish()  # as workflow approval and scheduling do
    assert not LetterPage.objects.get(pk=letter.pk).live


def test_the_editor_shows_each_citations_check(admin_client, evidence_index, letters):
    item = make_item(evidence_index, title="Report")
    letter = draft(letters, item)
    admin_client.post(
        f"/admin/pages/{letter.pk}/edit/",
        letter_form(("Quoted.", [(item, "2", "some words")], True)),
    )
    html = admin_client.get(f"/admin/pages/{letter.pk}/edit/").content.decode()
    assert "Citation checks" in html
    assert "Text not yet available" in html and "some words" in html
