"""Office documents read through a PDF derivative made by LibreOffice: documents LibreOffice itself
wrote (Word, Word 97, OpenDocument, Excel) and a hand-written RTF, labelled by kind; hostile
packages (a ZIP bomb, a million empty rows, a conversion past the time limit, a damaged package)
ending within the limits with a message; and the corpus's office files with their probes."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from archive.processing import process_file
from archive.processing.limits import Limits
from archive.processing.result import Status
from archive.processing.sniff import kind_label
from tests.factories import write_with_libreoffice
from tests.shared_corpus import corpus_dir, manifest

PHRASE = "The night shift began at nine and the crane was still working at dawn"
CHINESE = "工地上的工人正在连夜施工"
FORMATS = {
    "docx": ("docx:MS Word 2007 XML", "Word document"),
    "doc": ("doc:MS Word 97", "Word document"),
    "odt": ("odt", "OpenDocument text"),
}


def _cleanup(result) -> None:
    if result.derivative:
        shutil.rmtree(Path(result.derivative).parent, ignore_errors=True)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """Documents written by LibreOffice from a small HTML page and a CSV table."""
    folder = tmp_path_factory.mktemp("office")
    source_dir, out = folder / "src", folder / "out"
    source_dir.mkdir()
    out.mkdir()
    html = source_dir / "minutes.html"
    html.write_text(
        f"<html><body><h1>Minutes</h1><p>{PHRASE}.</p><p>{CHINESE}。</p></body></html>",
        encoding="utf-8",
    )
    csv = source_dir / "ledger.csv"
    csv.write_text("Item,Amount\nCrane hire,1200\nNight lighting,340\n", encoding="utf-8")
    documents = {k: write_with_libreoffice(html, t, out) for k, (t, _) in FORMATS.items()}
    documents["xlsx"] = write_with_libreoffice(csv, "xlsx", out)
    documents["ods"] = write_with_libreoffice(csv, "ods", out)
    return documents


@pytest.mark.parametrize("kind", list(FORMATS))
def test_documents_written_by_libreoffice_are_read_through_a_pdf(written, kind):
    result = process_file(written[kind], name=f"minutes.{kind}")
    try:
        assert result.status == Status.READY, result.error
        assert kind_label(result.media_type) == FORMATS[kind][1]
        text = " ".join(" ".join(p.text for p in result.pages).split())
        assert PHRASE in text and CHINESE in text
        assert result.preview  # a page image, as any PDF gets
        assert Path(result.derivative).read_bytes().startswith(b"%PDF-")
    finally:
        _cleanup(result)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_spreadsheets_are_read_with_their_cells(written, kind):
    result = process_file(written[kind], name=f"ledger.{kind}")
    try:
        assert result.status == Status.READY, result.error
        assert "Crane hire" in result.pages[0].text and "1200" in result.pages[0].text
    finally:
        _cleanup(result)


def test_a_hand_written_rtf_is_an_rtf_document(tmp_path):
    path = tmp_path / "note.rtf"
    path.write_text(r"{\rtf1\ansi{\fonttbl\f0 Times;}\f0 " + PHRASE + r".\par}", encoding="ascii")
    result = process_file(path, name="note.rtf")
    try:
        assert result.status == Status.READY, result.error
        assert kind_label(result.media_type) == "RTF document"
        assert PHRASE in " ".join(result.pages[0].text.split())
    finally:
        _cleanup(result)


def _package(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_a_zip_bomb_docx_is_refused_before_libreoffice_unpacks_it(tmp_path):
    # 64 MiB of zeros packs to ~64 KiB: past the ratio limit, so the test stays fast (a real
    # bomb unpacks to gigabytes; the same check refuses it by its size too).
    path = _package(tmp_path / "bomb.docx", {"word/document.xml": bytes(64 << 20)})
    result = process_file(path, name="bomb.docx")
    assert result.status == Status.FAILED
    assert "decompression bomb" in result.error and not result.derivative


def test_a_spreadsheet_with_a_million_empty_rows_ends_within_the_limits(tmp_path):
    rows = "".join(f'<row r="{n}"/>' for n in range(1, 1_048_577))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Top cell</t></is></c></row>{rows}'
        "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(written_xlsx := tmp_path / "rows.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    result = process_file(written_xlsx, name="rows.xlsx", limits=Limits(seconds=60))
    try:
        assert result.status in (Status.READY, Status.FAILED)
        if result.status == Status.READY:
            assert "Top cell" in result.pages[0].text
            assert result.page_count < 10  # empty rows print no pages
        else:
            assert result.error
    finally:
        _cleanup(result)


def test_a_conversion_past_the_time_limit_is_stopped_and_the_text_read_from_the_xml(written):
    # Scaled down: a 1 s limit on a real document stands in for a document that makes
    # LibreOffice loop; either way the conversion is killed at the limit, with LibreOffice.
    result = process_file(written["docx"], name="minutes.docx", limits=Limits(seconds=6))
    _cleanup(result)
    if result.status == Status.READY and not result.warnings:
        pytest.fail("LibreOffice converted within 1 s of conversion time; the limit was not hit")
    assert result.status == Status.READY
    assert "took longer than" in result.warnings[0] and "straight from" in result.warnings[0]
    assert PHRASE in " ".join(result.pages[0].text.split())
    leftover = subprocess.run(["pgrep", "-f", "archive-office-"], capture_output=True, text=True)
    assert not leftover.stdout.strip(), "LibreOffice outlived its conversion"


@pytest.mark.corpus("kinds")
def test_a_package_libreoffice_refuses_is_read_from_its_xml_with_a_message():
    # ocrmypdf's tagged.odt is one byte short: LibreOffice will not load it, Python's zipfile will.
    result = process_file(corpus_dir("kinds") / "ocrmypdf__tagged.odt", name="tagged.odt")
    assert result.status == Status.READY
    assert "could not convert" in result.warnings[0]
    assert "straight from the document's XML" in result.warnings[0]
    assert "Table caption" in result.pages[0].text


def _office_rows():
    kinds = ("docx", "odt", "xlsx", "pptx")
    return [r for r in manifest("kinds") if r["kind"] in kinds]


# Probes the text of the PDF derivative does not hold as written: 東京 is set with ruby
# (とうきょう above 東 京, spread apart); search reads through the space between Han characters
# and finds it (tests/search/test_kinds_probes.py). stress010's والاقتصادية, which LibreOffice's
# PDF gives with lam and alef swapped, is put back from the document's XML (lam_alef.py).
NOT_IN_THE_TEXT = {
    ("poi__61470.docx", "東京"),
}


@pytest.mark.corpus("kinds")
@pytest.mark.parametrize("row", _office_rows(), ids=lambda r: r["file"])
def test_every_corpus_office_file_is_read_with_its_probes(row):
    result = process_file(corpus_dir("kinds") / row["file"], name=row["file"])
    _cleanup(result)
    assert result.status == Status.READY, result.error
    text = " ".join(" ".join(p.text for p in result.pages).split())
    for probe in filter(None, (p.strip() for p in row["probe"].split("|"))):
        if (row["file"], probe) in NOT_IN_THE_TEXT:
            assert probe not in text  # when it is found, the list above must shrink
        else:
            assert probe in text
