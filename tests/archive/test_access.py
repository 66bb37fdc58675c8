"""Restricted evidence never reaches an anonymous visitor; files are served defensively."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from archive.models import Source
from tests.factories import make_file, make_item, make_pdf, make_png

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-RESTRICTED-7f3a"


@pytest.fixture
def archive_with_secret(evidence_index, work_queue):
    source = Source.objects.create(name="Open Source Body", source_type="ngo")
    public = make_item(
        evidence_index,
        title="Public report",
        kind="report",
        source=source,
        files=[make_file("public.pdf", make_pdf(["public words on page one", "page two"]))],
    )
    secret_file = make_file(
        f"testimony-{CANARY}.pdf", make_pdf([f"witness statement {CANARY}"]), title=CANARY
    )
    restricted = make_item(
        evidence_index,
        title=f"Testimony {CANARY}",
        summary=f"Summary {CANARY}",
        kind="testimony",
        source=source,
        access_level="restricted",
        files=[secret_file],
    )
    draft = make_item(
        evidence_index,
        title=f"Draft {CANARY}",
        files=[make_file("draft.pdf", make_pdf([f"draft {CANARY}"]))],
        publish=False,
    )
    work_queue()
    secret_file.refresh_from_db()
    assert secret_file.status == "ready" and secret_file.preview
    return {"public": public, "restricted": restricted, "draft": draft, "source": source}


def anonymous_urls(data) -> list[str]:
    restricted_file = data["restricted"].files[0]
    draft_file = data["draft"].files[0]
    return [
        "/",
        "/evidence/",
        "/evidence/?kind=testimony",
        "/evidence/?page=2",
        data["public"].url,
        f"/sources/{data['source'].slug}/",
        "/sitemap.xml",
        "/search/?q=Summary",  # words of the restricted item; the canary itself would be echoed
        "/search/?q=testimony",
        "/search/?q=witness",
        f"/evidence/{data['restricted'].reference}/",
        f"/evidence/{data['draft'].reference}/",
        f"/evidence/{data['restricted'].slug}/",
        restricted_file.url,
        reverse("archive:preview", args=[restricted_file.pk]),
        reverse("archive:page_image", args=[restricted_file.pk, 800, 1]),
        draft_file.url,
        f"/documents/{restricted_file.pk}/{restricted_file.filename}",
        "/no-such-page/",
    ]


def test_no_anonymous_response_contains_the_canary(client, archive_with_secret):
    for url in anonymous_urls(archive_with_secret):
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert CANARY.encode() not in body, url
        assert CANARY not in str(response.headers), url
        assert response.status_code in (200, 404), (url, response.status_code)


def test_restricted_item_and_its_files_are_404_for_anonymous(client, archive_with_secret):
    restricted = archive_with_secret["restricted"]
    restricted_file = restricted.files[0]
    assert client.get(restricted.url).status_code == 404
    assert client.get(restricted_file.url).status_code == 404
    assert client.get(reverse("archive:preview", args=[restricted_file.pk])).status_code == 404


def test_researcher_with_permission_sees_restricted_evidence(
    client, django_user_model, archive_with_secret
):
    researchers = Group.objects.create(name="Researchers")
    researchers.permissions.add(Permission.objects.get(codename="view_restricted_evidence"))
    user = django_user_model.objects.create_user("researcher", password="pw")
    user.groups.add(researchers)
    client.force_login(user)

    restricted = archive_with_secret["restricted"]
    page = client.get(restricted.url)
    assert page.status_code == 200
    assert CANARY in page.content.decode()
    assert client.get(restricted.files[0].url).status_code == 200


def test_logged_in_user_without_permission_is_still_refused(
    client, django_user_model, archive_with_secret
):
    client.force_login(django_user_model.objects.create_user("visitor", password="pw"))
    assert client.get(archive_with_secret["restricted"].url).status_code == 404


def test_pdf_is_served_inline_with_defensive_headers(client, archive_with_secret):
    public_file = archive_with_secret["public"].files[0]
    response = client.get(public_file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.html", b"<!doctype html><html><script>alert(1)</script></html>"),
    ],
)
def test_svg_and_html_are_never_served_inline(client, evidence_index, work_queue, name, content):
    item = make_item(evidence_index, title="Scripted", files=[make_file(name, content)])
    work_queue()
    response = client.get(item.files[0].url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] in {"image/svg+xml", "text/html"}
    assert "sandbox" in response["Content-Security-Policy"]


def test_image_preview_is_public_for_public_items(client, evidence_index, work_queue):
    item = make_item(evidence_index, title="Photo", files=[make_file("p.png", make_png())])
    work_queue()
    image = item.files[0]
    image.refresh_from_db()
    response = client.get(image.preview_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_a_wagtail_private_section_is_not_public_by_any_path(client, evidence_index, work_queue):
    """The admin offers no privacy options on the evidence tree (access level is the one
    control), but a view restriction made another way must still keep items from the public."""
    from wagtail.models import PageViewRestriction

    from archive.models import EvidenceFile, EvidenceIndexPage, EvidencePage, HomePage

    assert EvidencePage.private_page_options == []
    assert EvidenceIndexPage.private_page_options == HomePage.private_page_options == []

    item = make_item(
        evidence_index,
        title=f"Sheltered {CANARY}",
        files=[make_file("sheltered.pdf", make_pdf([f"sheltered words {CANARY}"]))],
    )
    work_queue()
    evidence_file = item.files[0]
    assert client.get(item.url).status_code == 200  # kept by the public cache, too
    assert client.get("/api/v1/search/", {"q": "sheltered"}).json()["count"] == 1

    PageViewRestriction.objects.create(page=evidence_index, restriction_type="login")
    work_queue()
    assert not EvidencePage.objects.public().filter(pk=item.pk).exists()
    assert not EvidenceFile.objects.public().filter(pk=evidence_file.pk).exists()
    for url in (item.url, evidence_file.url, reverse("archive:preview", args=[evidence_file.pk])):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/search/", {"q": "sheltered"}).json()["count"] == 0
    assert CANARY not in client.get("/evidence/").content.decode()
    assert CANARY not in client.get("/").content.decode()
