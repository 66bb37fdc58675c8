"""Photos end to end: the public, previews and evidence packs get a copy without location or
device metadata; researchers with the restricted permission get the original and its EXIF;
every editor sees the GPS warning; the public never reads an internal error."""

import hashlib
import io
import json
import zipfile

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from archive.models import EvidenceFile
from tests.factories import cite, claim, make_file, make_item, make_letter, make_letter_index
from tests.image_metadata import metadata_found
from tests.processing import photos

pytestmark = pytest.mark.django_db(transaction=True)
SECRETS = (b"WitnessCam", b"Lhasa", b"29.655", b"91.12", b"firmware")


@pytest.fixture
def photo_item(evidence_index, work_queue, tmp_path):
    content = photos.photo_jpeg(tmp_path / "gate.jpg").read_bytes()
    evidence_file = make_file("gate.jpg", content, title="The gate")
    item = make_item(
        evidence_index, title="Cameras at the gate", kind="photo", files=[evidence_file]
    )
    work_queue()
    evidence_file.refresh_from_db()
    return item, evidence_file, content


@pytest.fixture
def editor(client, django_user_model):
    """Logged in with admin access but without the restricted permission."""
    user = django_user_model.objects.create_user("editor", password="pw")
    editors = Group.objects.create(name="Editors only")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(editors)
    client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _assert_clean(data: bytes) -> None:
    assert metadata_found(data) == []
    for secret in SECRETS:
        assert secret not in data


def test_anonymous_readers_get_the_public_copy_and_researchers_the_original(
    client, admin_client, photo_item
):
    item, evidence_file, original = photo_item
    assert evidence_file.status == "no_text" and evidence_file.public_copy
    assert evidence_file.gps_position == {
        "latitude": 29.655,
        "longitude": 91.12,
        "altitude": 3650.0,
    }
    assert "carries a GPS position" in evidence_file.warnings[0]

    response = client.get(evidence_file.url)
    assert response.status_code == 200
    public = _body(response)
    _assert_clean(public)
    assert public != original
    assert hashlib.sha256(public).hexdigest() == evidence_file.public_copy_sha256
    assert response["Digest"] == f"sha-256={evidence_file.public_copy_sha256}"
    assert response["Content-Type"] == "image/jpeg"
    assert (
        response["Cache-Control"] == "private, no-cache"
    )  # revalidated: it may be restricted tomorrow
    _assert_clean(_body(client.get(reverse("archive:preview", args=[evidence_file.pk]))))

    researcher = admin_client.get(evidence_file.url)
    assert _body(researcher) == original  # untouched, byte for byte
    assert researcher["Digest"] == f"sha-256={hashlib.sha256(original).hexdigest()}"
    assert researcher["Cache-Control"] == "private, no-store"  # never kept by a shared cache


def test_a_logged_in_editor_without_the_permission_gets_the_copy_too(editor, photo_item):
    _, evidence_file, original = photo_item
    data = _body(editor.get(evidence_file.url))
    _assert_clean(data)
    assert data != original


def test_an_image_not_read_yet_is_not_served_to_the_public(client, evidence_index, tmp_path):
    content = photos.photo_jpeg(tmp_path / "gate.jpg").read_bytes()
    evidence_file = make_file("gate.jpg", content)
    make_item(evidence_index, title="Unread", files=[evidence_file])
    assert client.get(evidence_file.url).status_code == 404  # no copy yet: never the original


def test_the_evidence_page_says_the_public_copy_is_a_derivative_and_of_what(
    client, admin_client, photo_item
):
    item, evidence_file, _ = photo_item
    html = client.get(item.url).content
    for secret in SECRETS:
        assert secret not in html
    text = " ".join(html.decode().split())
    # (The stored name: storage adds a suffix when an earlier test left a gate.jpg.)
    assert f"It is a derivative of the original {evidence_file.filename}" in text
    assert evidence_file.sha256 in text and evidence_file.public_copy_sha256 in text
    assert "No text on this page: a photo; OCR found no text." in text
    assert "GPS" not in text

    researcher = admin_client.get(item.url).content.decode()
    assert "29.655, 91.12 (3650.0 m)" in researcher
    assert "WitnessCam Model 7" in researcher and "2024:03:10 14:22:05 +08:00" in researcher
    assert "carries a GPS position" in researcher


def test_the_files_panel_and_the_file_report_show_every_warning(admin_client, editor, photo_item):
    item, evidence_file, _ = photo_item
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    html = admin_client.get(edit).content.decode()
    assert "carries a GPS position" in html
    assert "29.655, 91.12" in html and "WitnessCam Model 7" in html
    assert evidence_file.public_copy_sha256 in html
    report = admin_client.get(reverse("archive_file_report")).content.decode()
    assert "carries a GPS position" in report


def test_the_evidence_pack_holds_the_public_copy_with_both_hashes(client, site_tree, photo_item):
    item, evidence_file, original = photo_item
    letters = make_letter_index(site_tree["home"])
    letter = make_letter(letters, title="Letter", body=[claim("A.", cite(item))])
    pack = zipfile.ZipFile(io.BytesIO(_body(client.get(f"{letter.url}evidence-pack.zip"))))
    manifest = json.loads(pack.read("manifest.json"))
    (entry,) = manifest["files"]
    # The public copy goes out under the original's name ("gate", with the copy's suffix). The
    # stored name is the storage's: where an earlier test left the same bytes under the same
    # content-addressed key, the storage added a suffix (gate_bBs58it.jpg, CI of 2026-12-02).
    assert evidence_file.filename.startswith("gate") and evidence_file.public_filename.endswith(
        ".jpg"
    )
    assert entry["path"] == f"files/{item.reference}/{evidence_file.public_filename}"
    data = pack.read(entry["path"])
    _assert_clean(data)
    assert hashlib.sha256(data).hexdigest() == entry["sha256"] == evidence_file.public_copy_sha256
    assert entry["intact"] and entry["derivative"] and entry["media_type"] == "image/jpeg"
    assert entry["derivative_of"]["sha256"] == hashlib.sha256(original).hexdigest()
    assert entry["derivative_of"]["bytes"] == len(original)
    everything = b"".join(pack.read(name) for name in pack.namelist())
    for secret in SECRETS:
        assert secret not in everything
    assert evidence_file.sha256.encode() in pack.read("index.html")


def test_the_public_never_reads_an_internal_error(client, admin_client, evidence_index, work_queue):
    broken = make_file("report.pdf", b"oops\n")
    item = make_item(evidence_index, title="Broken", files=[broken])
    work_queue()
    broken.refresh_from_db()
    assert broken.status == "failed" and "oops" in broken.error
    public = client.get(item.url).content.decode()
    assert "The file could not be read; the original is kept as received." in public
    assert broken.error not in public and "oops" not in public
    assert escape(broken.error) in admin_client.get(item.url).content.decode()


def test_the_import_report_flags_a_photo_with_gps(shared_index, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    photos.photo_jpeg(folder / "gate.jpg")
    report = tmp_path / "report.json"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_evidence",
        str(folder),
        "--report",
        str(report),
        "--workers",
        "0",
        stdout=out,
        stderr=err,
    )
    (entry,) = json.loads(report.read_text())
    assert entry["gps"] is True and entry["status"] == "no_text"
    assert "carries a GPS position" in entry["warnings"][0]
    assert "carries a GPS position" in out.getvalue()
    assert EvidenceFile.objects.get().public_copy
