"""The GPS-tagged photos of ../shared/corpus/kinds (written by real cameras and tools): none
of them reaches the public, a preview or an evidence pack with its location or device."""

import io
import json
import zipfile

import pytest
from PIL import Image

from django.core.management import call_command

from archive.models import EvidenceFile, EvidencePage
from tests.factories import cite, claim, make_letter, make_letter_index
from tests.image_metadata import metadata_found
from tests.shared_corpus import corpus_dir, manifest

pytestmark = pytest.mark.corpus("kinds")
GPS_IFD = 0x8825


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_public_response_or_pack_carries_a_corpus_photos_gps_or_device(
    tmp_path, shared_index, client
):
    rows = [r for r in manifest("kinds") if r["kind"] == "photo-gps"]
    assert rows
    folder = corpus_dir("kinds")
    report = tmp_path / "report.json"
    call_command(
        "import_evidence",
        *(str(folder / r["file"]) for r in rows),
        *("--report", str(report), "--workers", "0", "-v", "0"),
        stderr=io.StringIO(),
    )
    entries = {e["path"].rsplit("/", 1)[1]: e for e in json.loads(report.read_text())}
    items = []
    for row in rows:
        evidence_file = EvidenceFile.objects.get(sha256=row["sha256"])
        with evidence_file.file.open("rb") as original:
            with Image.open(original) as image:
                has_gps = bool(image.getexif().get_ifd(GPS_IFD))
                device = image.getexif().get(0x010F)
        entry = entries[row["file"]]
        assert entry["status"] in {"ready", "no_text"}, entry
        assert entry["gps"] == has_gps == bool(evidence_file.gps_position), row["file"]
        assert any("GPS position" in w for w in evidence_file.warnings) == has_gps
        public = _body(client.get(evidence_file.url))
        preview = _body(client.get(evidence_file.preview_url))
        for data in (public, preview):
            assert metadata_found(data) == [], row["file"]
            if isinstance(device, str) and len(device.strip("\0 ")) > 3:
                assert device.strip("\0 ").encode() not in data, row["file"]
        items.append(EvidencePage.objects.get(reference=entry["reference"]))

    letters = make_letter_index(shared_index.get_parent().specific)
    letter = make_letter(letters, body=[claim("Photos.", *(cite(item) for item in items))])
    pack = zipfile.ZipFile(io.BytesIO(_body(client.get(f"{letter.url}evidence-pack.zip"))))
    listed = json.loads(pack.read("manifest.json"))["files"]
    assert len(listed) == len(rows) and all(f["derivative"] for f in listed)
    for entry in listed:
        assert metadata_found(pack.read(entry["path"])) == [], entry["path"]
