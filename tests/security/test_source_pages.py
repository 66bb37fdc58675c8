"""A source page exists only for those who may see at least one of its items."""

import pytest

from django.contrib.auth.models import Permission

from archive.models import Source
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(evidence_index):
    witness = Source.objects.create(name="Witness K", source_type="individual")
    make_item(evidence_index, title="Testimony", source=witness, access_level="restricted")
    drafted = Source.objects.create(name="Drafted Body", source_type="ngo")
    make_item(evidence_index, title="Draft", source=drafted, publish=False)
    unused = Source.objects.create(name="Nobody Cites Me", source_type="ngo")
    open_body = Source.objects.create(name="Open Body", source_type="ngo")
    make_item(evidence_index, title="Open report", source=open_body)
    make_item(evidence_index, title="Hidden report", source=open_body, access_level="restricted")
    return {"witness": witness, "drafted": drafted, "unused": unused, "open": open_body}


def test_a_source_with_only_restricted_or_unpublished_items_is_the_unknown_slug_404(
    client, sources
):
    unknown = client.get("/sources/no-such-source/")
    assert unknown.status_code == 404
    for name in ("witness", "drafted", "unused"):
        response = client.get(f"/sources/{sources[name].slug}/")
        assert response.status_code == 404, name
        assert response.content == unknown.content, name
        assert sources[name].name.encode() not in response.content


def test_a_source_with_a_public_item_lists_only_that_item(client, sources):
    response = client.get(f"/sources/{sources['open'].slug}/")
    assert response.status_code == 200
    assert b"Open report" in response.content and b"Hidden report" not in response.content


def test_a_researcher_with_the_permission_sees_the_restricted_source(
    client, sources, django_user_model
):
    user = django_user_model.objects.create_user("researcher")
    user.user_permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    client.force_login(user)
    response = client.get(f"/sources/{sources['witness'].slug}/")
    assert response.status_code == 200 and b"Testimony" in response.content
    assert client.get(f"/sources/{sources['drafted'].slug}/").status_code == 404


def test_a_user_without_the_permission_gets_the_404(client, sources, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor"))
    assert client.get(f"/sources/{sources['witness'].slug}/").status_code == 404
