"""The metadata CSV of import_evidence, read and checked without a database."""

import datetime

import pytest

from django.utils import translation

from archive.choices import EvidenceKind
from archive.services.import_metadata import MetadataError, metadata_read


def sheet_for(tmp_path, text: str, names=("a.pdf",)):
    files = []
    for name in names:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-")
        files.append(path)
    csv = tmp_path / "files" / "meta.csv"
    csv.write_text(text, encoding="utf-8-sig")  # as Excel saves it, with a byte-order mark
    return metadata_read(csv, files), files


@pytest.mark.parametrize(
    ("value", "date", "precision"),
    [
        ("2023", datetime.date(2023, 1, 1), "year"),
        ("2023-06", datetime.date(2023, 6, 1), "month"),
        ("2024-02-29", datetime.date(2024, 2, 29), "day"),
    ],
)
def test_a_partial_date_sets_the_precision(tmp_path, value, date, precision):
    sheet, (path,) = sheet_for(tmp_path, f"filename,published_on\na.pdf,{value}\n")
    row = sheet.for_file(path)
    assert (row.published_on, row.date_precision) == (date, precision)


@pytest.mark.parametrize("value", ["23", "2023-6", "2023-02-30", "June 2023", "2023-06-01T10"])
def test_a_bad_date_refuses_the_row(tmp_path, value):
    sheet, (path,) = sheet_for(tmp_path, f"filename,published_on\na.pdf,{value}\n")
    assert sheet.for_file(path) == (
        f"meta.csv line 2: bad published_on '{value}' (YYYY, YYYY-MM or YYYY-MM-DD)."
    )


def test_choices_by_value_or_label_in_any_case(tmp_path):
    sheet, (path,) = sheet_for(
        tmp_path,
        "filename,kind,language,access_level\na.pdf,news article,POLISH,Restricted\n",
    )
    row = sheet.for_file(path)
    assert (row.kind, row.language, row.access_level) == ("news_article", "pl", "restricted")


def test_english_labels_match_whatever_the_interface_language(tmp_path):
    """The sheet's documented labels are English; a researcher whose interface is Tibetan (the
    thread's language, as a request leaves it) imports the same sheet."""
    with translation.override("bo"):
        assert str(EvidenceKind.NEWS_ARTICLE.label) != "News article"  # the catalogue is on
        sheet, (path,) = sheet_for(
            tmp_path,
            "filename,kind,language,access_level\na.pdf,News article,Polish,restricted\n",
        )
        row = sheet.for_file(path)
    assert (row.kind, row.language, row.access_level) == ("news_article", "pl", "restricted")


def test_names_are_split_trimmed_and_deduplicated(tmp_path):
    sheet, (path,) = sheet_for(
        tmp_path, 'filename,topics,authors\na.pdf," cameras ;; data;cameras",Ann; Bo\n'
    )
    row = sheet.for_file(path)
    assert (row.topics, row.authors) == (["cameras", "data"], ["Ann", "Bo"])


def test_rows_match_files_by_relative_or_absolute_path_or_name(tmp_path):
    names = ("a.pdf", "sub/b.pdf", "c.pdf")
    absolute = tmp_path / "files" / "c.pdf"
    sheet, files = sheet_for(
        tmp_path,
        f"path,filename,title\nsub/b.pdf,,Bee\n{absolute},,Sea\n,a.pdf,Ay\n",
        names=names,
    )
    assert [sheet.for_file(f).title for f in files] == ["Ay", "Bee", "Sea"]
    assert [sheet.for_file(f).line for f in files] == [4, 2, 3]


def test_line_numbers_count_blank_lines_and_cells_over_several_lines(tmp_path):
    sheet, (a, b) = sheet_for(
        tmp_path,
        'filename,summary,kind\n\na.pdf,"one\ntwo\nthree",report\n\nb.pdf,,memo\n',
        names=("a.pdf", "b.pdf"),
    )
    assert sheet.for_file(a).line == 3
    assert sheet.for_file(b).startswith("meta.csv line 7: unknown kind 'memo'")


def test_a_row_for_no_file_is_set_aside(tmp_path):
    sheet, (path,) = sheet_for(tmp_path, "path,filename,title\nnope.pdf,,\n,,Orphan\n,,\n")
    assert sheet.for_file(path) is None
    assert sheet.unmatched == [
        "meta.csv line 2: 'nope.pdf' is not among the files being imported.",
        "meta.csv line 3: the row has neither a path nor a filename.",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("filename,Title,publisher", "Unknown column 'publisher'"),
        ("title,kind", "needs a `path` or a `filename` column"),
    ],
)
def test_a_bad_header_refuses_the_whole_csv(tmp_path, header, message):
    with pytest.raises(MetadataError, match=message):
        sheet_for(tmp_path, f"{header}\n")


def test_authors_are_people_or_organisations_and_a_bad_one_refuses_the_row(tmp_path):
    sheet, (path,) = sheet_for(
        tmp_path,
        'filename,authors\na.pdf,"Đặng, Thị, family first; Camera Oversight Commissioner"\n',
    )
    assert sheet.for_file(path).authors == [
        "Đặng, Thị, family first",
        "Camera Oversight Commissioner",
    ]
    sheet, (path,) = sheet_for(tmp_path, 'filename,authors\na.pdf,"Doe, Jane, Jr."\n')
    assert "bad author 'Doe, Jane, Jr.'" in sheet.for_file(path)
