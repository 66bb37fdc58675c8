"""What a file says about itself is offered to its item: an email's subject and date, a saved web
page's title and date become the imported item's title and publication date when the sheet gave
none (or the item no date). The saved page itself is only ever a download, never rendered."""

import datetime
import io
from email.message import EmailMessage

import pytest

from django.core.management import call_command
from django.urls import reverse

from archive.models import EvidenceFile, EvidencePage
from archive.services.importing import offered_date
from tests.factories import make_file, make_item

PAGE = (
    "<html><head><title>Night works approved</title>"
    '<meta property="article:published_time" content="2024-03-05"></head><body><article>'
    "<h1>Night works approved</h1><p>{body}</p><p>{body}</p></article></body></html>"
)
BODY = "The council approved the night works after a short debate about the noise at the site."


def complaint() -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"] = "Noise complaint, third week", "a@example.org"
    message["Date"] = "Tue, 12 Mar 2024 09:30:00 +0000"
    message.set_content("The noise has gone on for three weeks now.")
    return message.as_bytes()


def test_an_imported_email_and_page_take_the_title_and_date_they_give(
    tmp_path, shared_index, client
):
    (tmp_path / "complaint.eml").write_bytes(complaint())
    (tmp_path / "article.html").write_text(PAGE.format(body=BODY), encoding="utf-8")

    call_command("import_evidence", str(tmp_path), "-v", "0", stdout=io.StringIO())

    email_item = EvidencePage.objects.get(title="Noise complaint, third week")
    assert email_item.published_on == datetime.date(2024, 3, 12)
    page_item = EvidencePage.objects.get(title="Night works approved")
    assert page_item.published_on == datetime.date(2024, 3, 5)

    saved_page = EvidenceFile.objects.get(media_type="text/html")
    response = client.get(saved_page.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")  # never rendered here
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_date_is_offered_only_when_it_can_be_read():
    assert offered_date({"date": "2024-03-05T10:00:00+08:00"}) == datetime.date(2024, 3, 5)
    assert offered_date({"date": "Tue, 12 Mar 2024 09:30:00 +0000"}) == datetime.date(2024, 3, 12)
    assert offered_date({"date": "sometime in spring"}) is None
    assert offered_date({}) is None


@pytest.mark.django_db(transaction=True)
def test_the_admin_offers_an_emails_subject_and_date_where_the_item_has_none(
    admin_client, evidence_index, work_queue
):
    email_file = make_file("complaint_mail.eml", complaint())
    named = make_item(evidence_index, title="complaint mail", files=[email_file])
    titled = make_item(
        evidence_index,
        title="The researcher's title",
        files=[email_file],
        published_on=datetime.date(2024, 1, 1),
    )
    work_queue()

    form = _edit_form(admin_client, named)
    assert form["title"].value() == "Noise complaint, third week"
    assert str(form["published_on"].value()) == "2024-03-12"
    assert "Offered by complaint_mail.eml" in form.fields["published_on"].help_text
    named.refresh_from_db()
    assert (named.title, named.published_on) == ("complaint mail", None)  # until saved

    form = _edit_form(admin_client, titled)  # what the researcher gave stays
    assert form["title"].value() == "The researcher's title"
    assert str(form["published_on"].value()) == "2024-01-01"


def _edit_form(admin_client, item):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    assert response.status_code == 200
    return response.context["form"]
