"""Authors as people or organisations: the line syntax, its validation on the item, and the
migration that carried the free-text authors over (docs/decisions/0014-authors.md)."""

import importlib

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive.authors import Author, author_parse, authors_parse
from archive.models import EvidencePage
from tests.factories import item_form, make_item

migration = importlib.import_module("archive.migrations.0009_evidence_authors_marked")


@pytest.mark.parametrize(
    ("line", "author", "display"),
    [
        ("Camera Oversight Commissioner", Author(literal="Camera Oversight Commissioner"), None),
        ("  Jane   Doe ", Author(literal="Jane Doe"), "Jane Doe"),  # no comma: never split
        (
            "{Ministry of Interior, Department 4}",
            Author(literal="Ministry of Interior, Department 4"),
            None,
        ),
        ("Doe, Jane", Author(family="Doe", given="Jane"), "Jane Doe"),
        (
            "Đặng, Thị Ngọc Thịnh, family first",
            Author(family="Đặng", given="Thị Ngọc Thịnh", family_first=True),
            "Đặng Thị Ngọc Thịnh",
        ),
        ("王, 小明, Family First", Author(family="王", given="小明", family_first=True), "王 小明"),
        ("Madonna,", Author(family="Madonna"), "Madonna"),
    ],
)
def test_a_line_reads_as_a_person_or_an_organisation(line, author, display):
    assert author_parse(line) == author
    assert author.display == (display or author.literal)


@pytest.mark.parametrize(
    "line", ["Doe, Jane, Jr.", "A, B, C, D", ", Jane", "{Open", "Close}", "{}", "{a {b} c}"]
)
def test_a_line_that_says_neither_is_refused_with_the_reason(line):
    with pytest.raises(ValueError) as caught:
        author_parse(line)
    assert repr(line) in str(caught.value)  # names the line, then says what is wrong


def test_csl_names_keep_a_family_first_order():
    people = authors_parse("Doe, Jane\n\nĐặng, Thị, family first\nThe Collective\n")
    assert [p.csl() for p in people] == [
        {"family": "Doe", "given": "Jane"},
        {"family": "Đặng", "given": "Thị", "static-ordering": True},
        {"literal": "The Collective"},
    ]


@pytest.mark.django_db
def test_an_item_with_an_unreadable_author_line_is_refused_and_saves_nothing(evidence_index):
    before = EvidencePage.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_item(evidence_index, title="Report", authors="Doe, Jane\nSmith, John, III")
    assert "Smith, John, III" in str(caught.value)
    assert EvidencePage.objects.count() == before


@pytest.mark.django_db
def test_the_migration_keeps_every_line_and_marks_what_it_cannot_read(evidence_index):
    item = make_item(evidence_index, title="Old item")
    old = "Jane Doe\nSmith, John\n\nDoe, Jane, Esq., PhD\n  Camera {Oversight}  \n{}\n"
    EvidencePage.objects.filter(pk=item.pk).update(authors=old)  # as saved before 0009
    migration.authors_mark(apps, None)
    item.refresh_from_db()
    assert item.authors.splitlines() == [
        "Jane Doe",  # now an organisation, one literal name: never guessed apart
        "Smith, John",
        "{Doe, Jane, Esq., PhD}",  # kept word for word, as one literal name
        "{Camera Oversight}",
    ]
    item.full_clean()  # what the migration leaves is valid
    assert [a.display for a in item.author_names] == [
        "Jane Doe",
        "John Smith",
        "Doe, Jane, Esq., PhD",
        "Camera Oversight",
    ]


@pytest.mark.django_db
def test_the_editor_names_an_unreadable_author_line_on_the_field_and_keeps_the_item(
    admin_client, evidence_index
):
    item = make_item(evidence_index, title="Edited", authors="Doe, Jane")
    data = item_form("Edited", item=item)
    data.update(slug=item.slug, authors="Doe, Jane\nSmith, John, III")
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data)
    assert response.status_code == 200  # the form again, not a 500 and not a redirect
    assert "Smith, John, III" in str(response.context["form"].errors["authors"])
    item.refresh_from_db()
    assert (
        item.authors == "Doe, Jane" and item.get_latest_revision().content["authors"] == "Doe, Jane"
    )
