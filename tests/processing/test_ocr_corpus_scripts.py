"""The corpus's small images of text and small scans that OSD could not tell, read with no
language: the probes the kinds probe test (tests/search/test_kinds_probes.py) listed as missed.

A quicker check of the OCR choices that found them, over the same real files, without the
import and the three search engines: a small page rendered enlarged (ocrmypdf's 2400 dpi
recipe card), and a small image whose script OSD mistook read with each script's packs.
"""

import pytest

from archive.processing import Limits, Status, process_file
from search.analysis import index_text
from tests.shared_corpus import corpus_dir

pytestmark = pytest.mark.corpus("kinds")

FOUND = [
    pytest.param(name, probe, packs, id=probe, marks=marks)
    for name, probe, packs, marks in [
        ("ocrmypdf__2400dpi.pdf", "Linzensoep", "eng+fra+deu+pol", ()),
        ("kreuzberg__chi_sim_image.jpeg", "清道夫", "chi_sim", ()),
        ("kreuzberg__chi_sim_image.jpeg", "适用人群", "chi_sim", ()),
        # Read right only half as large again (ocr._enlarged): at its own size bod loses the
        # tsheg after ག (ཀ་ཁ་གང), and search, which matches syllables, missed it.
        ("ocrpipelines__test_script_image.png", "ཀ་ཁ་ག", "bod", ()),
        ("rapidocr__korean.jpg", "베이징 차오양", "kor", ()),
    ]
]


def searchable(probe: str, text: str) -> bool:
    """Whether search would find the probe as a phrase in the text: its terms, in order,
    among the text's (search's own analysis, which every engine indexes)."""
    return f" {index_text(probe)} " in f" {index_text(text)} "


@pytest.mark.parametrize(("name", "probe", "packs"), FOUND)
def test_a_small_scan_with_no_language_is_read_in_its_script(name, probe, packs) -> None:
    # A minute, as in production, but alone on the machine's cores it needs a quarter of it.
    result = process_file(corpus_dir("kinds") / name, name=name, limits=Limits(seconds=60))
    assert result.status == Status.READY, (result.error, result.warnings)
    [page] = result.pages
    assert page.ocr["languages"] == packs, page.note
    assert searchable(probe, page.text), page.text


def test_hangul_syllables_the_image_sets_together_stay_together() -> None:
    """Tesseract (kor) gives 차오양 as three words, 12 px apart where the line's spaces are
    27-35 px: the reading joins them, and keeps the spaces."""
    name = "rapidocr__korean.jpg"
    result = process_file(corpus_dir("kinds") / name, name=name, limits=Limits(seconds=60))
    [page] = result.pages
    assert page.text.startswith("베이징 차오양") and "기술로 농업" in page.text, page.text


def test_a_dutch_item_is_read_with_the_dutch_pack() -> None:
    name = "ocrmypdf__2400dpi.pdf"
    result = process_file(corpus_dir("kinds") / name, name=name, limits=Limits(ocr_languages="nld"))
    [page] = result.pages
    assert page.ocr["languages"] == "nld"
    assert "Linzensoep" in page.text and "uienbloem" in "".join(page.text.split())
