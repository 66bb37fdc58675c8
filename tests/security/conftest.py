"""Data for the tests that walk every route: real ids, slugs and paths by URL group name."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Permission
from django.test import Client

from archive.models import Source
from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
    make_png,
)


@pytest.fixture
def sample(site_tree, work_queue) -> dict:
    """A public item with a PDF and an image, a restricted item, a source, a letter."""
    home, index = site_tree["home"], site_tree["index"]
    source = Source.objects.create(name="Fuzz Source", source_type="ngo")
    public = make_item(
        index,
        title="Public report",
        kind="report",
        source=source,
        files=[
            make_file("report.pdf", make_pdf(["cameras in the monastery", "page two"])),
            make_file("photo.png", make_png()),
        ],
    )
    restricted = make_item(
        index,
        title="Restricted testimony",
        kind="testimony",
        source=source,
        access_level="restricted",
        files=[make_file("testimony.pdf", make_pdf(["witness statement"]))],
    )
    letters = make_letter_index(home)
    letter = make_letter(
        letters, title="To the maker", body=[claim("Cameras are there.", cite(public, "1"))]
    )
    work_queue()
    return {"public": public, "restricted": restricted, "source": source, "letter": letter}


@pytest.fixture
def route_data(sample) -> dict[str, list[str]]:
    """Good values for URL groups, by group name (tests/security/routes.py)."""
    public, restricted, letter = sample["public"], sample["restricted"], sample["letter"]
    files = [*public.files, *restricted.files]
    return {
        "reference": [public.reference, restricted.reference],
        "pk": [str(f.pk) for f in files],
        "filename": [files[0].filename],
        "slug": [sample["source"].slug],
        "fmt": ["bib", "ris", "json"],
        "page_path": [letter.url.strip("/") + "/"],
        "letter": [letter.slug, str(letter.pk)],  # the JSON API's letters, by slug or id
        "file": ["1", "2"],  # the JSON API's file and page numbers within an item
        "page": ["1"],
        "1": ["", "evidence/", letter.url.strip("/") + "/"],  # Wagtail's page tree
    }


@pytest.fixture
def researcher_client(django_user_model) -> Client:
    """A client signed in as a user with archive.view_restricted_evidence."""
    user = django_user_model.objects.create_user("fuzz-researcher", password="unused")
    user.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    client = Client()
    client.force_login(user)
    return client
