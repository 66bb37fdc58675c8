"""Multilingual search over real files: PDFs written here with Debian's Noto fonts and read by
the real worker, and the real text PDFs of ../shared/corpus/kinds, on every engine."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from archive.processing import process_file
from search.engines.base import SearchRequest, plain_item_document
from search.query import parse_query
from tests.factories import make_file, make_item
from tests.search.conftest import ENGINES, engine_settings
from tests.shared_corpus import CORPUS, corpus_dir, manifest_probes

# Installed by scripts/system_packages.sh (fonts-noto-cjk, fonts-noto-core).
FONTS = {
    "cjk": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "tibetan": Path("/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf"),
    "arabic": Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"),
}
NOTO_PAGES = [
    ("cjk", "市政府去年采购了人脸识别系统，用于监控车站和广场。"),
    ("tibetan", "ང་ཚོ་ལྷ་སའི་དགོན་པའི་ནང་ལ་ཕྱིན།"),
    ("arabic", "مەكتەپتىكى ئوقۇغۇچىلار كىتاب ئوقۇدى."),
]


def noto_pdf() -> bytes:
    """One page per script, in Debian's Noto fonts, as fpdf2 writes them (no shaping)."""
    from fpdf import FPDF

    missing = [str(path) for path in FONTS.values() if not path.exists()]
    if missing:
        message = f"Noto fonts missing: {', '.join(missing)} (scripts/system_packages.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    pdf = FPDF()
    # The collection's SC face (0 JP, 1 KR, 2 SC, 3 TC, 4 HK): Simplified Chinese glyphs.
    pdf.add_font("cjk", fname=str(FONTS["cjk"]), collection_font_number=2)
    pdf.add_font("tibetan", fname=str(FONTS["tibetan"]))
    pdf.add_font("arabic", fname=str(FONTS["arabic"]))
    for font, text in NOTO_PAGES:
        pdf.add_page()
        pdf.set_font(font, size=14)
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def marked(snippet: str) -> str:
    return "|".join(re.findall(r"<mark>(.*?)</mark>", snippet))


@pytest.mark.django_db(transaction=True)
def test_a_pdf_in_noto_fonts_read_by_the_worker_is_found_in_each_script(
    client, engine, evidence_index, work_queue
):
    item = make_item(
        evidence_index, title="Three scripts", files=[make_file("noto.pdf", noto_pdf())]
    )
    work_queue()
    for query, page, word in [
        ("人脸识别", 1, "人脸识别"),
        ("人臉識別", 1, "人脸识别"),  # Traditional query, Simplified document
        ("ལྷ་ས", 2, "ལྷ་སའི"),
        ("དགོན་པ", 2, "དགོན་པའི"),
        ("ئوقۇغۇچىلار", 3, "ئوقۇغۇچىلار"),
    ]:
        data = client.get("/api/v1/search/", {"q": query}).json()
        assert [r["reference"] for r in data["results"]] == [item.reference], query
        first = data["results"][0]["matches"][0]
        assert (first["page"], marked(first["snippet"])) == (page, word), query


# --- the real PDFs of ../shared/corpus/kinds --------------------------------------------------


def _probes() -> list[tuple[str, str]]:
    return manifest_probes("kinds", {"pdf-text"})


@cache
def _stored_pages(name: str) -> tuple[str, ...]:
    """The text of record of each page, as the worker's reader stores it."""
    result = process_file(CORPUS / "kinds" / name, name=name)
    return tuple(page.text for page in result.pages)


@pytest.fixture(scope="module", params=ENGINES)
def kinds_indexed(request, django_db_setup, django_db_blocker):
    corpus_dir("kinds")
    names = sorted({name for name, _ in _probes()})
    documents = [
        plain_item_document(n, name, _stored_pages(name)) for n, name in enumerate(names, start=1)
    ]
    with django_db_blocker.unblock(), engine_settings(request.param) as engine:
        engine.rebuild(documents)
        try:
            yield engine
        finally:
            engine.rebuild([])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "probe"), _probes())
def test_every_probe_phrase_of_the_real_pdfs_is_found(kinds_indexed, name, probe):
    response = kinds_indexed.search(SearchRequest(parse_query(probe), page_size=50))
    results = {r.reference: r for r in response.results}
    assert name in results, f"{probe!r} not found in {name}"
    [first, *_] = results[name].matches
    assert marked(first.snippet), first.snippet
