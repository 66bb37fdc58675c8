"""The evidence pack: a streamed ZIP whose manifest's hashes match the files it holds."""

import hashlib
import io
import json
import shutil
import subprocess
import tracemalloc
import zipfile

import pytest

from archive.services.files import evidence_file_create
from archive.services.ingestion import evidence_file_process
from letters.pack import pack_prepare, pack_stream, sha256sums
from tests.factories import (
    cite,
    claim,
    make_file,
    make_item,
    make_letter,
    make_letter_index,
    make_pdf,
    make_png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(site_tree):
    return make_letter_index(site_tree["home"])


def test_pack_holds_the_letter_the_public_files_and_a_manifest_of_their_hashes(
    client, evidence_index, letters
):
    report_pdf = make_file("report.pdf", make_pdf(["one", "two"]))
    photo = make_file("gate.png", make_png())
    evidence_file_process(file_id=photo.pk)  # an image goes in as its public copy, once made
    photo.refresh_from_db()
    report = make_item(evidence_index, title="Report", files=[report_pdf])
    photo_item = make_item(evidence_index, title="Photo", kind="photo", files=[photo])
    shared = make_item(evidence_index, title="Same report again", files=[report_pdf])
    secret_file = make_file("witness-r.pdf", make_pdf(["SECRET TESTIMONY"]))
    secret = make_item(evidence_index, title="SECRET", files=[secret_file])
    letter = make_letter(
        letters,
        title="Letter",
        body=[
            claim("A.", cite(report, "2", ""), cite(photo_item)),
            claim("B.", cite(shared), cite(secret)),
        ],
    )
    secret.access_level = "restricted"
    secret.save_revision().publish()

    response = client.get(f"{letter.url}evidence-pack.zip")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert 'filename="letter-evidence-pack.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "letter.html"
    assert names[-4:] == ["index.html", "README.txt", "manifest.json", "SHA256SUMS"]

    manifest = json.loads(archive.read("manifest.json"))
    paths = [f["path"] for f in manifest["files"]]
    assert paths == [
        f"files/{report.reference}/{report_pdf.filename}",
        f"files/{photo_item.reference}/{photo.filename}",
    ]  # the shared original once; the restricted one not at all
    for entry in manifest["files"]:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] == entry["sha256_at_upload"]
        assert len(data) == entry["bytes"] and entry["intact"]
    assert manifest["files"][0]["references"] == [report.reference, shared.reference]
    assert report.reference in manifest["files"][0]["citation"]
    assert [c["number"] for c in manifest["citations"]] == [1, 2, 3]
    assert manifest["citations"][0]["url"].endswith(f"/evidence/{report.reference}/#page-2")

    everything = b"".join(archive.read(name) for name in names)
    assert b"SECRET" not in everything and secret.reference.encode() not in everything
    letter_html = archive.read("letter.html").decode()
    assert f'href="{paths[0]}"' in letter_html and 'href="#fn-1"' in letter_html
    index_html = archive.read("index.html").decode()
    assert manifest["files"][0]["sha256"] in index_html and 'href="letter.html"' in index_html
    # The pack's own pages are hashed in the manifest as well as the evidence.
    for key, entry in (("letter", manifest["letter"]), *manifest["pack"].items()):
        if key == "checksums":
            continue
        data = archive.read(entry["path"])
        assert (entry["sha256"], entry["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
    assert {"index.html", "README.txt"} <= set(manifest["pack"])


def test_pack_of_a_missing_or_draft_letter_is_404(client, evidence_index, letters):
    draft = make_letter(letters, body=[], publish=False)
    assert client.get("/letters/nothing/evidence-pack.zip").status_code == 404
    assert client.get(f"/letters/{draft.slug}/evidence-pack.zip").status_code == 404


def test_pack_streams_a_large_file_in_little_memory(evidence_index, letters):
    size = 24 * 1024 * 1024
    block = hashlib.sha256(b"seed").digest() * (1024 * 1024 // 32)  # 1 MiB, not compressible
    big = evidence_file_create(name="big.pdf", content=b"%PDF-1.4\n" + block * 24, title="Big")
    big.media_type = "application/pdf"
    item = make_item(evidence_index, title="Big", files=[big])
    letter = make_letter(letters, body=[claim("Big.", cite(item))])
    pack = pack_prepare(letter, base_url="http://testserver")

    tracemalloc.start()
    total, largest = 0, 0
    digest = hashlib.sha256()
    for chunk in pack_stream(pack):
        total += len(chunk)
        largest = max(largest, len(chunk))
        digest.update(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total > size
    assert largest <= 2 * 1024 * 1024
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.0f} MiB pack"


def test_unpacked_pack_passes_sha256sum_check_and_a_changed_file_fails_it(
    client, evidence_index, letters, tmp_path
):
    """GNU coreutils' sha256sum -c, as a journalist runs it on the unzipped pack (README.txt)."""
    sha256sum = shutil.which("sha256sum")
    assert sha256sum, "sha256sum (coreutils) is part of every Debian system"
    report_pdf = make_file("report (final).pdf", make_pdf(["one", "two"]))
    photo = make_file("gate.png", make_png())
    evidence_file_process(file_id=photo.pk)
    report = make_item(evidence_index, title="Rapport — Đặng", files=[report_pdf])
    photo_item = make_item(evidence_index, title="Photo", kind="photo", files=[photo])
    letter = make_letter(
        letters, title="Letter", body=[claim("A.", cite(report), cite(photo_item))]
    )
    response = client.get(f"{letter.url}evidence-pack.zip")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        archive.extractall(tmp_path)
        names = set(archive.namelist())
    listed = (tmp_path / "SHA256SUMS").read_text().splitlines()
    # Every entry but SHA256SUMS itself is checked.
    assert {line.split("  ", 1)[1] for line in listed} == names - {"SHA256SUMS"}
    run = subprocess.run(
        [sha256sum, "-c", "--strict", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(": OK") == len(names) - 1
    assert "sha256sum -c SHA256SUMS" in (tmp_path / "README.txt").read_text()

    pdf = tmp_path / "files" / report.reference / report_pdf.filename
    pdf.write_bytes(pdf.read_bytes() + b"%changed")
    run = subprocess.run(
        [sha256sum, "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 1 and f"{report_pdf.filename}: FAILED" in run.stdout


def test_sha256sums_escapes_a_path_with_a_backslash_or_newline(tmp_path):
    """sha256sum's own escaping, so an odd file name cannot break or forge a line."""
    odd = {"a\\b.txt": b"one", "two\nlines.txt": b"two", "plain.txt": b"three"}
    for name, data in odd.items():
        (tmp_path / name).write_bytes(data)
    written = {name: (hashlib.sha256(data).hexdigest(), len(data)) for name, data in odd.items()}
    (tmp_path / "SHA256SUMS").write_bytes(sha256sums(written))
    run = subprocess.run(
        ["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(": OK") == 3
