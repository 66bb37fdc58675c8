"""A CompiledQuery answers exactly what its queryset answers, for every value and every change."""

import pytest

from archive.compiled_query import CompiledQuery
from archive.models import EvidencePage
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def public_among(ids):
    return EvidencePage.objects.public().filter(pk__in=ids).values_list("pk")


def test_rows_match_the_queryset_for_every_shape_and_value(evidence_index):
    items = [make_item(evidence_index, title=f"Item {n}") for n in range(4)]
    hidden = make_item(evidence_index, title="Restricted", access_level="restricted")
    compiled = CompiledQuery(public_among)
    for ids in [(items[0].pk,), (items[1].pk, hidden.pk), tuple(i.pk for i in items), (-5,)]:
        assert sorted(compiled.rows(ids)) == sorted(public_among(ids))
    assert {pk for (pk,) in compiled.rows((items[2].pk, hidden.pk))} == {items[2].pk}


def test_a_change_is_seen_at_once_only_the_sql_is_kept(evidence_index):
    item = make_item(evidence_index, title="Soon restricted")
    compiled = CompiledQuery(lambda ref: EvidencePage.objects.public().filter(reference=ref))
    [found] = compiled.instances(EvidencePage, item.reference)
    assert (found.pk, found.title, found.reference) == (item.pk, item.title, item.reference)
    EvidencePage.objects.filter(pk=item.pk).update(access_level="restricted")
    assert compiled.instances(EvidencePage, item.reference) == []
    assert compiled.instances(EvidencePage, "EV-1900-0001") == []


def test_a_value_the_queryset_transforms_is_refused_not_run_wrong(evidence_index):
    make_item(evidence_index, title="Camera report")
    contains = CompiledQuery(lambda word: EvidencePage.objects.filter(title__contains=word))
    with pytest.raises(ValueError, match="transformed or repeated"):
        contains.rows("Camera")
    with pytest.raises(ValueError, match="ints, strings and tuples"):
        CompiledQuery(lambda day: EvidencePage.objects.filter(published_on=day)).rows(1.5)
