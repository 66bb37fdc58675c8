"""The index follows the archive: publish, unpublish, access changes, deletion, re-processing."""

from __future__ import annotations

import pytest

from django.core.cache import caches
from django.core.management import call_command

from archive.models import EvidencePage
from archive.public_cache import CACHE_ALIAS
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def search(client, **params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def refs(data) -> list[str]:
    return [r["reference"] for r in data["results"]]


def test_index_follows_publish_unpublish_access_delete_and_reprocessing(
    client, engine, evidence_index, work_queue
):
    from archive.models import EvidenceFile, PageText
    from archive.services.recovery import evidence_file_reprocess

    evidence_file = make_file("follow.pdf", make_pdf(["kingfisher on page one"]))
    item = make_item(evidence_index, title="Follow me", files=[evidence_file])
    work_queue()
    assert refs(search(client, q="kingfisher")) == [item.reference]

    item.unpublish()
    assert search(client, q="kingfisher")["count"] == 0
    item.save_revision().publish()
    assert search(client, q="kingfisher")["count"] == 1

    item.access_level = "restricted"
    item.save_revision().publish()
    assert search(client, q="kingfisher")["count"] == 0
    item.access_level = "public"
    item.save_revision().publish()
    assert search(client, q="kingfisher")["count"] == 1

    # Re-processing replaces the indexed text with what the file now yields.
    PageText.objects.filter(file=evidence_file).update(text="stale words")
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status="failed")
    evidence_file_reprocess(evidence_file=evidence_file)
    work_queue()
    assert search(client, q="kingfisher")["count"] == 1

    EvidencePage.objects.get(pk=item.pk).delete()
    assert search(client, q="kingfisher")["count"] == 0


def test_rebuild_and_reconcile_match_the_database(client, engine, evidence_index):
    from search.indexing import search_reconcile

    public = make_item(evidence_index, title="Osprey public")
    make_item(evidence_index, title="Osprey hidden", access_level="restricted")
    call_command("rebuild_search_index", verbosity=0)
    assert refs(search(client, q="osprey")) == [public.reference]
    assert engine.indexed_item_ids() == {public.pk}

    engine.remove_item(public.pk)
    # The index changed behind the application's back (as a lost Elasticsearch shard would):
    # nothing retired the kept response, so empty the public cache to ask the engine itself.
    caches[CACHE_ALIAS].clear()
    assert search(client, q="osprey")["count"] == 0
    assert search_reconcile() == (1, 0)  # through the application: kept responses retired
    assert refs(search(client, q="osprey")) == [public.reference]
