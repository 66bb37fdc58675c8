"""Ids past the database's integer range are unknown ids (404), never an overflow (500)."""

import pytest

from django.urls import resolve, reverse

from archive.converters import BIGINT_MAX
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("pk", [BIGINT_MAX + 1, 2**64, 10**30])
@pytest.mark.parametrize(
    "suffix", ["report.pdf", "preview.webp", "pages/800/1.webp", "pages/words/1.json"]
)
def test_a_file_id_past_the_64_bit_range_is_a_404(client, site_tree, pk, suffix):
    assert client.get(f"/files/{pk}/{suffix}").status_code == 404


def test_the_largest_id_the_database_holds_still_reaches_the_view(client, site_tree):
    assert resolve(f"/files/{BIGINT_MAX}/preview.webp").url_name == "preview"
    assert client.get(f"/files/{BIGINT_MAX}/preview.webp").status_code == 404
    assert client.get(f"/files/{BIGINT_MAX}/a.pdf").status_code == 404
    assert client.get(f"/files/{BIGINT_MAX}/pages/800/1.webp").status_code == 404


def test_a_page_number_past_the_64_bit_range_is_a_404(client, evidence_index, work_queue):
    item = make_item(evidence_index, title="Report", files=[make_file("r.pdf", make_pdf(["x"]))])
    work_queue()
    pk = item.files[0].pk
    for number in (0, 2, BIGINT_MAX + 1, 10**30):
        assert client.get(f"/files/{pk}/pages/words/{number}.json").status_code == 404
        assert client.get(f"/files/{pk}/pages/800/{number}.webp").status_code == 404


def test_a_real_file_is_still_served(client, evidence_index, work_queue):
    item = make_item(evidence_index, title="Report", files=[make_file("r.pdf", make_pdf(["x"]))])
    work_queue()
    evidence_file = item.files[0]
    assert reverse("archive:file", args=[evidence_file.pk, "r.pdf"]).startswith("/files/")
    assert client.get(evidence_file.url).status_code == 200


@pytest.mark.parametrize("reference", ["%00", "EV-2026-0001%00", "a%00b", "\u6d4b"])
def test_a_reference_no_item_could_have_is_a_404(client, site_tree, reference):
    """PostgreSQL refuses a NUL in a string parameter: answered before the database sees it."""
    assert client.get(f"/evidence/{reference}/").status_code == 404
    assert client.get(f"/evidence/{reference}/cite.bib").status_code == 404
