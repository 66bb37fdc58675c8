"""The admin preview of a letter shows every citation with what checking it found."""

import pytest

from tests.factories import cite, claim, make_item, make_letter, make_letter_index

pytestmark = pytest.mark.django_db


def test_preview_shows_all_citations_with_their_checks(site_tree, evidence_index):
    letters = make_letter_index(site_tree["home"])
    public = make_item(evidence_index, title="Public report")
    secret = make_item(evidence_index, title="Witness R", access_level="restricted")
    letter = make_letter(
        letters,
        body=[claim("Claim.", cite(public, "2", "some words"), cite(secret))],
        publish=False,
    )
    html = letter.make_preview_request().content.decode()
    assert 'id="fn-1"' in html and 'id="fn-2"' in html and "Witness R" in html
    assert "Text not yet available" in html and "Restricted" in html
