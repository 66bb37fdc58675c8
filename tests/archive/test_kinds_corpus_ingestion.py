"""Every real file in ../shared/corpus/kinds, of every kind the archive must read, goes through
the real import path and ends read or kept, never failed.

PDFs are read page by page, images get a preview, text in any encoding, saved web pages, emails
(.eml and .msg, their attachments stored as files of their own) and office documents (through a
LibreOffice PDF derivative) are read. The probe phrases of each kind are checked by the readers'
own tests (tests/processing/test_mail.py, test_office.py, test_html.py, test_text.py).
"""

import io
import json

import pytest
from PIL import Image

from django.core.management import call_command

from archive.choices import TERMINAL_FILE_STATUSES
from archive.models import EvidenceFile, EvidencePage
from tests.shared_corpus import corpus_dir, manifest

pytestmark = pytest.mark.corpus("kinds")

GPS_IFD = 0x8825


def test_every_kind_of_file_is_read_or_kept_and_no_photo_location_goes_public(
    tmp_path, shared_index, client
):
    folder = corpus_dir("kinds")
    rows = manifest("kinds")
    report = tmp_path / "report.json"

    call_command(
        "import_evidence",
        *(str(folder / row["file"]) for row in rows),
        *("--report", str(report), "--workers", "2", "-v", "0"),
    )

    entries = {e["path"].rsplit("/", 1)[1]: e for e in json.loads(report.read_text())}
    assert len(entries) == len(rows) == EvidencePage.objects.count()
    assert not EvidenceFile.objects.exclude(status__in=TERMINAL_FILE_STATUSES).exists()
    for row in rows:
        entry = entries[row["file"]]
        assert entry["sha256"] == row["sha256"], entry  # the corpus file is the one listed
        assert entry["status"] in {"ready", "no_text"}, (row["kind"], entry)
        if row["kind"].startswith("pdf-"):
            assert entry["pages"] == int(row["pages"]), (row["pages"], entry)
        if row["kind"] == "pdf-text":
            assert entry["status"] == "ready", entry

    # Every image has a preview, and the one anyone may fetch carries no EXIF: a photo's GPS
    # position stays in the original alone.
    images = EvidenceFile.objects.filter(media_type__startswith="image/", found_in__isnull=True)
    assert images.count() == sum(r["kind"] in {"photo-gps", "image-scan"} for r in rows)
    located = 0
    for image in images:
        with image.file.open("rb") as original:
            located += bool(Image.open(original).getexif().get_ifd(GPS_IFD))
        response = client.get(image.preview_url)
        assert response.status_code == 200, image.filename
        preview = Image.open(io.BytesIO(b"".join(response)))
        assert not preview.getexif() and "exif" not in preview.info, image.filename
    assert located == sum(r["kind"] == "photo-gps" for r in rows)  # kept whole in the original
