"""OCR with Tesseract (through tesserocr, its C++ API): the text of a page image, its confidence
and words.

Runs inside a reader's sandboxed child (archive/processing/sandbox.py), which holds the time and
memory limits: Tesseract runs in the child itself, each language set loaded once for the file's
pages (a `tesseract` process a page spent 45 % of an English page's CPU starting and loading
its model; docs/decisions/0012-ocr.md), and each reading stops at the deadline. Which of
Tesseract's languages to use comes from the item's language when the researcher gave one
(`Limits.ocr_languages`), else from the page itself, cheapest first: `eng`, then the Latin
packs, then the script Tesseract's orientation and script detection (OSD) sees (PageReader,
one per file, remembers what its last page was read with). Pure of Django: tests call it
directly.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

# One core a reading: workers share the cores. Debian's libtesseract runs OpenMP, which reads
# this when it is loaded, so before tesserocr is imported (the fork servers import this module
# first, then their preloads).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Tesseract's language packs by the archive's language codes (archive.choices.LANGUAGES).
LANGUAGE_PACKS = {
    "en": "eng",
    "zh-Hans": "chi_sim",
    "zh-Hant": "chi_tra",
    "zh": "chi_sim+chi_tra",
    "bo": "bod",
    "ug": "uig",
    "ar": "ara",
    "ja": "jpn",
    "ko": "kor",
    "fr": "fra",
    "de": "deu",
    "pl": "pol",
    "nl": "nld",
    "ru": "rus",
}
# ... and by the script OSD names. Latin-script pages get the European languages the campaign
# works in (their accents are what tells them apart); Arabic script is Arabic or Uyghur; Cyrillic
# is Russian, with English for the bilingual forms of the region (a Russian certificate's
# English headings).
SCRIPT_PACKS = {
    "Latin": "eng+fra+deu+pol",
    "Han": "chi_sim+chi_tra",
    "HanS": "chi_sim",
    "HanT": "chi_tra",
    "Japanese": "jpn",
    "Katakana": "jpn",
    "Hiragana": "jpn",
    "Hangul": "kor",
    "Korean": "kor",
    "Arabic": "ara+uig",
    "Tibetan": "bod",
    "Cyrillic": "rus+eng",
}
DEFAULT_PACKS = "eng"
DPI = 200  # what PDF pages are rendered at: at 300, dust and blur cost more words than they gain
MIN_CONFIDENCE = 0.4  # below this a reading is noise (a photo, a drawing), not text
MIN_WORDS = 2
# A page is rendered for OCR at about 300 dpi, but never beyond this many pixels: Tesseract's
# memory grows with the image, and the child's memory limit is shared with the renderer.
OCR_MAX_PIXELS = 12_000_000
# CJK, Tibetan and Arabic scripts join words without spaces or Tesseract reads them as separate
# glyph clusters; their words are put together without a space.
_UNSPACED = ("chi_sim", "chi_tra", "jpn", "bod")


@dataclass
class OcrReading:
    text: str
    confidence: float  # 0..1, mean of Tesseract's word confidences weighted by length
    languages: str  # the packs used, e.g. "chi_sim+chi_tra"
    # [word, left, top, width, height, confidence 0..100] in the pixels of the image OCR read,
    # kept for highlighting hits on the page image later
    words: list[list[Any]] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # that image's width and height

    @property
    def usable(self) -> bool:
        return len(self.words) >= MIN_WORDS and self.confidence >= MIN_CONFIDENCE

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "languages": self.languages,
            "words": self.words,
            "size": list(self.size),
            "usable": self.usable,
        }


class OcrTimeout(Exception):
    """The time given for OCR ran out."""


# Debian's language data (tesseract-ocr-*, scripts/system_packages.sh), unless TESSDATA_PREFIX
# names another folder.
TESSDATA = os.environ.get("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")
# Language sets kept loaded in this process, the most recently used last: a file's pages share
# a script, so two (and OSD) cover a file that is told its languages page by page.
KEPT_APIS = 3


@dataclass(frozen=True)
class Picture:
    """A greyscale image's pixels as Tesseract reads them (one byte a pixel, no encoding)."""

    pixels: bytes
    size: tuple[int, int]
    dpi: int

    @classmethod
    def of(cls, image: Image.Image, dpi: int) -> Picture:
        return cls(image.tobytes(), image.size, dpi)


_apis: dict[str, Any] = {}


def _api(languages: str) -> Any:
    """A Tesseract API with `languages` loaded ("osd" for orientation and script detection)."""
    import tesserocr

    api = _apis.pop(languages, None)
    if api is None:
        while len(_apis) >= KEPT_APIS:
            _apis.pop(next(iter(_apis))).End()
        if languages == "osd":
            api = tesserocr.PyTessBaseAPI(path=TESSDATA, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
            # OSD needs characters to tell a script by: a headline has few.
            api.SetVariable("min_characters_to_try", "5")
        else:
            api = tesserocr.PyTessBaseAPI(path=TESSDATA, lang=languages)
    _apis[languages] = api
    return api


def _set(api: Any, picture: Picture) -> None:
    width, height = picture.size
    # Tesseract does not copy the pixels: `picture` outlives the reading that uses them.
    api.SetImageBytes(picture.pixels, width, height, 1, width)
    api.SetSourceResolution(picture.dpi)


def packs_for(language: str) -> str:
    """Tesseract's languages for an archive language code; "" when it has none."""
    return LANGUAGE_PACKS.get(language, "")


def detect_packs(picture: Picture, deadline: float) -> str:
    """The packs for the script OSD sees on the image; DEFAULT_PACKS when it cannot tell."""
    if deadline - time.monotonic() < 1:
        raise OcrTimeout
    api = _api("osd")
    _set(api, picture)
    osd = api.DetectOrientationScript()  # None: too few characters to tell
    return SCRIPT_PACKS.get(str((osd or {}).get("script_name", "")), DEFAULT_PACKS)


# How the languages of a page nobody named are found, cheapest first (bench/ocr.py measures
# it): Tesseract's `eng` alone costs a third of OSD plus `eng+fra+deu+pol`, and most pages are
# Latin. A reading is taken as it is when it is SURE (`eng` also needs no accented letter: it
# reads "reçu" as "recu", which search would then miss); a Latin reading that is not sure but
# LATIN_LIKELY (other scripts read with `eng` score under 25 %) is read again with every Latin
# pack, without asking OSD; anything else asks OSD for the script. A file's next page starts
# with the packs its last page was read with, so a Chinese scan pays for OSD once, not per page.
FIRST_PACKS = "eng"
SURE = 0.9
SURE_OF_OTHERS = 0.75  # packs an earlier page settled on: Arabic and Japanese score 85-90 %
# Tesseract is less sure of Tibetan it reads right (69-80 % on the tests' scans and the kinds
# corpus's alphabet) than of other scripts; other scripts read with bod score under 10 %.
SURE_OF = {"bod": 0.65}
LATIN_LIKELY = 0.7
# OSD needs more characters than a label or a headline has: on such an image it named Korean
# for Chinese, Kannada for Tibetan, Latin for Korean (../shared/corpus/kinds). And it does not
# know Tibetan at all: on the tests' Tibetan scans it names Cyrillic (confidence 1.7 and 10),
# and on a Traditional Chinese scan of two lines Korean. A page whose reading is still unsure
# is read with each script's packs, cheapest first, until one is sure, and the most confident
# reading kept (the right script scored 0.69-0.95, the others under 0.5). An image this small
# is when its reading is unsure; a larger scanned page or image other than a photo only when
# nothing usable was read (a poor scan in Latin script is not read five more times); a larger
# photo (a JPEG) never, so that a photo of a place is not read five more times either.
GUESS_MAX_PIXELS = 1_000_000
GUESSED_PACKS = ("kor", "bod", "jpn", "chi_sim+chi_tra", "ara+uig")


class PageReader:
    """Reads the pages of one file in turn; languages "" tells them from each page's text."""

    def __init__(self, languages: str = "", *, photo: bool = False) -> None:
        self.languages = languages
        self.photo = photo  # a camera's picture: guessed at only when small (GUESS_MAX_PIXELS)
        self.last = ""  # the packs the file's last readable page was read with
        # Set when a page's script differed from the last page's: in a file that changes
        # script page by page, trying the last page's packs first would be a wasted run.
        self.osd_first = False

    def read(self, image: Image.Image, *, deadline: float, dpi: int = DPI) -> OcrReading:
        """Read the image's text. Raises OcrTimeout when the deadline (time.monotonic())
        passes first."""
        image = _prepared(image)
        picture = Picture.of(image, dpi)
        if self.languages:
            reading = self._in_named_language(picture, deadline)
        else:
            reading = self._told(picture, deadline)
        if reading.usable and reading.languages in NARROWED.values():
            reading = _narrowed(picture, deadline, reading)
        if reading.usable:
            self.last = reading.languages
        return _enlarged(image, dpi, deadline, reading)

    def _in_named_language(self, picture: Picture, deadline: float) -> OcrReading:
        """The packs the item's language names; for "zh" (either form), once a page has shown
        which form the file is in (_narrowed), that form's pack alone, the named packs again
        only on a page it cannot read."""
        narrowed = NARROWED.get(self.last) == self.languages
        reading = _read_page(picture, self.last if narrowed else self.languages, deadline)
        if narrowed and not reading.usable:
            reading = _read_page(picture, self.languages, deadline)
        return reading

    def _told(self, picture: Picture, deadline: float) -> OcrReading:
        if self.osd_first:
            packs = self._osd(picture, deadline)
            self.osd_first = packs != self.last
            reading = _read_page(picture, packs, deadline)
            if _sure(reading) or not reading.words:
                return reading
            return self._guessed(picture, deadline, reading, {packs})
        reading = _read_page(picture, self.last or FIRST_PACKS, deadline)
        if _sure(reading) or not reading.words:
            return reading  # no word at all: a blank page, or too little for OSD to tell by
        if _latin_likely(reading):  # a Latin page with accents: its script needs no OSD
            again = _read_page(picture, SCRIPT_PACKS["Latin"], deadline)
            # eng may be as sure of "recu" as the Latin packs of "reçu": theirs is the spelling.
            return again if again.usable else reading
        packs = self._osd(picture, deadline)
        self.osd_first = bool(self.last) and packs != self.last
        unread_latin = reading.languages == FIRST_PACKS and packs == SCRIPT_PACKS["Latin"]
        if packs == reading.languages or (unread_latin and not reading.usable):
            # More Latin packs add accents, not legibility: a Latin page eng could not read is
            # not read again (two more runs on a page that is already the slowest).
            return self._guessed(picture, deadline, reading, {reading.languages})
        again = _read_page(picture, packs, deadline)
        best = max(reading, again, key=lambda r: (r.usable, r.confidence))
        return self._guessed(picture, deadline, best, {reading.languages, packs})

    def _osd(self, picture: Picture, deadline: float) -> str:
        packs = detect_packs(picture, deadline)
        if NARROWED.get(self.last) == packs:
            return self.last  # the file has settled on one language of the script (_narrowed)
        return packs

    def _guessed(
        self, picture: Picture, deadline: float, best: OcrReading, tried: set[str]
    ) -> OcrReading:
        """On a page OSD mistook (a label, a headline: too few characters for it; Tibetan,
        which it does not know), each other script's packs, cheapest first, until one is sure;
        the most confident wins."""
        large = picture.size[0] * picture.size[1] > GUESS_MAX_PIXELS
        if _sure(best) or (large and (self.photo or best.usable)):
            return best
        for packs in GUESSED_PACKS:
            if packs in tried:
                continue
            reading = _read(picture, packs, BLOCK, deadline)
            best = max(best, reading, key=lambda r: (r.usable, r.confidence))
            if _sure(best):
                break
        return best


# A small image (a label, a cropped line, a chart) read with less than SURE confidence is
# read once more half as large again, with the packs it was read with, and the more confident
# reading kept: Tesseract's models want glyphs larger than such images give them. On the kinds
# corpus's Tibetan alphabet (735 x 338 px) bod lost a tsheg (ཀ་ཁ་གང, 77 %); at 1.5x it reads
# ཀ་ཁ་ག་ང་ (85 %). Kept only when more confident: enlarging every small image 2x regardless
# misread the Korean and Chinese ones. The words' boxes are in the pixels of the image read,
# whose size the reading carries, as for one made smaller by _prepared.
ENLARGED = 1.5


def _enlarged(image: Image.Image, dpi: int, deadline: float, reading: OcrReading) -> OcrReading:
    from PIL.Image import Resampling

    small = image.width * image.height <= GUESS_MAX_PIXELS
    if not small or not reading.usable or reading.confidence >= SURE:
        return reading
    size = (round(image.width * ENLARGED), round(image.height * ENLARGED))
    bigger = Picture.of(image.resize(size, Resampling.LANCZOS), dpi)
    try:
        again = _read_page(bigger, reading.languages, deadline)
    except OcrTimeout:
        return reading  # the deadline came first: the page keeps the reading it has
    return again if again.usable and again.confidence > reading.confidence else reading


# Two packs of one script pick each word's reading by confidence: chi_sim+chi_tra gave 我们
# and 申请 for 我們 and 申請 on a noised Traditional scan (a quotation would not match the
# page), ara+uig ؤ for Uyghur's ۋ. A reading whose text is told to be in one of them (OpenCC's
# forms; Uyghur's own letters: archive/processing/language.py) is read again with that pack
# alone, kept unless it is clearly less sure, and the file's next pages start with it (a file
# is taken to be in one form; OSD's script then means it).
NARROWED = {"chi_sim": SCRIPT_PACKS["Han"], "chi_tra": SCRIPT_PACKS["Han"]}
NARROWED["uig"] = SCRIPT_PACKS["Arabic"]
NARROWED_MARGIN = 0.05


def _narrowed(picture: Picture, deadline: float, reading: OcrReading) -> OcrReading:
    from archive.processing.language import chinese_forms, detect_language

    packs = ""
    if reading.languages == SCRIPT_PACKS["Han"]:
        traditional, simplified = chinese_forms(reading.text)
        if traditional != simplified:
            packs = "chi_tra" if traditional > simplified else "chi_sim"
    elif reading.languages == SCRIPT_PACKS["Arabic"] and detect_language(reading.text) == "ug":
        packs = "uig"
    if not packs:
        return reading
    try:
        again = _read(picture, packs, BLOCK, deadline)
    except OcrTimeout:
        return reading  # the deadline came first: the page keeps the reading it has
    return again if again.confidence >= reading.confidence - NARROWED_MARGIN else reading


def ocr(image: Image.Image, *, languages: str = "", deadline: float, dpi: int = DPI) -> OcrReading:
    """Read one image's text; languages "" tells them from the text (PageReader)."""
    return PageReader(languages).read(image, deadline=deadline, dpi=dpi)


def _sure(reading: OcrReading) -> bool:
    if not reading.usable:
        return False
    if reading.languages == FIRST_PACKS:
        # An accented letter, not any non-ASCII character: a brochure's "—" or "®" is no reason
        # to read 700 words again.
        accented = any(c.isalpha() and not c.isascii() for c in reading.text)
        return reading.confidence >= SURE and not accented
    return reading.confidence >= SURE_OF.get(reading.languages, SURE_OF_OTHERS)


def _latin_likely(reading: OcrReading) -> bool:
    return (
        reading.languages == FIRST_PACKS and reading.usable and reading.confidence >= LATIN_LIKELY
    )


# Tesseract's page segmentation modes (tesserocr.PSM): one block of text, and automatic.
BLOCK, AUTO = 6, 3


def _read_page(picture: Picture, languages: str, deadline: float) -> OcrReading:
    # One block of text first: automatic segmentation drops the headings and short lines of a
    # sparse page (a letter, a form); automatic when the block finds nothing, for a photo of
    # a notice.
    reading = _read(picture, languages, BLOCK, deadline)
    if reading.usable:
        return reading
    sparse = _read(picture, languages, AUTO, deadline)
    # Neither usable: keep the one that saw words, so PageReader knows there is text to tell
    # the script of (eng's psm 3 finds no word on some Korean pages where psm 6 finds several).
    return sparse if sparse.usable or not reading.words else reading


def _read(picture: Picture, languages: str, mode: int, deadline: float) -> OcrReading:
    remaining = deadline - time.monotonic()
    if remaining < 1:
        raise OcrTimeout
    api = _api(languages)
    api.SetPageSegMode(mode)
    _set(api, picture)
    if not api.Recognize(timeout=int(remaining * 1000)):
        raise OcrTimeout  # Tesseract's monitor stopped it at the deadline
    return _reading(_tsv(api.GetTSVText(0)), languages, picture.size)


_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num")
_TSV_COLUMNS += ("left", "top", "width", "height", "conf", "text")


def _tsv(text: str) -> dict[str, list[Any]]:
    """Tesseract's TSV (one row a block, paragraph, line and word, no header) by column."""
    data: dict[str, list[Any]] = {column: [] for column in _TSV_COLUMNS}
    for row in text.splitlines():
        fields = row.split("\t")
        if len(fields) < len(_TSV_COLUMNS):
            fields += [""] * (len(_TSV_COLUMNS) - len(fields))
        for column, value in zip(_TSV_COLUMNS, fields, strict=False):
            data[column].append(value)
    return data


def _prepared(image: Image.Image) -> Image.Image:
    """Greyscale, without dust, at most OCR_MAX_PIXELS: what Tesseract reads best and fastest."""

    if image.mode != "L":
        image = image.convert("L")
    pixels = image.width * image.height
    if pixels > OCR_MAX_PIXELS:
        factor = (OCR_MAX_PIXELS / pixels) ** 0.5
        image = image.resize(
            (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
        )
    return image


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Two hangul "words" closer than this share of the line's height stand together in the image:
# Tesseract (kor) often gives a word's syllables as words of their own ("차 오 양" for 차오양,
# gaps of 7-12 px at 54 px high; the real spaces of the same line 27-35 px).
HANGUL_GAP = 0.35


def _joined(line: list[list[Any]], joiner: str) -> str:
    """A line's words, spaced as the reading's script is (`joiner`), except hangul syllables
    the image sets together."""
    out = line[0][0]
    close = HANGUL_GAP * statistics.median(height for *_, height in line)
    for (before, left, _, width, _), (word, next_left, *_) in zip(line, line[1:], strict=False):
        together = (
            joiner
            and _HANGUL.search(before[-1])
            and _HANGUL.search(word[0])
            and next_left - (left + width) < close
        )
        out += ("" if together else joiner) + word
    return out


def _reading(data: dict[str, list[Any]], languages: str, size: tuple[int, int]) -> OcrReading:
    unspaced = any(pack in languages for pack in _UNSPACED) and "eng" not in languages
    lines: dict[tuple[int, int, int], list[list[Any]]] = {}
    words: list[list[Any]] = []
    weighted = letters = 0.0
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        confidence = float(data["conf"][i])
        if not word or confidence < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = [int(data[k][i]) for k in ("left", "top", "width", "height")]
        lines.setdefault(key, []).append([word, *box])
        words.append([word, *box, round(confidence, 1)])
        weighted += confidence * len(word)
        letters += len(word)
    joiner = "" if unspaced else " "
    text = "\n".join(_joined(line, joiner) for line in lines.values())
    return OcrReading(text, weighted / letters / 100 if letters else 0.0, languages, words, size)


# --- What readers say about OCR -----------------------------------------------------------


def gettext_noop(message: str) -> str:
    """Marks a note for the catalogues (makemessages reads the name); processing stays free
    of Django. The note is kept in English with the page, shown translated (page_text.py)."""
    return message


SCAN_WITHOUT_TEXT = gettext_noop("a scanned page; OCR found no text")
PHOTO_WITHOUT_TEXT = gettext_noop("a photo; OCR found no text")
IMAGE_WITHOUT_TEXT = gettext_noop("an image; OCR found no text")
NOT_REACHED = gettext_noop("a scanned page OCR did not reach within the time limit")
QUEUED = "a scanned page OCR has not read yet"
TOO_LARGE_FOR_OCR = gettext_noop("a scanned page too large for OCR")


def ocr_page_note(page: Any, reading: dict[str, Any], *, blank: str = SCAN_WITHOUT_TEXT) -> str:
    """The note of a page OCR read: which languages and how sure, or why it has no text."""
    if page.extractor == "ocr":
        said = f"OCR ({reading['languages']}), confidence {100 * reading['confidence']:.0f}%"
        return "; ".join(filter(None, [page.note, said]))
    if reading.get("unreached"):
        blank = NOT_REACHED
    if reading.get("too_large"):
        blank = TOO_LARGE_FOR_OCR
    if reading.get("queued"):
        blank = QUEUED
    return page.note if page.text else blank


def ocr_warnings(pages: dict[str, Any], unreached: list[int], limits: Any) -> list[str]:
    from archive.processing.text_of_record import page_list

    warnings = []
    empty = [int(n) for n, r in pages.items() if not r["usable"]]
    if empty:
        warnings.append(f"OCR found no text on {page_list(empty)} (scanned, no text layer).")
    if unreached:
        warnings.append(
            f"OCR read {len(pages):,} of {len(pages) + len(unreached):,} scanned pages within"
            f" the time limit ({limits.seconds:g} s, ARCHIVE_PROCESSING_SECONDS);"
            f" {page_list(unreached)} {'has' if len(unreached) == 1 else 'have'} no text yet:"
            " re-process with a longer limit."
        )
    return warnings


def ocr_queued_warning(queued: list[int]) -> str:
    from archive.processing.text_of_record import page_list

    return f"OCR has not read {page_list(queued)} yet: {OCR_QUEUED_WARNING}"


# The end of the warning a long scan carries until its last OCR run; each run takes it off.
OCR_QUEUED_WARNING = "later runs read them, a few pages at a time, between other files."


def ocr_given_up_warning(unreached: list[int], limits: Any) -> list[str]:
    """What a scanned PDF's run says of the pages it gave up: each the first of its run, and
    not read within the run's time (the pages after it go to later runs)."""
    from archive.processing.text_of_record import page_list

    if not unreached:
        return []
    return [
        f"OCR could not read {page_list(unreached)} within the time limit ({limits.seconds:g} s,"
        f" ARCHIVE_PROCESSING_SECONDS), even alone in its run;"
        f" {'it has' if len(unreached) == 1 else 'they have'} no text: re-process with a longer"
        " limit."
    ]
