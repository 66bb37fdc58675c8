"""The exports read by real reference clients nobody here wrote: pandoc --citeproc with the CSL
project's APA and Chicago styles (reading the CSL-JSON and the .bib), biber checking the .bib
against biblatex's data model, citeproc-js rendering the CSL-JSON, and citation-js reading the
.bib, the .ris and the CSL-JSON back. The Debian ones are installed by scripts/system_packages.sh,
the npm ones by `make node` (package.json); missing, they skip with the reason outside CI and
fail with CI=true."""

import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from archive.choices import EvidenceKind
from archive.models import Source
from letters.exports import KIND_TYPES, bibtex, csl_json, ris
from tests.factories import make_item

pytestmark = pytest.mark.django_db
BASE = "https://archive.example.org"
STYLES = Path("/usr/share/citation-style-language/styles")
ROOT = Path(__file__).resolve().parents[2]
JS_CLIENTS = ROOT / "tests" / "clients" / "reference_clients.cjs"


def _require(tool: str, path: Path | None = None) -> str:
    found = shutil.which(tool)
    if found and (path is None or path.exists()):
        return found
    reason = f"{path or tool} is missing (scripts/system_packages.sh installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true: the reference-client tests must run", pytrace=False)
    pytest.skip(reason)


def _node(mode: str, *args: Path) -> dict:
    """Run one of the npm clients (tests/clients/reference_clients.cjs) and read its JSON."""
    node = _require("node")
    _require("node", ROOT / "node_modules" / "citeproc")
    run = subprocess.run(
        [node, str(JS_CLIENTS), mode, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def _run(args: list[str], cwd: Path) -> str:
    run = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout + run.stderr


@pytest.fixture
def items(evidence_index):
    """One item of every kind; organisations, a family-first Vietnamese and Chinese person, a
    Western person, a Tibetan title and BibTeX's special characters."""
    commissioner = Source.objects.create(name="Camera Oversight Commissioner", source_type="other")
    collective = Source.objects.create(name="Watchful Rights Collective", source_type="ngo")
    ledger = Source.objects.create(name="The Example Ledger", source_type="news_outlet")
    authors = {
        EvidenceKind.REPORT: "",  # the commissioner's own report: the source is the author
        EvidenceKind.TESTIMONY: "Đặng, Thị Ngọc Thịnh, family first",
        EvidenceKind.NEWS_ARTICLE: "Reporter, Ana",
        EvidenceKind.ACADEMIC_PAPER: "王, 小明, family first\nDoe, Jane",
        EvidenceKind.STATEMENT: "{Ministry of Interior, Department 4}",
    }
    sources = {EvidenceKind.NEWS_ARTICLE: ledger, EvidenceKind.ACADEMIC_PAPER: ledger}
    made = {}
    for number, kind in enumerate(EvidenceKind.values, start=1):
        made[kind] = make_item(
            evidence_index,
            title=f"Item {number}: {kind} & 100% of #cameras",
            kind=kind,
            source=sources.get(kind, commissioner if kind == "report" else collective),
            authors=authors.get(kind, ""),
            published_on=date(2023, 9, 14),
            date_precision="month" if kind == "news_article" else "day",
            retrieved_on=date(2024, 1, 2),
            summary=f"What the {kind} shows.",
            language="en",
        )
    made["tibetan"] = make_item(
        evidence_index,
        title="བོད་ཀྱི་ལྟ་ཞིབ།",
        kind="report",
        source=collective,
        published_on=date(2022, 1, 1),
        date_precision="year",
        language="bo",
    )
    return made


def _bibliography(tmp_path: Path, items: dict, fmt: str, style: str) -> str:
    """pandoc renders every item, exported as CSL-JSON or .bib, with the CSL style: plain text,
    white space collapsed."""
    export = csl_json if fmt == "json" else bibtex
    name, text = f"items.{fmt}", export(list(items.values()), base_url=BASE)
    pandoc = _require("pandoc")
    csl = STYLES / f"{style}.csl"
    _require("pandoc", csl)
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    out = _run(
        [pandoc, "doc.md", "--citeproc", f"--csl={csl}", f"--bibliography={name}", "-t", "plain"],
        tmp_path,
    )
    return re.sub(r"\s+", " ", out)


@pytest.mark.parametrize("fmt", ["json", "bib"])
def test_pandoc_apa_renders_organisations_as_one_name_and_family_first_names_right(
    items, tmp_path, fmt
):
    rendered = _bibliography(tmp_path, items, fmt, "apa")
    assert "Camera Oversight Commissioner. (2023)" in rendered
    assert "Commissioner, C" not in rendered
    assert "Watchful Rights Collective. (2023" in rendered
    assert "Collective, W" not in rendered
    assert "Ministry of Interior, Department 4. (2023" in rendered
    assert "Đặng, T. N. T. (2023" in rendered  # the family name is Đặng, not Thịnh
    assert "王小明., & Doe, J. (2023)" in rendered  # a Chinese name whole, family name first
    assert "Reporter, A. (2023, September)" in rendered and "The Example Ledger" in rendered
    assert "བོད་ཀྱི་ལྟ་ཞིབ།" in rendered
    assert "100% of #cameras" in rendered and "\\" not in rendered
    # The kind is its own part, never merged into the publisher ("Photo; Watchful …").
    assert "; Watchful" not in rendered and "Photo;" not in rendered


@pytest.mark.parametrize("fmt", ["json", "bib"])
def test_pandoc_chicago_renders_organisations_as_one_name(items, tmp_path, fmt):
    rendered = _bibliography(tmp_path, items, fmt, "chicago-author-date")
    assert "Camera Oversight Commissioner. 2023." in rendered
    assert "Commissioner, Camera" not in rendered
    assert "Đặng, Thị Ngọc Thịnh. 2023." in rendered


def test_pandoc_reads_every_kind_of_the_bib_as_its_intended_type(items, tmp_path):
    """pandoc's biblatex reader maps each entry to a CSL type: report-like kinds stay reports,
    news a newspaper article, a journal paper an article in a journal, a dataset a dataset; each
    keeps its source as publisher, journal or newspaper."""
    pandoc = _require("pandoc")
    (tmp_path / "items.bib").write_text(bibtex(list(items.values()), base_url=BASE))
    read = json.loads(_run([pandoc, "items.bib", "-t", "csljson"], tmp_path))
    by_id = {entry["id"]: entry for entry in read}
    # pandoc leaves a @misc untyped (""): the kind travels as its genre instead.
    expected_from_bib = {"report": "report", "misc": "", "dataset": "dataset"}
    for kind, item in items.items():
        if kind == "tibetan":
            continue
        entry = by_id[item.reference]
        csl_type, _, bib_type = KIND_TYPES[kind]
        if kind == EvidenceKind.NEWS_ARTICLE:
            assert entry["type"] == "article-newspaper"
            assert entry["container-title"] == "The Example Ledger"
        elif kind == EvidenceKind.ACADEMIC_PAPER:
            assert entry["type"] == "article-journal"
            assert entry["container-title"] == "The Example Ledger"
        else:
            assert entry["publisher"] in {
                "Camera Oversight Commissioner",
                "Watchful Rights Collective",
            }
            assert entry.get("type", "") == expected_from_bib[bib_type], kind
            assert entry["genre"] == item.get_kind_display()
        assert entry["abstract"] == item.summary
        assert entry["language"].startswith("en")
        assert entry["issued"]["date-parts"][0][:2] == [2023, 9]
    assert by_id[items["tibetan"].reference]["title"] == "བོད་ཀྱི་ལྟ་ཞིབ།"


def test_pandoc_keeps_the_csl_json_types_and_names(items, tmp_path):
    pandoc = _require("pandoc")
    (tmp_path / "items.json").write_text(csl_json(list(items.values()), base_url=BASE))
    read = json.loads(_run([pandoc, "items.json", "-f", "csljson", "-t", "csljson"], tmp_path))
    by_id = {entry["id"]: entry for entry in read}
    for kind, (csl_type, _, _) in KIND_TYPES.items():
        entry = by_id[items[kind].reference]
        assert entry["type"] == csl_type, kind
        assert entry["archive_location"] == items[kind].reference
    assert by_id[items["report"].reference]["author"] == [
        {"literal": "Camera Oversight Commissioner"}
    ]
    testimony = by_id[items["testimony"].reference]["author"][0]
    assert (testimony["family"], testimony["given"]) == ("Đặng", "Thị Ngọc Thịnh")


def test_biber_validates_the_bib_against_biblatex_data_model_with_no_warnings(items, tmp_path):
    biber = _require("biber")
    (tmp_path / "items.bib").write_text(bibtex(list(items.values()), base_url=BASE))
    out = _run([biber, "--tool", "--validate-datamodel", "items.bib"], tmp_path)
    assert "Datamodel validation complete" in out
    assert "WARN" not in out and "ERROR" not in out, out
    written = (tmp_path / "items_bibertool.bib").read_text(encoding="utf-8")
    # biber read every entry, with its date (year and month folded into it, no legacy field).
    assert len(re.findall(r"^@", written, re.MULTILINE)) == len(items)
    assert written.count("DATE = {2023-09-14}") == len(items) - 2
    assert "DATE = {2023-09}" in written and "DATE = {2022}" in written
    assert "MONTH" not in written and "YEAR" not in written
    assert "ENTRYSUBTYPE = {newspaper}" in written and "LANGID = {tibetan}" in written
    assert "Đặng" in written and "བོད་ཀྱི་ལྟ་ཞིབ།" in written


def test_biber_would_warn_of_what_the_old_export_wrote(tmp_path):
    """The check can fail: the braced month and @misc publisher of the old export warn."""
    biber = _require("biber")
    (tmp_path / "old.bib").write_text(
        "@misc{EV-2023-0001,\n  title = {{Photo}},\n  publisher = {Watchful},\n"
        "  howpublished = {Photo},\n  year = {2023},\n  month = {sep},\n}\n"
    )
    out = _run([biber, "--tool", "--validate-datamodel", "old.bib"], tmp_path)
    assert "Invalid field 'publisher' for entrytype 'misc'" in out
    assert "legacy month field 'sep'" in out


def test_citeproc_js_apa_renders_organisations_as_one_name_and_family_first_names_right(
    items, tmp_path
):
    (tmp_path / "items.json").write_text(csl_json(list(items.values()), base_url=BASE))
    _require("node", STYLES / "apa.csl")
    out = _node("citeproc", STYLES / "apa.csl", tmp_path / "items.json")
    assert out["errors"] == []
    rendered = re.sub(r"\s+", " ", " ".join(out["entries"]))
    assert len(out["entries"]) == len(items)
    assert "Camera Oversight Commissioner. (2023)" in rendered
    assert "Commissioner, C" not in rendered
    assert "Ministry of Interior, Department 4. (2023" in rendered
    # A family-first name keeps its order; citeproc-js (Zotero's engine) writes no sort comma for
    # a "static-ordering" name, as the CSL specification says, where pandoc writes "Đặng, T.".
    assert "Đặng T. N. T. (2023" in rendered and "Thịnh, " not in rendered
    assert "王小明, & Doe, J. (2023)" in rendered
    assert "Reporter, A. (2023, September)" in rendered and "The Example Ledger" in rendered
    assert "བོད་ཀྱི་ལྟ་ཞིབ།" in rendered and "100% of #cameras" in rendered


def _read_back(tmp_path: Path, items: dict, fmt: str) -> dict[str, dict]:
    export = {"bib": bibtex, "ris": ris, "json": csl_json}[fmt]
    path = tmp_path / f"items.{fmt}"
    path.write_text(export(list(items.values()), base_url=BASE), encoding="utf-8")
    read = _node("citation-js", path)["items"]
    assert len(read) == len(items), read
    # citation-js keys a .bib entry by its label and a RIS record by ID.
    return {entry.get("citation-key") or str(entry["id"]): entry for entry in read}


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_citation_js_reads_organisations_people_and_unicode_right(items, tmp_path, fmt):
    by_id = _read_back(tmp_path, items, fmt)
    report = by_id[items["report"].reference]
    # An organisation stays one name: a literal, or a family name with no given name.
    assert [a.get("literal") or a.get("family") for a in report["author"]] == [
        "Camera Oversight Commissioner"
    ]
    assert not any(a.get("given") for a in report["author"])
    testimony = by_id[items["testimony"].reference]["author"][0]
    assert (testimony["family"], testimony["given"]) == ("Đặng", "Thị Ngọc Thịnh")
    statement = by_id[items["statement"].reference]["author"]
    if fmt == "ris":
        # RIS has no way to mark an organisation: a name with a comma in it is read as "Family,
        # Given" by every RIS reader (Zotero too). The .bib and CSL-JSON keep it whole.
        assert statement == [{"family": "Ministry of Interior", "given": "Department 4"}]
    else:
        assert [a.get("literal") or a.get("family") for a in statement] == [
            "Ministry of Interior, Department 4"
        ]
    assert by_id[items["tibetan"].reference]["title"] == "བོད་ཀྱི་ལྟ་ཞིབ།"
    assert by_id[items["news_article"].reference]["title"].endswith("& 100% of #cameras")


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_citation_js_reads_every_kind_as_its_intended_type_with_its_source(items, tmp_path, fmt):
    by_id = _read_back(tmp_path, items, fmt)
    news = by_id[items["news_article"].reference]
    if fmt == "bib":
        # citation-js maps every @article to a journal article and keeps biblatex's
        # `entrysubtype = {newspaper}` as the genre (pandoc and biblatex honour the subtype).
        assert (news["type"], news["genre"]) == ("article-journal", "newspaper")
    elif fmt == "ris":
        assert news["type"] == "article-magazine"  # RIS MGZN: see KIND_TYPES in letters/exports.py
    else:
        assert news["type"] == "article-newspaper"
    assert news["container-title"] == "The Example Ledger"
    # The article's author, not a "reporter" role no style prints.
    assert [(a["family"], a["given"]) for a in news["author"]] == [("Reporter", "Ana")]
    assert news["issued"]["date-parts"][0][:2] == [2023, 9]
    assert by_id[items["academic_paper"].reference]["type"] == "article-journal"
    for kind in ("report", "foi_response", "corporate_filing", "vulnerability_advisory"):
        entry = by_id[items[kind].reference]
        assert entry["type"] == "report", (kind, entry)
        issuer = (
            "Camera Oversight Commissioner" if kind == "report" else "Watchful Rights Collective"
        )
        assert entry["publisher"] == issuer, (kind, entry)
    if fmt == "json":  # CSL-JSON is read as written: every kind keeps its CSL type.
        for kind, (csl_type, _, _) in KIND_TYPES.items():
            assert by_id[items[kind].reference]["type"] == csl_type, kind
    for kind, item in items.items():
        entry = by_id[item.reference]
        assert entry["issued"]["date-parts"][0][0] in {2022, 2023}, (kind, entry)
