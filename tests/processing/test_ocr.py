"""OCR of scanned PDF pages: real Tesseract on pages drawn with Noto fonts and noised."""

import time
from pathlib import Path

import pytest
from PIL import Image

from archive.processing import Limits, Status, process_file
from archive.processing.ocr import (
    NOT_REACHED,
    OCR_QUEUED_WARNING,
    QUEUED,
    SCAN_WITHOUT_TEXT,
    PageReader,
    ocr,
)
from archive.processing.pdf import read_with_ocr
from tests.processing import fixtures, scans

# The campaign's scripts last: OSD knows neither Tibetan nor, on two lines, Traditional Chinese.
LANGUAGES = ["en", "zh-Hans", "ar", "fr", "ja", "ko", "de", "ru", "zh-Hant", "bo", "ug"]


def _squeezed(text: str) -> str:
    # Tesseract spaces Korean syllables and CJK lines its own way; search reads through spaces.
    return "".join(text.split())


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    path = scans.scanned_pdf(tmp_path_factory.mktemp("scan") / "scan.pdf", LANGUAGES)
    # A script a page, so every page asks OSD: on a machine shared by several test runs the
    # default 60 s may not cover eleven pages, and the time limit has a test of its own below.
    return process_file(path, name="scan.pdf", limits=Limits(seconds=300))


def test_every_page_of_a_scan_in_eleven_languages_is_read(scanned) -> None:
    assert (scanned.status, scanned.error, scanned.warnings) == (Status.READY, "", [])
    for page, language in zip(scanned.pages, LANGUAGES, strict=True):
        assert page.extractor == "ocr", (language, page)
        assert _squeezed(scans.PROBES[language]) in _squeezed(page.text), (language, page.text)
        # Every character counts here, e.g. French "à" read as "a": at most 1 in 10 wrong.
        assert scans.cer("\n".join(scans.TEXTS[language]), page.text) < 0.1, (language, page.text)
        assert 0.6 < page.quality < 1  # OCR's confidence counts in the score
        assert page.note.startswith("OCR (")


def test_word_boxes_are_kept_for_highlighting(scanned) -> None:
    first = scanned.pages[0].ocr
    assert first["languages"] == "eng"  # sure with eng alone: no other pack was needed
    words = {w[0]: w for w in first["words"]}
    word, left, top, width, height, confidence = words["Freedom"]
    assert 0 < left < left + width < first["size"][0] and 0 < top < first["size"][1]
    assert height > 10 and confidence > 60
    # Told from the Han script, then read again in the form its characters lean to.
    assert scanned.pages[1].ocr["languages"] == "chi_sim"
    assert scanned.pages[8].ocr["languages"] == "chi_tra"
    # OSD does not know Tibetan (it says Cyrillic): each script's packs are tried in turn.
    assert scanned.pages[9].ocr["languages"] == "bod"
    # Arabic script with Uyghur's own letters: read again with uig alone.
    assert scanned.pages[10].ocr["languages"] == "uig"
    # Accented Latin is read again with every Latin pack ("reçu", not eng's "recu").
    assert scanned.pages[3].ocr["languages"] == "eng+fra+deu+pol"


def test_a_scanned_blank_sheet_says_why_it_has_no_text(tmp_path: Path) -> None:
    result = process_file(scans.blank_scanned_pdf(tmp_path / "blank.pdf"))
    assert result.status == Status.NO_TEXT
    assert [(p.text, p.extractor, p.note) for p in result.pages] == [
        ("", "none", SCAN_WITHOUT_TEXT)
    ]
    assert result.warnings == ["OCR found no text on page 1 (scanned, no text layer)."]


def test_the_items_language_chooses_tesseracts(tmp_path: Path) -> None:
    path = scans.scanned_pdf(tmp_path / "zh.pdf", ["zh-Hans"])
    result = process_file(path, limits=Limits(ocr_languages="chi_sim"))
    assert result.pages[0].ocr["languages"] == "chi_sim"
    assert "信息公开答复" in _squeezed(result.pages[0].text)


def test_a_text_layer_is_not_read_again(tmp_path: Path) -> None:
    # No page is a scan: no OCR child runs, pdfminer.six's text stands.
    assert read_with_ocr(str(fixtures.three_page_pdf(tmp_path)), Limits())["scans"] == 0
    result = process_file(fixtures.three_page_pdf(tmp_path))
    assert {p.extractor for p in result.pages} == {"pdfminer"}


def test_ocr_stops_within_its_share_of_the_time_limit_and_leaves_the_rest_to_later_runs(
    tmp_path: Path,
) -> None:
    # 40 pages: OCR reading a scan's own JPEG reads about 3 pages a second on a quiet core, so
    # 12 pages (as before) could all fit in the 6 s and the limit was never reached.
    path = scans.scanned_pdf(tmp_path / "long.pdf", ["en"] * 40)
    started = time.monotonic()
    result = process_file(path, limits=Limits(seconds=6))
    assert time.monotonic() - started < 6 * 2 + 5  # OCR's child, and the two readers before it
    assert result.status == Status.READY  # the pages read are kept
    read = [p.number for p in result.pages if p.extractor == "ocr"]
    assert 1 <= len(read) < 40 and read == list(range(1, len(read) + 1))
    # Not one page is lost to the time limit: the rest wait for later runs, in order.
    assert result.ocr_queued == list(range(len(read) + 1, 41))
    assert {p.note for p in result.pages[len(read) :]} == {QUEUED}
    [warning] = [w for w in result.warnings if w.startswith("OCR ")]
    assert warning.startswith(f"OCR has not read pages {len(read) + 1}")
    assert warning.endswith(OCR_QUEUED_WARNING)


def test_a_page_that_does_not_fit_in_a_run_alone_is_given_up_and_the_next_run_goes_on(
    tmp_path: Path,
) -> None:
    # One second, of which OCR's share leaves no time for a page: the run gives up its first
    # page (so that runs of a file always end) and leaves the others to the next run.
    path = scans.scanned_pdf(tmp_path / "two.pdf", ["en", "en", "en"])
    run = read_with_ocr(str(path), Limits(seconds=1))
    assert (run["pages"], run["unreached"], run["queued"]) == ({}, [1], [2, 3])
    later = read_with_ocr(str(path), Limits(seconds=60), first=2)
    assert (sorted(later["pages"]), later["unreached"], later["queued"]) == (["2", "3"], [], [])

    result = process_file(path, limits=Limits(seconds=1))
    assert result.pages[0].note == NOT_REACHED and result.ocr_queued == [2, 3]
    assert (
        "OCR could not read page 1 within the time limit (1 s, ARCHIVE_PROCESSING_SECONDS),"
        " even alone in its run; it has no text: re-process with a longer limit."
    ) in result.warnings


def test_two_thousand_image_only_pages_end_within_the_limits(tmp_path: Path) -> None:
    page = Image.new("1", (200, 280), 1)
    path = tmp_path / "many.pdf"
    page.save(path, "PDF", resolution=25, save_all=True, append_images=[page] * 1999)
    started = time.monotonic()
    result = process_file(path, limits=Limits(seconds=20))
    assert time.monotonic() - started < 3 * 20 + 5
    assert result.page_count == 2000 and result.status == Status.NO_TEXT
    assert any(w.startswith("OCR ") for w in result.warnings), result.warnings


def test_ocr_of_an_image_without_text_is_not_usable() -> None:
    reading = ocr(Image.new("L", (600, 400), 128), languages="eng", deadline=time.monotonic() + 30)
    assert not reading.usable and reading.text == ""


@pytest.mark.parametrize("language", ["ko", "ar"])
def test_a_page_in_another_script_is_told_by_osd_on_a_files_first_page(language) -> None:
    reading = PageReader().read(scans.page_image(language, seed=7), deadline=time.monotonic() + 120)
    assert reading.usable, reading
    assert _squeezed(scans.PROBES[language]) in _squeezed(reading.text), reading.text


def test_languages_cost_one_tesseract_run_a_page_once_the_file_has_told_them(monkeypatch) -> None:
    # A spy on the real readings (each still calls Tesseract): OSD and extra packs are paid
    # for when a page needs them, not on every page.
    from archive.processing import ocr as module

    runs: list[str] = []
    read_real, detect_real = module._read, module.detect_packs

    def counted(picture, languages, *args, **kwargs):
        runs.append(languages)
        return read_real(picture, languages, *args, **kwargs)

    def detected(*args, **kwargs):
        runs.append("osd")
        return detect_real(*args, **kwargs)

    monkeypatch.setattr(module, "_read", counted)
    monkeypatch.setattr(module, "detect_packs", detected)
    reader, deadline = PageReader(), time.monotonic() + 120

    def read(language: str, seed: int):
        runs.clear()
        reading = reader.read(scans.page_image(language, seed=seed), deadline=deadline)
        # Loose: the eleven-language test checks quality (eng+fra+deu+pol reads "reçu" as
        # "recu" on some noised pages).
        assert scans.cer("\n".join(scans.TEXTS[language]), reading.text) < 0.25, reading.text
        return reading.languages, list(runs)

    assert read("en", 1) == ("eng", ["eng"])
    assert read("fr", 2) == ("eng+fra+deu+pol", ["eng", "eng+fra+deu+pol"])  # accents: no OSD
    assert read("fr", 3) == ("eng+fra+deu+pol", ["eng+fra+deu+pol"])
    languages, first_han = read("zh-Hans", 4)
    # Han told by OSD, then read again in the form its characters lean to.
    assert languages == "chi_sim" and first_han[-3:] == ["osd", "chi_sim+chi_tra", "chi_sim"]
    # After a change of script the next page asks OSD first (a file may change page by page),
    # and once two pages agree the file's packs are tried first again.
    assert read("zh-Hans", 5) == ("chi_sim", ["osd", "chi_sim"])
    assert read("zh-Hans", 6) == ("chi_sim", ["chi_sim"])


def test_an_item_named_chinese_is_read_in_the_form_its_pages_are_in(monkeypatch) -> None:
    # "zh" names both forms (chi_sim+chi_tra), which mix them word by word (我们 for 我們):
    # the first page is read again in its own form, and the file's next pages in that form only.
    from archive.processing import ocr as module

    runs: list[str] = []
    read_real = module._read

    def counted(picture, languages, *args, **kwargs):
        runs.append(languages)
        return read_real(picture, languages, *args, **kwargs)

    monkeypatch.setattr(module, "_read", counted)
    reader, deadline = PageReader("chi_sim+chi_tra"), time.monotonic() + 120
    expected = "".join(scans.TEXTS["zh-Hant"])
    for seed, packs in ((4, ["chi_sim+chi_tra", "chi_tra"]), (5, ["chi_tra"])):
        runs.clear()
        reading = reader.read(scans.page_image("zh-Hant", seed=seed), deadline=deadline)
        assert (reading.languages, runs) == ("chi_tra", packs)
        assert scans.cer(expected, _squeezed(reading.text)) < 0.1, reading.text
        assert "我們" in reading.text, reading.text


def test_a_small_image_read_larger_keeps_its_reading_if_the_deadline_passes_meanwhile(
    monkeypatch,
) -> None:
    # A small, unsure reading is read again half as large again (ocr._enlarged); when the
    # file's time runs out during that second reading, the first one stands. The deadline is
    # moved to now for the second reading only: Tesseract itself is real.
    from archive.processing import ocr as module

    sizes: list[tuple[int, int]] = []
    read_real = module._read_page

    def late(picture, languages, deadline):
        sizes.append(picture.size)
        return read_real(picture, languages, time.monotonic() if len(sizes) > 1 else deadline)

    monkeypatch.setattr(module, "_read_page", late)
    image = scans.page_image("bo", seed=3, size=(1000, 500))
    reading = PageReader("bod").read(image, deadline=time.monotonic() + 120)
    assert sizes == [(1000, 500), (1500, 750)]  # it was read again larger, and ran out
    assert reading.usable and reading.size == (1000, 500), reading
    assert scans.cer("".join(scans.TEXTS["bo"]), _squeezed(reading.text)) < 0.1, reading.text
