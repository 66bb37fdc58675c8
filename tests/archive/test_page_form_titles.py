"""The admin's evidence form takes a title in Tibetan, Uyghur or Chinese as it is (issue 12).

Such a title has no ASCII slug (WAGTAIL_ALLOW_UNICODE_SLUGS is off, so the admin's slug field
stays empty or holds what a slug may not): the item is saved with its reference as slug, which
is its public address anyway, through the real add view.
"""

from __future__ import annotations

import pytest

from django.urls import reverse

from archive.models import EvidencePage
from tests.factories import item_form

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = {
    "tibetan": "ལྷ་སའི་དཔང་པོའི་གཏམ་བཤད།",
    "uyghur": "ئۇيغۇر گۇۋاھچىنىڭ سۆزى",
    "chinese": "人脸识别采购公告",
    "traditional": "人臉識別採購公告",
}


@pytest.mark.parametrize("slug", ["", "as-typed"], ids=["empty slug", "slug of the title"])
@pytest.mark.parametrize("script", TITLES)
def test_the_admin_adds_an_item_with_a_non_latin_title(admin_client, evidence_index, script, slug):
    title = TITLES[script]
    add = reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk])
    # "as-typed": the title pasted into the slug field too, which no ASCII slug accepts.
    data = {**item_form(title), "slug": title if slug else "", "action-publish": "publish"}
    response = admin_client.post(add, data)
    assert response.status_code == 302, response.context["form"].errors
    item = EvidencePage.objects.get(title=title)
    assert item.live and item.slug == item.reference.lower()
    page = admin_client.get(f"/evidence/{item.reference}/")
    assert page.status_code == 200 and title in page.content.decode()


def test_a_latin_title_keeps_the_slug_the_researcher_gave(admin_client, evidence_index):
    add = reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk])
    response = admin_client.post(add, {**item_form("Lhasa testimony"), "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors
    assert EvidencePage.objects.get(title="Lhasa testimony").slug == "lhasa-testimony"


def test_a_slug_that_is_not_a_slug_is_still_refused_for_a_latin_title(admin_client, evidence_index):
    add = reverse("wagtailadmin_pages:add", args=["archive", "evidencepage", evidence_index.pk])
    data = {**item_form("Lhasa notes"), "slug": "ལྷ་ས notes", "action-publish": "1"}
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not EvidencePage.objects.filter(title="Lhasa notes").exists()
