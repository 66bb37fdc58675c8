"""Links in a letter's rich text: refused at publish unless public, never shown once they are not.

Paragraphs and claims can link any page or document through the rich text editor
(`<a linktype="page" id="…">`, `<a linktype="document" id="…">`), not only through citations.
"""

import io
import itertools
import zipfile

import pytest

from archive.models import EvidencePage
from letters.checks import CitationPublishError
from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_pdf,
    paragraph,
)

pytestmark = pytest.mark.django_db


def page_link(item, words="the statement") -> str:
    return f'<a linktype="page" id="{item.pk}">{words}</a>'


def file_link(evidence_file, words="the transcript") -> str:
    return f'<a linktype="document" id="{evidence_file.pk}">{words}</a>'


def refused(letters, body) -> str:
    slug = f"refused-{next(_numbers)}"
    with pytest.raises(CitationPublishError) as refusal:
        make_letter(letters, body=body, title="Refused", slug=slug)
    return str(refusal.value)


_numbers = itertools.count()


def test_links_to_evidence_or_files_that_are_not_public_are_refused_naming_the_block(
    evidence_index, letters
):
    secret_file = make_file("witness-s.pdf", make_pdf(["statement"]))
    secret = make_item(
        evidence_index, title="Witness S", access_level="restricted", files=[secret_file]
    )
    draft = make_item(evidence_index, title="Draft", publish=False)
    gone = make_item(evidence_index, title="Deleted")
    gone_id = gone.pk
    EvidencePage.objects.get(pk=gone_id).delete()
    public = make_item(evidence_index, title="Public report")

    message = refused(letters, [paragraph(f"We read {page_link(secret)} with care.")])
    assert "The paragraph “We read the statement with care.”" in message
    assert secret.reference in message and "restricted" in message

    message = refused(letters, [claim(f"As {page_link(draft)} says.", cite(public))])
    assert "The claim “As the statement says.”" in message
    assert draft.reference in message

    gone.pk = gone_id
    message = refused(letters, [paragraph(f"See {page_link(gone)}.")])
    assert "no longer exists" in message

    message = refused(letters, [paragraph(f"See {file_link(secret_file)}.")])
    assert "no public evidence item holds" in message and "The paragraph “See the" in message


def test_links_to_public_evidence_and_its_files_may_be_published(evidence_index, letters):
    public_file = make_file("report.pdf", make_pdf(["report"]))
    public = make_item(evidence_index, title="Public report", files=[public_file])
    letter = make_letter(
        letters, body=[paragraph(f"See {page_link(public)} and {file_link(public_file)}.")]
    )
    assert letter.live


def test_evidence_restricted_after_publication_loses_its_links_on_the_page_and_in_the_pack(
    client, evidence_index, letters
):
    evidence_file = make_file("testimony-t.pdf", make_pdf(["statement"]))
    item = make_item(evidence_index, title="Witness T", files=[evidence_file])
    other = make_item(evidence_index, title="Other report")
    letter = make_letter(
        letters,
        body=[
            paragraph(f"We read {page_link(item)} and {file_link(evidence_file)}."),
            claim(f"As {page_link(item, 'the witness')} said.", cite(other)),
        ],
    )
    html = client.get(letter.url).content.decode()
    assert f"/evidence/{item.reference}/" in html and "testimony-t.pdf" in html

    item.access_level = "restricted"
    item.save_revision().publish()

    html = client.get(letter.url).content.decode()
    assert item.reference not in html and "testimony-t.pdf" not in html
    assert "We read <a>the statement</a> and <a>the transcript</a>." in html
    assert "<a>the witness</a>" in html
    pack = client.get(f"{letter.url}evidence-pack.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pack.streaming_content)))
    letter_html = archive.read("letter.html").decode()
    assert item.reference not in letter_html and "testimony-t.pdf" not in letter_html
