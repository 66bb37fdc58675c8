"""The evidence page's side of citations: the quotation marked, Cite this, meta tags, Cited in;
and checks that follow a file when it is read again."""

import re

import pytest

from archive.services.recovery import evidence_file_reprocess
from letters.models import CampaignPage, CitationCheck
from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
)

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "Cameras in the Cloisters\nA field report.",
    "The cameras in the prayer hall were in-\nstalled in March. Monks said they\nwere told",
    "to look at the camera when they entered.\nThe firm\u2019s \u201cBlue Eye\u201d logo.",
]


@pytest.fixture
def report(evidence_index, work_queue):
    item = make_item(
        evidence_index,
        title="Cameras in the Cloisters",
        kind="report",
        authors="Doe, Jane",
        published_on="2024-03-01",
        files=[make_file("report.pdf", make_pdf(PAGES))],
    )
    work_queue()
    return item


def test_following_a_footnote_marks_the_quotation_on_its_page(client, report):
    letters = make_letter_index(report.get_parent().get_parent())
    quotation = "Monks said they were told to look at the camera"
    letter = make_letter(letters, body=[claim("They were told.", cite(report, "2-3", quotation))])
    html = client.get(letter.url).content.decode()
    href = re.search(r'class="reference" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert href.endswith("#page-2")

    page = client.get(href.split("#")[0]).content.decode()
    page_two = page.split('id="page-2"', 1)[1].split('id="page-3"', 1)[0]
    page_three = page.split('id="page-3"', 1)[1]
    assert re.search(r"<mark>Monks said they\s+were told</mark>", page_two)
    assert "<mark>to look at the camera</mark>" in page_three
    assert "<mark>" not in client.get(f"/evidence/{report.reference}/").content.decode()


def test_cite_this_and_meta_tags_for_reference_managers(client, report):
    html = client.get(f"/evidence/{report.reference}/").content.decode()
    head = html.split("</head>", 1)[0]
    assert '<meta name="citation_title" content="Cameras in the Cloisters">' in head
    assert '<meta name="citation_author" content="Doe, Jane">' in head
    assert '<meta name="citation_publication_date" content="2024/03/01">' in head
    pdf_url = re.search(r'name="citation_pdf_url" content="([^"]+)"', head).group(1)
    assert pdf_url.startswith("http://testserver/files/") and pdf_url.endswith(".pdf")
    assert client.get(pdf_url).status_code == 200
    assert f'href="/evidence/{report.reference}/cite.bib"' in head
    box = html.split('class="cite-this"', 1)[1]
    assert (
        f"Jane Doe. “Cameras in the Cloisters”. Report. 1 March 2024. Evidence Archive "
        f"{report.reference}. http://testserver/evidence/{report.reference}/" in box
    )
    for fmt in ("bib", "ris", "json"):
        assert f'href="/evidence/{report.reference}/cite.{fmt}"' in box


def test_cited_in_lists_public_live_citing_pages(client, site_tree, report, work_queue):
    home = site_tree["home"]
    letters = make_letter_index(home)
    letter = make_letter(letters, title="Letter to the company", body=[claim("A.", cite(report))])
    campaign = CampaignPage(title="Cameras out of monasteries", body=[claim("B.", cite(report))])
    home.add_child(instance=campaign)
    campaign.save_revision().publish()
    draft = make_letter(letters, title="Unsent", body=[claim("C.", cite(report))], publish=False)
    work_queue()  # Wagtail updates its reference index in a task

    html = client.get(f"/evidence/{report.reference}/").content.decode()
    cited_in = html.split('id="cited-in-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="{letter.url}"' in cited_in and f'href="{campaign.url}"' in cited_in
    assert draft.title not in cited_in

    letter.unpublish()
    html = client.get(f"/evidence/{report.reference}/").content.decode()
    assert "Letter to the company" not in html


def test_checks_are_recomputed_when_a_file_is_read_again(report, work_queue, site_tree):
    letters = make_letter_index(site_tree["home"])
    letter = make_letter(
        letters,
        body=[claim("Installed in March.", cite(report, "2", "installed in March"))],
    )
    from letters.checks import page_citations_check

    page_citations_check(page=letter)
    (check,) = CitationCheck.objects.filter(page=letter)
    assert (check.result, check.found_pages) == ("found_on_cited_page", "2")

    # The archive's text changes (say, a better extraction); the stored check follows it.
    evidence_file = report.files[0]
    evidence_file.pages.filter(number=2).update(text="Nothing quoted here.")
    CitationCheck.objects.filter(page=letter).update(result="found_on_other_page")
    evidence_file_reprocess(evidence_file=evidence_file)
    work_queue()
    (check,) = CitationCheck.objects.filter(page=letter)
    assert check.result == "found_on_cited_page"  # read again from the original: found
