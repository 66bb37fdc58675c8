"""Fixtures for the API tests: an archive with public, restricted and draft items, a letter
citing them, and the three kinds of reader the pages tell apart."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
)
from tests.processing.photos import photo_jpeg

CANARY = "CANARY-API-RESTRICTED-51c2"
PAGES = [
    "Cameras in the Cloisters\nA field report.",
    "The cameras in the prayer hall were installed in March.",
    "Monks were told to look at the camera.",
]


@pytest.fixture
def archive(site_tree, evidence_index, work_queue, tmp_path):
    from archive.models import Source

    source = Source.objects.create(
        name="Watchful Rights Collective", source_type="ngo", url="https://watchful.example/"
    )
    report = make_item(
        evidence_index,
        title="Cameras in the Cloisters",
        kind="report",
        language="en",
        source=source,
        authors="Doe, Jane\nCamera Oversight Commissioner\nĐặng, Thị Ngọc Thịnh, family first",
        published_on="2024-03-01",
        files=[
            make_file("report.pdf", make_pdf(PAGES)),
            make_file("annex.pdf", make_pdf(["Annex: the list of sites."])),
        ],
    )
    photo = make_item(
        evidence_index,
        title="The camera above the gate",
        kind="photo",
        files=[make_file("gate.jpg", photo_jpeg(tmp_path / "gate.jpg", (64, 48)).read_bytes())],
    )
    secret = make_item(
        evidence_index,
        title=f"Testimony {CANARY}",
        kind="testimony",
        access_level="restricted",
        files=[make_file("testimony.pdf", make_pdf([f"witness statement {CANARY}"]))],
    )
    draft = make_item(
        evidence_index,
        title=f"Draft {CANARY}",
        files=[make_file("draft.pdf", make_pdf([f"draft {CANARY}"]))],
        publish=False,
    )
    # A letter citing the report (page 2, checked) and an item that is restricted after the
    # letter was published, as test_citations does: the public letter leaves its footnote out.
    later_secret = make_item(
        evidence_index, title=f"Later {CANARY}", kind="testimony", access_level="public"
    )
    work_queue()  # the files read: their text is what the letter's quotations are checked on
    letters = make_letter_index(site_tree["home"])
    letter = make_letter(
        letters,
        title="Letter to the camera maker",
        slug="letter-to-the-camera-maker",
        citations_acknowledged=True,  # the third quotation is not found: a warning, ticked
        body=[
            claim(
                "Cameras were installed in March.",
                cite(later_secret, "1"),
                cite(report, "2", "installed in March"),
                cite(report, "1", "no such words anywhere", file=2),
            ),
            claim("Monks were watched.", cite(later_secret)),
        ],
    )
    later_secret.access_level = "restricted"
    later_secret.save_revision().publish()
    work_queue()  # Wagtail's reference index, for "cited in"
    return {
        "report": report,
        "photo": photo,
        "secret": secret,
        "draft": draft,
        "later_secret": later_secret,
        "letter": letter,
        "source": source,
    }


@pytest.fixture
def editor_client(site_tree, django_user_model) -> Client:
    """An Editor of Wagtail's default groups: may edit pages, may not see restricted evidence."""
    user = django_user_model.objects.create_user("api-editor", password="unused")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def researcher_client(site_tree, django_user_model) -> Client:
    user = django_user_model.objects.create_user("api-researcher", password="unused")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    client = Client()
    client.force_login(user)
    return client
