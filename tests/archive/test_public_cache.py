"""The public cache: kept responses are fast, retired by changes, and never show withdrawn items."""

from __future__ import annotations

import pytest

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive import public_cache
from archive.models import EvidencePage, PublicContentVersion
from archive.public_cache import content_changed, content_version
from search.engines import get_engine
from tests.factories import make_item

# Real commits: the token is replaced on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def get(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    return response, len(queries)


def test_a_kept_evidence_page_is_served_again_with_a_query_or_two(client, evidence_index):
    item = make_item(evidence_index, title="Kestrel report")
    first, rendered_with = get(client, f"/evidence/{item.reference}/")
    again, served_with = get(client, f"/evidence/{item.reference}/")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "Kestrel report" in again.content.decode()
    assert again["Content-Type"] == first["Content-Type"]
    # The check that the item is still public, and the content version unless this process
    # read it less than a second ago.
    assert served_with <= 2 < rendered_with


def test_publishing_a_change_retires_kept_pages(client, evidence_index):
    item = make_item(evidence_index, title="Kestrel report")
    assert "Kestrel report" in client.get(f"/evidence/{item.reference}/").content.decode()
    item.title = "Kestrel report, corrected"
    item.save_revision().publish()
    page = client.get(f"/evidence/{item.reference}/").content.decode()
    assert "Kestrel report, corrected" in page


def test_a_withdrawn_item_is_never_served_even_if_no_change_was_signalled(client, evidence_index):
    item = make_item(evidence_index, title="Kestrel testimony")
    assert client.get(f"/evidence/{item.reference}/").status_code == 200
    version = content_version()
    # QuerySet.update() sends no signal: the kept page still stands under the same version.
    EvidencePage.objects.filter(pk=item.pk).update(access_level="restricted")
    assert content_version() == version
    assert client.get(f"/evidence/{item.reference}/").status_code == 404


def test_kept_search_results_are_not_served_once_an_item_is_withdrawn(client, evidence_index):
    item = make_item(evidence_index, title="Kestrel testimony")
    assert client.get("/api/v1/search/", {"q": "kestrel"}).json()["count"] == 1
    kept, served_with = get(client, "/api/v1/search/", q="kestrel")
    assert kept.json()["count"] == 1 and served_with <= 2
    # Withdrawn and taken out of the index, with no signal to retire the kept results.
    EvidencePage.objects.filter(pk=item.pk).update(access_level="restricted")
    get_engine().remove_item(item.pk)
    assert client.get("/api/v1/search/", {"q": "kestrel"}).json()["count"] == 0


def test_a_change_made_by_another_process_is_seen_once_the_token_is_read_again(
    client, evidence_index, monkeypatch
):
    item = make_item(evidence_index, title="Kestrel report")
    assert "Kestrel report" in client.get(f"/evidence/{item.reference}/").content.decode()
    # A task worker renames it and replaces the token: nothing in this process hears of it.
    EvidencePage.objects.filter(pk=item.pk).update(title="Kestrel report, renamed")
    PublicContentVersion.objects.filter(pk=1).update(token="from-another-process")
    monkeypatch.setattr(public_cache, "TOKEN_TRUSTED_SECONDS", 0)  # the second has passed
    page = client.get(f"/evidence/{item.reference}/").content.decode()
    assert "Kestrel report, renamed" in page


def test_signed_in_users_are_neither_served_nor_kept(client, admin_client, evidence_index):
    item = make_item(evidence_index, title="Kestrel report")
    path = f"/evidence/{item.reference}/"
    get(admin_client, path)
    _, again_with = get(admin_client, path)
    assert again_with > 3  # rendered again, not served from the cache
    _, anonymous_with = get(client, path)
    assert anonymous_with > 3  # the researcher's response was not kept for the public


def test_a_restricted_item_is_not_kept_for_its_researcher(client, admin_client, evidence_index):
    item = make_item(evidence_index, title="Kestrel testimony", access_level="restricted")
    assert admin_client.get(f"/evidence/{item.reference}/").status_code == 200
    assert client.get(f"/evidence/{item.reference}/").status_code == 404


def test_the_version_changes_once_per_commit_and_not_on_rollback(db):
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed()
        raise RuntimeError("rolled back")
    assert content_version() == before

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for _ in range(3):
            content_changed()
    updates = [q for q in queries if q["sql"].startswith('UPDATE "archive_publiccontentversion"')]
    assert len(updates) == 1
    assert content_version() not in ("", before)
    assert PublicContentVersion.objects.count() == 1
