"""An email through the real pipeline: each attachment an original of its own (hashed, deduplicated,
read, linked to the item, searchable), restricted with a restricted email, nested messages within
the depth limit, and only the headers the setting allows on the public page."""

from email.message import EmailMessage

import pytest

from django.test import override_settings

from archive.models import EvidenceFile, EvidenceFileLink, PageText
from tests.factories import make_file, make_item, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = make_pdf(["The inspection report on the night shift, page one"])


def email_bytes(*, subject: str, body: str, attachments=(), sender="王小明 <wang@example.org>"):
    message = EmailMessage()
    message["Subject"], message["From"] = subject, sender
    message["To"], message["Date"] = "Desk <desk@example.org>", "Tue, 05 Mar 2024 09:30:00 +0000"
    message.set_content(body)
    for attachment in attachments:
        if isinstance(attachment, EmailMessage):
            message.add_attachment(attachment)
        else:
            name, content = attachment
            message.add_attachment(content, "application", "octet-stream", filename=name)
    return message.as_bytes()


def test_attachments_are_files_of_their_own_linked_read_and_searchable(
    client, evidence_index, work_queue
):
    raw = email_bytes(
        subject="Night shift complaint",
        body="Please find the inspection report attached.",
        attachments=[("report.pdf", REPORT), ("note.txt", b"A handwritten note, typed up.")],
    )
    item = make_item(evidence_index, title="Complaint", files=[make_file("complaint.eml", raw)])
    work_queue()

    email_file = EvidenceFile.objects.get(title="complaint.eml")
    assert email_file.status == "ready", email_file.error
    assert email_file.metadata["subject"] == "Night shift complaint"
    body = PageText.objects.get(file=email_file).text
    assert "inspection report attached" in body and "base64" not in body
    attachments = email_file.attachments.order_by("pk")
    assert [a.filename for a in attachments] == ["report.pdf", "note.txt"]
    assert all(a.status == "ready" for a in attachments)
    assert attachments[0].media_type == "application/pdf"
    linked = EvidenceFileLink.objects.filter(item=item).values_list("file__title", flat=True)
    assert set(linked) == {"complaint.eml", "report.pdf", "note.txt"}

    page = client.get(item.url).content.decode()
    assert "Night shift complaint" in page and "王小明" in page
    assert "wang@example.org" not in page  # addresses are hidden by default
    assert "night shift, page one" in page  # the attachment's text on the item's page
    hits = client.get("/api/v1/search/", {"q": "handwritten"}).json()
    assert hits["count"] == 1


def test_an_attachment_already_stored_is_the_same_file(evidence_index, work_queue):
    make_item(evidence_index, title="Report", files=[make_file("report.pdf", REPORT)])
    raw = email_bytes(subject="Fwd", body="Forwarded.", attachments=[("copy.pdf", REPORT)])
    item = make_item(evidence_index, title="Forward", files=[make_file("fwd.eml", raw)])
    work_queue()
    assert EvidenceFile.objects.filter(sha256=EvidenceFile.objects.get(title="report.pdf").sha256)
    assert EvidenceFile.objects.count() == 2
    assert EvidenceFileLink.objects.filter(item=item).count() == 2


def test_an_attachment_another_worker_stored_first_is_taken_not_stored_again(evidence_index):
    """Two emails with one attachment, read at once: both look it up, find nothing, store it.
    The second store meets the unique SHA-256; it takes the first one's file, and its own copy
    of the bytes leaves storage (make test's PostgreSQL run, where the email stayed pending)."""
    from django.db import transaction

    from archive.processing.result import Attachment
    from archive.services.attachments import stored_once

    first = make_file("report.pdf", REPORT)  # stored by the other worker since the lookup
    stored_before = sorted(_stored_names(first))
    with transaction.atomic():  # the email's own transaction, which must stay usable
        taken = stored_once(Attachment(name="copy.pdf", content=REPORT), first.sha256)
        assert EvidenceFile.objects.count() == 1
    assert taken.pk == first.pk
    assert sorted(_stored_names(first)) == stored_before


def _stored_names(evidence_file) -> list[str]:
    storage = evidence_file.file.storage
    folder = evidence_file.file.name.rsplit("/", 1)[0]
    return storage.listdir(folder)[1]


def test_an_attachment_of_restricted_testimony_is_restricted(client, evidence_index, work_queue):
    raw = email_bytes(
        subject="Statement",
        body="My statement is attached.",
        attachments=[("statement.txt", b"The witness saw the sheltered convoy at dawn.")],
    )
    make_item(
        evidence_index,
        title="Witness statement",
        access_level="restricted",
        files=[make_file("statement.eml", raw)],
    )
    work_queue()
    attachment = EvidenceFile.objects.get(title="statement.txt")
    assert attachment.status == "ready"
    assert not EvidenceFile.objects.public().filter(pk=attachment.pk).exists()
    assert client.get(attachment.url).status_code == 404
    assert client.get("/api/v1/search/", {"q": "convoy"}).json()["count"] == 0


def test_a_public_email_carrying_a_restricted_items_file_is_restricted_itself(
    client, evidence_index, work_queue
):
    """The .eml's own bytes hold the witness's original: leaving the email public would publish
    it, so the item holding the email is restricted, as if it had linked the file."""
    from wagtail.models import PageLogEntry

    from archive.models import EvidencePage
    from archive.services.restriction import SHARED_FILE_RESTRICTED

    secret = b"The witness saw the sheltered convoy at dawn."
    witness = make_item(
        evidence_index,
        title="Witness",
        access_level="restricted",
        files=[make_file("w.txt", secret)],
    )
    raw = email_bytes(subject="Fwd", body="See attached.", attachments=[("w.txt", secret)])
    email_file = make_file("p.eml", raw)
    public = make_item(evidence_index, title="Public email", files=[email_file])
    work_queue()
    assert EvidencePage.objects.get(pk=public.pk).access_level == "restricted"
    entry = PageLogEntry.objects.get(page=public, action=SHARED_FILE_RESTRICTED)
    assert entry.data["because"] == witness.reference
    assert EvidenceFile.objects.public().filter(title__in=["w.txt", "p.eml"]).count() == 0
    assert client.get(email_file.url).status_code == 404
    assert client.get(f"/evidence/{public.reference}/").status_code == 404


def test_an_item_made_after_the_email_was_read_gets_its_attachments(evidence_index, work_queue):
    raw = email_bytes(subject="Early", body="Read first.", attachments=[("a.txt", b"Alpha notes.")])
    email_file = make_file("early.eml", raw)
    work_queue()
    item = make_item(evidence_index, title="Later", files=[email_file])
    linked = EvidenceFileLink.objects.filter(item=item).values_list("file__title", flat=True)
    assert set(linked) == {"early.eml", "a.txt"}
    # Publishing a new revision rewrites the item's links: the attachment follows again.
    item.save_revision().publish()
    assert EvidenceFileLink.objects.filter(item=item).count() == 2


@override_settings(ARCHIVE_MAX_ATTACHMENT_DEPTH=2)
def test_messages_nested_deeper_than_the_limit_stop_with_a_message(evidence_index, work_queue):
    inner = None
    for level in range(5, 0, -1):
        message = EmailMessage()
        message["Subject"], message["From"] = f"Level {level}", "a@example.org"
        message.set_content(f"Message at level {level}.")
        if inner is not None:
            message.add_attachment(inner)
        inner = message
    make_item(evidence_index, title="Nested", files=[make_file("nested.eml", inner.as_bytes())])
    work_queue()
    assert EvidenceFile.objects.count() == 3  # levels 1, 2 and 3
    deepest = EvidenceFile.objects.order_by("pk").last()
    assert deepest.status == "ready"
    assert any("nested 2 levels deep" in w for w in deepest.warnings)


@override_settings(ARCHIVE_EMAIL_PUBLIC_HEADERS=["subject"])
def test_the_public_headers_are_a_setting(client, evidence_index, work_queue):
    raw = email_bytes(subject="Only the subject", body="Body.", sender="Secret Name <s@x.org>")
    item = make_item(evidence_index, title="Headers", files=[make_file("h.eml", raw)])
    work_queue()
    page = client.get(item.url).content.decode()
    assert "Only the subject" in page and "Secret Name" not in page


def test_nul_is_left_out_of_everything_recorded():
    """PostgreSQL refuses NUL in text and JSON: the corpus's emailoutlookmessage__charset.msg
    carries one in its properties and stayed "processing" there (the kinds corpus test reads it
    on both databases)."""
    from archive.services.ingestion import without_nul

    value = {"subject": "Night\x00shift", "to\x00": ["a\x00b", 3, None], "n": 1}
    assert without_nul(value) == {"subject": "Nightshift", "to": ["ab", 3, None], "n": 1}


@pytest.mark.parametrize("public_addresses", [False, True])
def test_addresses_in_the_body_are_withheld_unless_the_setting_allows(
    client, evidence_index, work_queue, public_addresses
):
    body = "Wang wrote from wang.xiaoming@example.org; write to desk+tips@mail.example.org soon."
    raw = email_bytes(subject="Addresses", body=body)
    with override_settings(ARCHIVE_EMAIL_PUBLIC_ADDRESSES=public_addresses):
        item = make_item(evidence_index, title="Addresses", files=[make_file("a.eml", raw)])
        work_queue()
    evidence_file = EvidenceFile.objects.get()
    (text,) = PageText.objects.filter(file=evidence_file).values_list("text", flat=True)
    with evidence_file.file.open("rb") as original:
        assert b"wang.xiaoming@example.org" in original.read()  # the original is intact
    found = client.get("/api/v1/search/", {"q": "xiaoming"}).json()["results"]
    page = client.get(item.url).content.decode()
    if public_addresses:
        assert "wang.xiaoming@example.org" in text and "desk+tips@mail.example.org" in text
        assert [r["reference"] for r in found] == [item.reference]
    else:
        assert text.count("(address withheld)") == 2 and "@" not in text, text
        assert "Wang wrote from (address withheld);" in text
        assert found == [] and "xiaoming" not in page
