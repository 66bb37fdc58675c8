"""Every file of ../shared/corpus/kinds is read or kept, and every probe phrase is found by
search, on every engine.

Every file of the corpus (text PDFs, scans, images, emails, saved pages, office documents,
legacy-encoded text) goes once through the real import path (`import_evidence`, its workers,
OCR, LibreOffice), into a copy of the test database that the module's tests share. One test
checks what the import made: every file ends read or kept, never failed, and no photo's location
goes public. The items it publishes are then indexed, as the site indexes them, into the
database's own engine (FTS5 on SQLite, full-text search on PostgreSQL) and into Elasticsearch,
and each probe of MANIFEST.tsv (` | ` separates several) must bring its file's item back among
the hits. (One import serves both: it is most of the module's 11–17 minutes.)

A probe that is not found today is listed in KNOWN_MISSES with the reason: its test is an
expected failure, strict, so that it fails the day the probe is found (and the entry must go).
"""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from django.core.management import call_command
from django.db import connection

from archive.choices import TERMINAL_FILE_STATUSES
from archive.models import EvidenceFile, EvidencePage
from search.engines import get_engine
from search.engines.base import SearchRequest
from search.indexing import public_documents
from search.query import parse_query
from tests.conftest import build_site_tree
from tests.search.conftest import ENGINES, engine_settings
from tests.shared_corpus import corpus_dir, manifest, manifest_probes
from tests.shared_database import SharedDatabase

pytestmark = pytest.mark.corpus("kinds")

# (file, probe) → why it is not found today, and whether that is certain (strict: the test fails
# the day the probe is found, and the entry must go) or depends on the machine's load (an OCR
# time limit reached or not). Scans, images and PDFs are read by readers that other engineers
# own: the causes are reported to them, and each probe stays listed here until it is found.
# A scanned PDF's pages beyond the limit are read by later runs; an image's are not (yet).
OCR_TIME = (
    "OCR did not reach the image's page within ARCHIVE_PROCESSING_SECONDS (60 s) beside a"
    " second worker"
)
KNOWN_MISSES: dict[tuple[str, str], tuple[str, bool]] = {
    ("ocrmypdf__c02-22.pdf", "Chapter II"): (
        "the decorated chapter heading is read by OCR as '( hapte LI'",
        True,
    ),
    ("ocrmypdf__multipage.pdf", "Chapter II"): (
        "page 1 is c02-22's scan: its heading is read by OCR as '( hapte LI'",
        True,
    ),
    ("tesseracttest__8071_093.3B.tif", "She sighed"): (OCR_TIME, False),
    ("tesseracttest__8071_093.3B.tif", "wandered around the house"): (OCR_TIME, False),
    ("rapidocr__text_vertical_words.png", "已取之時不參一人見而"): (
        "OCR (chi_sim+chi_tra) reads the vertical columns as horizontal lines, out of order",
        True,
    ),
    ("rapidocr__japan.jpg", "浙江省"): ("OCR (jpn) reads 浙江省 as 洒江省", True),
}


def _params() -> list:
    return [
        pytest.param(
            name,
            probe,
            marks=[
                pytest.mark.xfail(
                    strict=KNOWN_MISSES[name, probe][1], reason=KNOWN_MISSES[name, probe][0]
                )
            ]
            if (name, probe) in KNOWN_MISSES
            else [],
            id=f"{name}-{probe}",
        )
        for name, probe in manifest_probes("kinds")
    ]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every corpus file imported once: {file name: report entry} and the items' documents.

    The module's tests run on the imported database; it is put back as it was afterwards.
    """
    folder = corpus_dir("kinds")
    rows = manifest("kinds")
    work = tmp_path_factory.mktemp("kinds-probes")
    report = work / "report.json"
    with django_db_blocker.unblock():
        # SQLite's in-memory database is invisible to the forked import workers: a file copy
        # is (tests/archive/conftest.py). PostgreSQL is shared already, and flushed afterwards.
        shared = SharedDatabase(work) if connection.vendor == "sqlite" else None
        if shared:
            shared.fresh()
        try:
            build_site_tree()
            call_command(
                "import_evidence",
                *(str(folder / row["file"]) for row in rows),
                *("--report", str(report), "--workers", "2", "-v", "0"),
            )
            documents = list(public_documents())
            entries = {e["path"].rsplit("/", 1)[1]: e for e in json.loads(report.read_text())}
            yield entries, documents
        finally:
            if shared:
                shared.restore()
            else:
                get_engine().rebuild(iter(()))
                # Empty what the import made, then give back what the migrations made (root,
                # locale, collection, site, Wagtail's groups), which later tests expect, as the
                # contract corpus does (tests/search/test_contract.py).
                call_command("flush", "--noinput", verbosity=0)
                build_site_tree()


GPS_IFD = 0x8825


@pytest.mark.django_db
def test_every_kind_of_file_is_read_or_kept_and_no_photo_location_goes_public(imported, client):
    """PDFs are read page by page, images get a preview, text in any encoding, saved web pages,
    emails (.eml and .msg, their attachments stored as files of their own) and office documents
    (through a LibreOffice PDF derivative) are read: nothing fails, and no photo's GPS position
    reaches the public copy."""
    entries, documents = imported
    rows = manifest("kinds")
    assert len(entries) == len(rows) == len(documents) == EvidencePage.objects.count()
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


@pytest.fixture(scope="module", params=ENGINES)
def kinds_engine(request, imported, django_db_blocker):
    _, documents = imported
    with django_db_blocker.unblock(), engine_settings(request.param) as engine:
        engine.rebuild(documents)
        try:
            yield engine
        finally:
            engine.rebuild(iter(()))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "probe"), _params())
def test_every_probe_of_every_kind_is_found(imported, kinds_engine, name, probe):
    entries, _ = imported
    entry = entries[name]
    response = kinds_engine.search(SearchRequest(parse_query(probe), page_size=50))
    found = [r.reference for r in response.results]
    assert entry["reference"] in found, (
        f"{probe!r} of {name} not found (hits: {found[:10]}; read: {entry['status']},"
        f" {entry['warnings']})"
    )
