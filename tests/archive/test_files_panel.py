"""The item editor's Files panel, live: each file's state fetched again while it is read, with
which reading gave its text and a re-process button; publishing an item whose files cannot be
read asks for a tick first. A restricted file's facts, like its re-processing, are not found
for anyone without the permission."""

import re

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from archive.models import EvidenceFile
from tests.factories import item_form, make_file, make_item, make_pdf

# Files are queued for reading on commit: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def _facts(client, evidence_file):
    return client.get(reverse("archive_file_facts", args=[evidence_file.pk]))


def test_the_panel_refreshes_while_a_file_is_read_and_then_says_how_it_was_read(
    admin_client, evidence_index, work_queue
):
    pdf = make_file("report.pdf", make_pdf(["First page words", "Second page words"]))
    item = make_item(evidence_index, title="Report", files=[pdf])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])).content.decode()
    assert f'data-file-facts-url="{reverse("archive_file_facts", args=[pdf.pk])}"' in edit
    assert "data-file-facts-live" in edit and "js/file_facts.js" in edit
    assert "data-reprocess-url" not in edit  # nothing to re-process while it is being read

    work_queue()
    html = _facts(admin_client, pdf).content.decode()
    assert "data-file-facts-live" not in html
    assert "Ready" in html and "2 pages" in html
    assert re.search(r"text from (pdfminer\.six|PDFium) \(2 pages\)", html), html
    assert f'data-reprocess-url="{reverse("archive_reprocess_file", args=[pdf.pk])}"' in html


def test_a_restricted_files_facts_and_reprocessing_are_not_found_without_the_permission(
    client, django_user_model, evidence_index, work_queue
):
    secret = make_file("witness.pdf", make_pdf(["Witness W saw the cameras"]))
    make_item(evidence_index, title="Witness W", files=[secret], access_level="restricted")
    work_queue()
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    # Even one who may re-process files, but not see restricted evidence.
    editor.user_permissions.add(Permission.objects.get(codename="change_evidencefile"))
    client.force_login(editor)
    assert _facts(client, secret).status_code == 404
    reprocess = client.post(reverse("archive_reprocess_file", args=[secret.pk]))
    assert reprocess.status_code == 404
    secret.refresh_from_db()
    assert secret.status == "ready"  # not queued again


def _publish(admin_client, item, **extra):
    data = {**item_form(item.title, item=item), "action-publish": "action-publish", **extra}
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data, follow=True)


def test_publishing_an_item_whose_file_failed_asks_for_a_tick_first(
    admin_client, evidence_index, work_queue
):
    broken = make_file("broken.pdf", b"%PDF-1.7\nnot a PDF at all")
    item = make_item(evidence_index, title="Leaked memo", files=[broken], publish=False)
    work_queue()
    assert EvidenceFile.objects.get(pk=broken.pk).status == "failed"

    response = _publish(admin_client, item)
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "Not published yet" in messages and "broken.pdf (failed" in messages
    item.refresh_from_db()
    assert not item.live

    response = _publish(admin_client, item, publish_despite_file_problems="on")
    item.refresh_from_db()
    assert item.live


def test_a_photo_without_text_publishes_without_asking(admin_client, evidence_index, work_queue):
    from tests.factories import make_png

    photo = make_file("street.png", make_png())
    item = make_item(evidence_index, title="Street photo", files=[photo], publish=False)
    work_queue()
    _publish(admin_client, item)
    item.refresh_from_db()
    assert item.live
