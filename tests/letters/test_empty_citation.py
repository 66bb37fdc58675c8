"""A claim starts without citations, and an empty citation (no evidence chosen) is refused on
*Save draft* as on *Publish*, with the error on that citation, named for what it is."""

import pytest

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from letters.blocks import EMPTY_CITATION, ClaimBlock
from letters.models import LetterPage
from tests.factories import cite, claim, make_item, make_letter

pytestmark = pytest.mark.django_db


def test_a_new_claim_has_no_citation():
    assert list(ClaimBlock().get_default()["citations"]) == []


def _form(citations: list) -> dict:
    citation_blocks = [
        ("item", {"evidence": evidence, "pinpoint": "", "quotation": "", "file": ""})
        for evidence in citations
    ]
    value = {"text": rich_text("It is so."), "needs_evidence": "on"}
    value["citations"] = streamfield(citation_blocks)
    return nested_form_data(
        {
            "title": "Letter",
            "slug": "letter",
            "recipient": "The Managing Director",
            "date_sent": "2024-05-14",
            "letter_status": "sent",
            "body": streamfield([("claim", value)]),
        }
    )


@pytest.mark.parametrize("action", ["save", "publish"])
def test_an_empty_citation_is_refused_on_its_block(admin_client, evidence_index, letters, action):
    item = make_item(evidence_index, title="Report")
    letter = make_letter(letters, body=[claim("It is so.", cite(item))], publish=False)
    data = _form([item.pk, ""])
    if action == "publish":
        data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{letter.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with its errors; nothing saved
    html = response.content.decode()
    assert EMPTY_CITATION in html
    assert (
        LetterPage.objects.get(pk=letter.pk).get_latest_revision().content["body"]
        == (letter.get_latest_revision().content["body"])
    )
    # Only the empty one carries the error: the other citation is fine.
    assert html.count(EMPTY_CITATION) == 1


def test_a_chosen_citation_still_saves_as_a_draft(admin_client, evidence_index, letters):
    item = make_item(evidence_index, title="Report")
    letter = make_letter(letters, body=[claim("It is so.", cite(item))], publish=False)
    response = admin_client.post(f"/admin/pages/{letter.pk}/edit/", _form([item.pk]))
    assert response.status_code == 302
