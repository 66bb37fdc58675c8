"""Citing from the text in the admin (letters/cite_views.py): an item's pages as JSON for the
citation block's text pane, and the quotation check run on a selection. Both answer only for
items the user may see: a restricted item is 404 to an Editor without
archive.view_restricted_evidence, whatever the id or the quotation."""

import io
import json

import pytest
from PIL import Image

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-WITNESS-51c2"
SENTENCE = "Every camera on the square records faces."


@pytest.fixture
def items(evidence_index, work_queue):
    report = make_item(
        evidence_index,
        title="Camera report",
        files=[
            make_file("report.pdf", make_pdf(["Introduction.", f"Findings. {SENTENCE} End."])),
            make_file("annex.pdf", make_pdf(["Annex text about storage."])),
        ],
    )
    testimony = make_item(
        evidence_index,
        title="Testimony",
        access_level="restricted",
        files=[make_file("testimony.pdf", make_pdf([f"The witness said {CANARY}."]))],
    )
    work_queue()
    return report, testimony


def _user(django_user_model, name, *, restricted: bool):
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    if restricted:
        user.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    return user


def _pages_url(item):
    return reverse("letters_evidence_pages", args=[item.pk])


def _check(client, item, **params):
    return client.get(reverse("letters_quotation_check"), {"item": item.pk, **params})


def test_the_pages_of_a_public_item_come_per_file_and_page_with_thumbnails(
    client, django_user_model, items
):
    report, _ = items
    client.force_login(_user(django_user_model, "editor", restricted=False))
    data = client.get(_pages_url(report)).json()
    assert data["reference"] == report.reference
    assert [f["position"] for f in data["files"]] == [1, 2]
    first = data["files"][0]
    assert first["readable"] is True
    assert [p["number"] for p in first["pages"]] == [1, 2]
    assert SENTENCE in first["pages"][1]["text"]
    image = first["pages"][1]["image"]
    assert image == f"/files/{report.files[0].pk}/pages/160/2.webp"
    served = client.get(image)
    assert served["Content-Type"] == "image/webp"
    # Its size comes first, so the pane keeps the image's place before it loads.
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as picture:
        assert (first["pages"][1]["width"], first["pages"][1]["height"]) == picture.size


def test_a_restricted_item_is_404_to_an_editor_without_the_permission(
    client, django_user_model, items
):
    _, testimony = items
    client.force_login(_user(django_user_model, "editor", restricted=False))
    pages = client.get(_pages_url(testimony))
    check = _check(client, testimony, pinpoint="1", quotation="The witness said")
    for response in (pages, check):
        assert response.status_code == 404
        assert CANARY not in response.content.decode()

    client.force_login(_user(django_user_model, "researcher", restricted=True))
    assert CANARY in client.get(_pages_url(testimony)).json()["files"][0]["pages"][0]["text"]
    assert _check(client, testimony, pinpoint="1", quotation="The witness said").json()["checked"]


def test_anonymous_visitors_get_the_admin_login_not_the_text(client, items):
    report, testimony = items
    for item in (report, testimony):
        response = client.get(_pages_url(item))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_check_says_where_the_selected_words_stand(client, django_user_model, items):
    report, _ = items
    client.force_login(_user(django_user_model, "editor", restricted=False))
    found = _check(client, report, pinpoint="2", quotation=SENTENCE).json()
    assert found == {
        "result": "found_on_cited_page",
        "label": "Found on the cited page",
        "checked": True,
        "pages": [2],
        "file": 1,
    }
    elsewhere = _check(client, report, pinpoint="1", quotation=SENTENCE).json()
    assert elsewhere["result"] == "found_on_other_page" and not elsewhere["checked"]
    annex = _check(client, report, pinpoint="1", file="2", quotation="about storage").json()
    assert annex["checked"] and annex["file"] == 2
    missing = _check(client, report, pinpoint="2", quotation="not in the report").json()
    assert missing["result"] == "not_found"


@pytest.mark.parametrize(
    "params",
    [
        {"item": "x"},
        {"item": "99999999999999999999999"},
        {"item": "-3"},
        {},
    ],
)
def test_a_malformed_item_is_404_not_500(client, django_user_model, items, params):
    client.force_login(_user(django_user_model, "editor", restricted=False))
    response = client.get(reverse("letters_quotation_check"), params)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"pinpoint": "two"}, "is not a page"),
        ({"pinpoint": "2", "file": "3"}, "has no file 3"),
        ({"pinpoint": "2", "file": "one"}, "has no file one"),
        ({"pinpoint": "2", "quotation": "x" * 2001}, "at most 2000"),
    ],
)
def test_a_malformed_check_gets_a_clear_error(client, django_user_model, items, params, message):
    report, _ = items
    client.force_login(_user(django_user_model, "editor", restricted=False))
    response = _check(client, report, **{"quotation": SENTENCE, **params})
    assert response.status_code == 400
    assert message in json.loads(response.content)["error"]
