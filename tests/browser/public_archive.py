"""A small public archive shaped like the one readers saw in issue 16: an item with long
addresses in its metadata and several pages of text, a dozen results for "cameras" under many
filters, a letter whose footnotes cite pages, and a home page with a long introduction."""

from __future__ import annotations

from archive.models import Source, Topic
from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
    paragraph,
)

LONG_URL = (
    "https://www.example-camera-co.example.com/investor-relations/annual-reports/2023/"
    "AnnualReport2023_FINAL_v7_with_appendices_and_corrections_and_annexes.pdf?download=true"
)
ARCHIVED = "https://web.archive.org/web/20240301000000id_/" + LONG_URL
PAGE_TEXT = "The cameras in the prayer hall were installed in March. " * 40


def build_public_archive(site_tree, work_queue) -> dict:
    home, index = site_tree["home"], site_tree["index"]
    home.intro = "".join(
        f"<p>This archive keeps sourced evidence about surveillance, paragraph {n}: every item "
        "links to its preserved original and the SHA-256 of its bytes.</p>"
        for n in range(4)
    )
    home.save_revision().publish()
    company = Source.objects.create(name="Example Camera Co.", source_type="company")
    topics = [Topic.objects.create(name=f"Topic number {n}") for n in range(8)]
    report = make_item(
        index,
        title="Cameras in the Cloisters: camera installations at monasteries in Highland Province",
        summary="A field report on the cameras installed in monasteries.",
        kind="report",
        source=company,
        authors="Doe, Jane\nHighland Monitoring Network",
        original_url=LONG_URL,
        archived_url=ARCHIVED,
        published_on="2024-03-01",
        topics=topics[:4],
        files=[make_file("report.pdf", make_pdf([PAGE_TEXT, PAGE_TEXT, PAGE_TEXT]))],
    )
    kinds = ["report", "news_article", "statement", "dataset", "corporate_filing", "photo"]
    for n in range(11):
        source = Source.objects.create(name=f"Watch Group {n}", source_type="ngo")
        make_item(
            index,
            title=f"Cameras seen at site {n}",
            kind=kinds[n % len(kinds)],
            source=source,
            topics=topics[n % 8 : n % 8 + 1],
            published_on=f"20{10 + n}-01-01",
        )
    letters = make_letter_index(home)
    body = [
        paragraph(
            "We write about the cameras your company sells, described at "
            f'<a href="{LONG_URL}">your own report</a>.'
        ),
        claim("Cameras were installed in the prayer hall.", cite(report, pinpoint="2")),
        claim("They were installed in March.", cite(report, pinpoint="3")),
        *[paragraph(f"A paragraph of the letter, number {n}. " * 12) for n in range(14)],
    ]
    letter = make_letter(letters, title="Letter to Example Camera Co.", body=body)
    work_queue()
    return {"report": report, "letter": letter, "home": home}
