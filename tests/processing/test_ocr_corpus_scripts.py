"""The corpus's small images of text and small scans that OSD could not tell, read with no
language: the probes the kinds probe test (tests/search/test_kinds_probes.py) listed as missed.

A quicker check of the OCR choices that found them, over the same real files, without the
import and the three search engines: a small page rendered enlarged (ocrmypdf's 2400 dpi
recipe card), and a small image whose script OSD mistook read with each script's packs.
"""

import pytest

from archive.processing import Limits, Status, process_file
from tests.shared_corpus import corpus_dir

pytestmark = pytest.mark.corpus("kinds")

FOUND = [
    ("ocrmypdf__2400dpi.pdf", "Linzensoep", "eng+fra+deu+pol"),
    ("kreuzberg__chi_sim_image.jpeg", "清道夫", "chi_sim+chi_tra"),
    ("kreuzberg__chi_sim_image.jpeg", "适用人群", "chi_sim+chi_tra"),
    ("ocrpipelines__test_script_image.png", "ཀ་ཁ་ག", "bod"),
    ("rapidocr__korean.jpg", "베이징 차오양", "kor"),
]


@pytest.mark.parametrize(("name", "probe", "packs"), FOUND, ids=[f[1] for f in FOUND])
def test_a_small_scan_with_no_language_is_read_in_its_script(name, probe, packs) -> None:
    # A minute, as in production, but alone on the machine's cores it needs a quarter of it.
    result = process_file(corpus_dir("kinds") / name, name=name, limits=Limits(seconds=60))
    assert result.status == Status.READY, (result.error, result.warnings)
    [page] = result.pages
    assert page.ocr["languages"] == packs, page.note
    assert "".join(probe.split()) in "".join(page.text.split()), page.text


def test_a_dutch_item_is_read_with_the_dutch_pack() -> None:
    name = "ocrmypdf__2400dpi.pdf"
    result = process_file(corpus_dir("kinds") / name, name=name, limits=Limits(ocr_languages="nld"))
    [page] = result.pages
    assert page.ocr["languages"] == "nld"
    assert "Linzensoep" in page.text and "uienbloem" in "".join(page.text.split())
