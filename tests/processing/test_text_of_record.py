"""Choosing each page's text of record among its readings (archive/processing/text_of_record.py).

The pure cases are the failures seen in real PDFs, written out; the corpus test reads the real
files of ../shared/corpus/kinds through the real readers and checks that the text kept holds the
manifest's probe phrases.
"""

from __future__ import annotations

import unicodedata

import pytest

from archive.processing import process_file
from archive.processing.text_of_record import Candidate, assess, choose, normalise
from tests.shared_corpus import corpus_dir, manifest

PDFIUM = dict(logical_order=True)


def test_kangxi_radicals_lose_to_the_real_ideographs():
    # pdfminer.six read ⼈ (U+2F08, KANGXI RADICAL MAN) where the page says 人.
    choice = choose([Candidate("pdfminer", "⼈权观察报告"), Candidate("pdfium", "人权观察报告")])
    assert (choice.extractor, choice.text) == ("pdfium", "人权观察报告")
    assert "compatibility characters" in choice.reason


def test_radicals_nfkc_leaves_alone_are_repaired_from_unicodes_table():
    """⻚ U+2EDA (CJK RADICAL C-SIMPLIFIED LEAF) for 页, ⻔ U+2ED4 for 门: pdfminer.six reads
    Chromium's Chinese PDFs (Noto Sans CJK) so; NFKC maps neither."""
    read = "第 1 \u2eda，共 3 \u2eda。采购部\u2ed4"
    assert normalise(read) == "第 1 页，共 3 页。采购部门"
    choice = choose(
        [Candidate("pdfminer", read), Candidate("pdfium", "第 1 页，共 3 页。采购部门")]
    )
    assert choice.extractor == "pdfium" and "compatibility characters" in choice.reason
    assert choose([Candidate("pdfminer", read)]).text == "第 1 页，共 3 页。采购部门"
    assert normalise("\u2e80") == "\u2e80"  # Unicode gives it no equivalent


def test_mojibake_loses_and_a_mojibake_only_page_is_garbled():
    gbk_as_latin1 = "人脸识别系统采购公告".encode("gbk").decode("latin-1")
    choice = choose(
        [Candidate("pdfminer", gbk_as_latin1), Candidate("pdfium", "人脸识别系统采购公告")]
    )
    assert choice.text == "人脸识别系统采购公告" and not choice.garbled
    alone = choose([Candidate("pdfminer", gbk_as_latin1)])
    assert alone.garbled and "mojibake" in " ".join(alone.quality.problems)


def test_private_use_glyphs_and_replacement_characters_are_lost_text():
    tibetan = "བོད་ཀྱི་ལོ་རྒྱུས།"
    stacks = "\ue0a1\ue0b2\ue011་\ue0c4\ue0c5"  # a legacy font's own code points for stacks
    choice = choose([Candidate("pdfminer", stacks), Candidate("pdfium", tibetan)])
    assert choice.text == tibetan and choice.extractor == "pdfium"
    assert assess(stacks).garbled and assess("\ufffd\ufffd\ufffd ok").garbled
    assert not assess(tibetan).problems  # vowel signs and subjoined letters are not "lost"


def test_cid_placeholders_lose():
    choice = choose(
        [Candidate("pdfminer", "(cid:12)(cid:7)(cid:99) x"), Candidate("pdfium", "中文")]
    )
    assert choice.extractor == "pdfium"


def test_ties_go_to_the_first_reader_and_text_is_nfkc():
    choice = choose(
        [Candidate("pdfminer", "The ﬁrm’s report"), Candidate("pdfium", "The ﬁrm’s report")]
    )
    assert (choice.extractor, choice.reason) == ("pdfminer", "")
    assert choice.text == "The firm’s report"  # the ligature is two letters to search and quote


def test_arabic_presentation_forms_in_visual_order_become_logical_letters():
    visual = "ﻡﻼﺳ ﺎﺒﺣﺮﻣ"  # "مرحبا سلام" as glyphs stand on the page, last letter first
    assert "right-to-left text in visual order" in " ".join(assess(visual).problems)
    assert normalise(visual) == "مرحبا سلام"
    assert normalise("ﻣﺮﺣﺒﺎ ﺳﻼﻡ") == "مرحبا سلام"  # logical already: only NFKC


def test_reversed_arabic_and_hebrew_letters_are_turned_round():
    # pdfminer.six's order for these lines of real PDFs (pdfbox BidiSample, pdf.js issue 11656).
    assert normalise("ةيبرعلا") == "العربية"
    assert normalise("םלוע םולש") == "שלום עולם"
    assert normalise("A line with an Arabic ةيبرعلا word embedded.") == (
        "A line with an Arabic العربية word embedded."
    )
    assert normalise("العربية") == "العربية" and normalise("שלום עולם") == "שלום עולם"


def test_hebrew_without_final_letters_is_judged_against_the_logical_reading():
    pdfminer, pdfium = "תילגנא )English :תילגנאב(", "אנגלית (באנגלית: English)"
    choice = choose([Candidate("pdfminer", pdfminer), Candidate("pdfium", pdfium, **PDFIUM)])
    assert choice.extractor == "pdfium" and "visual order" in choice.reason


def test_uyghur_in_logical_order_is_left_alone():
    uyghur = "ئۇيغۇر تىلى ۋە ئەدەبىياتى"
    assert normalise(uyghur) == uyghur and not assess(uyghur).problems


def test_a_legacy_encoded_text_file_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("关于人脸识别系统采购项目的公告。".encode("gb18030") * 20)
    result = process_file(path, name="notice.txt")
    (page,) = result.pages
    assert result.status == "ready" and page.quality == 1.0
    assert page.text.startswith("关于人脸识别系统采购项目的公告。")


def _pdf_text_rows():
    try:
        return [r for r in manifest("kinds") if r["kind"] == "pdf-text" and r["probe"].strip()]
    except FileNotFoundError:
        return []


@pytest.mark.parametrize("row", _pdf_text_rows(), ids=lambda r: r["file"])
def test_the_text_kept_for_real_pdfs_holds_their_probe_phrases(row):
    folder = corpus_dir("kinds")
    result = process_file(folder / row["file"], name=row["file"])
    text = "\n".join(page.text for page in result.pages)
    compact = "".join(text.split())
    for probe in (p.strip() for p in row["probe"].split("|") if p.strip()):
        probe = unicodedata.normalize("NFKC", probe)
        # Spaced-out CJK ("中 文 姓 名") is a layout artefact that search reads through.
        assert probe in text or "".join(probe.split()) in compact, (probe, text[:400])
