"""Reading a PDF: pdfminer.six for the text of record, PDFium for the rest and as a fallback."""

import base64
import io
import re
from typing import Any

from archive.processing import sandbox, scan_image
from archive.processing.images import encode_preview
from archive.processing.language import detect_language
from archive.processing.limits import Limits
from archive.processing.ocr import (
    DPI,
    OCR_MAX_PIXELS,
    OcrTimeout,
    PageReader,
    ocr_given_up_warning,
    ocr_page_note,
    ocr_queued_warning,
    ocr_warnings,
)
from archive.processing.page_images import (
    EAGER_PAGES,
    decode,
    page_sizes,
    render_numbers,
    scanned_picture,
)
from archive.processing.pdf_active import (
    active_content_warning,
    pdfium_active_content,
    pdfminer_active_content,
)
from archive.processing.result import ExtractedPage, ProcessResult, Status, failed
from archive.processing.text_of_record import (
    Candidate,
    choose,
    garbled_warning,
    page_list,
    page_of_record,
)

PASSWORD_MESSAGE = (
    "This PDF is protected by a password; upload an unprotected copy or ask the"
    " source for the password."
)
DAMAGED = "The PDF is damaged and could not be read"


@sandbox.preloads("pypdfium2", "PIL.Image", "PIL.ImageOps", "PIL.WebPImagePlugin")
def read_with_pdfium(path: str, limits: Limits) -> dict[str, Any]:
    """Child: page count, title, text per page (None where a page fails), a page-1 preview,
    each page's size and the first pages' images (archive/processing/page_images.py)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)  # an empty user password is tried by default
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            return {"needs_password": True}
        raise
    count = len(pdf)
    if count == 0 or count > limits.max_pages:
        return {"page_count": count}
    pages: list[str | None] = []
    for index in range(count):
        try:
            pages.append(pdf[index].get_textpage().get_text_bounded())
        except pdfium.PdfiumError:
            pages.append(None)
    result = {"page_count": count, "title": pdf.get_metadata_value("Title"), "pages": pages}
    try:
        result["active"] = sorted(pdfium_active_content(pdf))
    except pdfium.PdfiumError:  # pdfminer.six looks as well
        result["active"] = []
    try:
        result["preview"] = _render(pdf[0], limits.preview_width)
    except Exception:  # the preview is optional; the text read above must not be lost with it
        result["preview"] = None
    result["sizes"] = page_sizes(pdf)
    # A scanned page is drawn on request instead, from its own JPEG: three drawn here cost
    # 0.23 CPU s of this child's 0.32 on a 4-page scan, time its OCR needs (BENCHMARKS.md, OCR).
    eager = [n for n in range(1, min(count, EAGER_PAGES) + 1) if not _is_scan(pdfium, pdf[n - 1])]
    result["page_images"] = render_numbers(pdfium, pdf, eager)
    return result


# A page whose text layer has fewer visible characters than this and shows an image is a scan.
SCAN_TEXT_CHARS = 20


@sandbox.preloads("pypdfium2", "tesserocr", "PIL.Image")
def read_with_ocr(path: str, limits: Limits, first: int = 1, packs: str = "") -> dict[str, Any]:
    """Child: OCR of the pages from `first` on that show an image and have (almost) no text
    layer, in page order, until limits.ocr_share of the time limit is spent or
    limits.ocr_pages_per_run pages are read; the pages after are left to a later run
    (queued), so a time limit loses no page. A page that does not fit in a run's time on its
    own, the run's first, is given up (unreached): every run reads a page or gives one up, so
    the runs of a file end. Returns the readings, those two lists, and the packs its last page
    was read with."""
    import time

    import pypdfium2 as pdfium

    deadline = time.monotonic() + limits.seconds * limits.ocr_share
    pdf = pdfium.PdfDocument(path)
    read: dict[str, Any] = {}
    scans, unreached, queued = 0, [], []
    reader = PageReader(limits.ocr_languages)  # one for the file: its pages share a script
    reader.last = packs  # what the file's earlier run settled on
    budget = limits.ocr_pages_per_run or len(pdf)
    for index in range(max(0, first - 1), min(len(pdf), limits.max_pages)):
        page = pdf[index]
        if not _is_scan(pdfium, page):
            continue
        scans += 1
        moved_on = bool(read or unreached)  # this run has read a page or given one up
        if queued or len(read) >= budget or (moved_on and time.monotonic() > deadline - 1):
            queued.append(index + 1)
            continue
        try:
            if time.monotonic() > deadline - 1:
                raise OcrTimeout
            image, dpi = _image_for_ocr(pdfium, page)
            reading = reader.read(image, deadline=deadline, dpi=dpi)
            read[str(index + 1)] = reading.as_dict()
        except OcrTimeout:
            (queued if moved_on else unreached).append(index + 1)
    return {
        "pages": read,
        "scans": scans,
        "unreached": unreached,
        "queued": queued,
        "packs": reader.last,
    }


def _is_scan(pdfium: Any, page: Any) -> bool:
    try:
        text = page.get_textpage().get_text_bounded()
    except pdfium.PdfiumError:
        text = ""
    if len("".join(text.split())) >= SCAN_TEXT_CHARS:
        return False
    return any(True for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))


# A scanned page whose one image is at least this sharp is read from the image's own pixels;
# a coarser one is rendered at DPI, which Tesseract reads better than a fax's 100 dpi.
MIN_NATIVE_DPI = 0.9 * DPI
MAX_NATIVE_DPI = 1.3 * DPI  # sharper JPEGs are decoded at a half, a quarter or an eighth


def _image_for_ocr(pdfium: Any, page: Any) -> tuple[Any, int]:
    """The page as a greyscale image for OCR, and its resolution. A scan that is one upright
    image covering the page is taken out of the PDF (archive/processing/scan_image.py: a
    JPEG decoded straight to greyscale costs a fifth of rendering the page); anything else
    is rendered."""
    try:
        native = _native_image(pdfium, page)
    except MemoryError:
        raise
    except Exception:  # a damaged image stream: PDFium's rendering says what can be seen
        native = None
    return native or (_render_for_ocr(page), round(72 * _ocr_scale(page)))


def _native_image(pdfium: Any, page: Any) -> tuple[Any, int] | None:
    image = scan_image.sole_image(pdfium, page)
    if image is None:
        return None
    pixels_wide, pixels_high = image.get_px_size()
    dpi = pixels_wide / (image.get_matrix().get()[0] / 72)
    if dpi < MIN_NATIVE_DPI or max(page.get_size()) * DPI / 72 < MIN_LONG_SIDE:
        return None  # too coarse, or a small page OCR reads enlarged
    if scan_image.is_jpeg(image):
        scale = scan_image.jpeg_scale(dpi, MIN_NATIVE_DPI)
        if dpi / scale > MAX_NATIVE_DPI or pixels_wide * pixels_high > OCR_MAX_PIXELS * scale**2:
            return None
        picture = scan_image.jpeg_picture(image, "L", scale)
    elif dpi <= MAX_NATIVE_DPI and pixels_wide * pixels_high <= OCR_MAX_PIXELS:
        picture = image.get_bitmap(render=False).to_pil()
    else:  # decoding more pixels than OCR reads would cost memory the renderer caps
        return None
    if picture is None or picture.mode not in ("L", "RGB", "1"):
        return None
    return picture.convert("L"), round(dpi * picture.width / pixels_wide)


def _render_for_ocr(page: Any) -> Any:
    return page.render(scale=_ocr_scale(page), grayscale=True).to_pil()


# A page this small (a label, a receipt: ocrmypdf's 2400 dpi recipe card is 1.7 inches wide)
# gives too few pixels at DPI for its letters; it is rendered with at least this long a side,
# at most at MAX_SMALL_PAGE_DPI (measured: at 200 dpi "Linzensoep" is read "Linzensoop").
MIN_LONG_SIDE = 1000
MAX_SMALL_PAGE_DPI = 600


def _ocr_scale(page: Any) -> float:
    width, height = page.get_size()
    scale = DPI / 72
    if 0 < max(width, height) * scale < MIN_LONG_SIDE:
        scale = min(MIN_LONG_SIDE / max(width, height), MAX_SMALL_PAGE_DPI / 72)
    # Never beyond OCR_MAX_PIXELS: a poster-sized page would be gigabytes.
    return min(scale, (OCR_MAX_PIXELS / max(1.0, width * height)) ** 0.5)


def _render(page: Any, width: int) -> str | None:
    page_width, page_height = page.get_size()
    if not (page_width > 0 and page_height > 0):
        return None
    # Scale from the page size, never a fixed DPI: a 100000 pt page at scale 1 is a 40 GB bitmap.
    scale = min(width / page_width, 4 * width / page_height)
    target = (round(page_width * scale), round(page_height * scale))
    picture = scanned_picture(page, target) or page.render(scale=scale).to_pil()
    return encode_preview(picture, width)


@sandbox.preloads(
    "pdfminer.converter",
    "pdfminer.layout",
    "pdfminer.pdfdocument",
    "pdfminer.pdfinterp",
    "pdfminer.pdfpage",
    "pdfminer.pdfparser",
    "pdfminer.pdftypes",
)
def read_with_pdfminer(path: str, limits: Limits) -> dict[str, Any]:
    """Child: text per page in order, None for a page pdfminer.six could not read, and the
    kinds of active content among the document's objects."""
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    pages: list[str | None] = []
    with open(path, "rb") as f:
        manager = PDFResourceManager()
        document = PDFDocument(PDFParser(f))
        for page in PDFPage.create_pages(document):
            if len(pages) == limits.max_pages:  # PDFium may not have counted them for us
                return {"too_many_pages": True}
            text = io.StringIO()
            try:
                with TextConverter(manager, text, laparams=LAParams()) as device:
                    PDFPageInterpreter(manager, device).process_page(page)
                pages.append(text.getvalue())
            except MemoryError:
                raise
            except Exception:  # one bad page must not lose the others; PDFium's text stands in
                pages.append(None)
        try:
            active = pdfminer_active_content(document)
        except Exception:  # the pages read above must not be lost; PDFium has looked as well
            active = set()
    return {"pages": pages, "active": sorted(active)}


def _ocr(path: str, limits: Limits, theirs: list, mine: list, warnings: list[str]) -> dict:
    """OCR readings by page number (as a string), when some page has no text layer to use."""
    texts = [m if m is not None else t for m, t in zip(mine, theirs, strict=False)]
    if texts and all(len("".join((t or "").split())) >= SCAN_TEXT_CHARS for t in texts):
        return {}  # every page has a text layer: no OCR child at all
    outcome = sandbox.run(read_with_ocr, path, limits)
    if outcome.failure:
        warnings.append(
            f"OCR could not read the scanned pages ({sandbox.failure_reason(outcome)})."
        )
        return {}
    data = outcome.data
    warnings += ocr_warnings(data["pages"], [], limits)
    warnings += ocr_given_up_warning(data["unreached"], limits)
    if data["queued"]:
        warnings.append(ocr_queued_warning(data["queued"]))
    left = {str(n): {"usable": False, "unreached": True} for n in data["unreached"]}
    left |= {str(n): {"usable": False, "queued": True} for n in data["queued"]}
    return {**data["pages"], **left, "": {"queued": data["queued"], "packs": data["packs"]}}


def page_with_ocr(number: int, stored: Candidate | None, reading: dict) -> ExtractedPage:
    """A page a later OCR run read: the text of record chosen again between what the first
    run stored (its text layer's reading, if any) and OCR's."""
    candidates = [stored] if stored else []
    if reading.get("usable"):
        candidates.append(Candidate("ocr", reading["text"], confidence=reading["confidence"]))
    page = page_of_record(number, choose(candidates))
    page.note, page.ocr = ocr_page_note(page, reading), _boxes(page, reading)
    page.language = detect_language(page.text)
    return page


def _boxes(page: ExtractedPage, reading: dict) -> dict | None:
    if page.extractor != "ocr":
        return None
    return {"size": reading["size"], "words": reading["words"], "languages": reading["languages"]}


def _too_many(count: int | None, limits: Limits) -> str:
    has = f"{count:,}" if count else f"more than {limits.max_pages:,}"
    return f"The PDF has {has} pages; the limit is {limits.max_pages:,} (ARCHIVE_MAX_PAGES)."


def _clean(text: str | None) -> str:
    # pdfminer ends each page with a form feed; PDFium writes CRLF; databases refuse NUL.
    return (text or "").replace("\x0c", "").replace("\r\n", "\n").replace("\x00", "").strip()


def process_pdf(path: str, media_type: str, limits: Limits) -> ProcessResult:
    pdfium = sandbox.run(read_with_pdfium, path, limits)
    if pdfium.data.get("needs_password"):
        return failed(media_type, PASSWORD_MESSAGE, Status.NEEDS_PASSWORD)
    count = pdfium.data.get("page_count")
    if count == 0:
        return failed(media_type, "The PDF has no pages.")
    if count is not None and count > limits.max_pages:
        return failed(media_type, _too_many(count, limits))
    miner = sandbox.run(read_with_pdfminer, path, limits)
    if miner.data.get("too_many_pages"):
        return failed(media_type, _too_many(None, limits))
    if pdfium.failure and miner.failure:  # ties go to pdfminer.six: its errors say more
        worst = min(miner, pdfium, key=lambda o: sandbox.FAILURE_RANK.index(o.failure))
        return failed(media_type, sandbox.failure_message(worst, limits, DAMAGED))

    warnings = []
    active = {*pdfium.data.get("active", ()), *miner.data.get("active", ())}
    if active:
        warnings.append(active_content_warning(active))
    if pdfium.failure:
        warnings.append(
            f"PDFium could not read the file ({sandbox.failure_reason(pdfium)}),"
            " so there is no preview."
        )
    elif not pdfium.data.get("preview"):
        warnings.append("No preview could be made of page 1.")
    if miner.failure:
        warnings.append(
            f"pdfminer.six could not read the file ({sandbox.failure_reason(miner)});"
            " the text comes from PDFium."
        )
    theirs = [_clean(t) for t in pdfium.data.get("pages", [])]
    mine = miner.data.get("pages", [])
    scanned = _ocr(path, limits, theirs, mine, warnings)
    later = scanned.pop("", {"queued": [], "packs": ""})
    pages, failed_pages, replaced, empty = [], [], [], []
    for number in range(1, max(len(theirs), len(mine)) + 1):
        text = mine[number - 1] if number <= len(mine) else None  # None: pdfminer failed
        if number <= len(mine) and text is None:
            failed_pages.append(number)
        candidates = [Candidate("pdfminer", _clean(text))] if text is not None else []
        if number <= len(theirs):
            candidates.append(Candidate("pdfium", theirs[number - 1], logical_order=True))
        reading = scanned.get(str(number))
        if reading and reading["usable"]:
            candidates.append(Candidate("ocr", reading["text"], confidence=reading["confidence"]))
        page = page_of_record(number, choose(candidates))
        if reading:
            page.note, page.ocr = ocr_page_note(page, reading), _boxes(page, reading)
        if page.extractor == "pdfium" and text is not None:
            (replaced if _clean(text) else empty).append(number)
        pages.append(page)
    if not pages:  # PDFium refused the file and pdfminer.six read it but found no pages
        return failed(media_type, "The PDF has no pages.")
    if not miner.failure and len(mine) < len(theirs):
        warnings.append(
            f"pdfminer.six found {len(mine)} of the {len(theirs)} pages;"
            " PDFium's text is used for the others."
        )
    if failed_pages:
        warnings.append(
            f"pdfminer.six could not read {page_list(failed_pages)};"
            " PDFium's text is used where it has any."
        )
    if empty:
        warnings.append(
            f"pdfminer.six found no text on {page_list(empty)}; PDFium's text is used instead."
        )
    if replaced:
        warnings.append(
            f"PDFium's text is used on {page_list(replaced)}, where pdfminer.six's had"
            " characters lost or mis-encoded."
        )
    warnings += garbled_warning(pages)
    preview = pdfium.data.get("preview")
    return ProcessResult(
        status=Status.READY if any(p.text for p in pages) else Status.NO_TEXT,
        media_type=media_type,
        page_count=len(pages),
        pages=pages,
        preview=base64.b64decode(preview) if preview else None,
        preview_media_type="image/webp" if preview else "",
        title=_title(pdfium.data.get("title") or ""),
        warnings=warnings,
        page_sizes=pdfium.data.get("sizes", []),
        page_images=decode(pdfium.data.get("page_images", {})),
        ocr_queued=later["queued"],
        ocr_packs=later["packs"],
    )


# What authoring tools write when nobody gave a title; worse than the file name as an item title.
PLACEHOLDER_TITLES = re.compile(
    r"(untitled( document)?|title|document|none|null|unknown|microsoft (word|powerpoint) - .*"
    r"|.*\.(docx?|pptx?|xlsx?|odt|rtf|txt|pdf|indd|qxd))",
    re.IGNORECASE,
)


def _title(raw: str) -> str:
    title = " ".join(raw.split())
    sane = len(title) <= 500 and title.isprintable() and "\ufffd" not in title
    return title if sane and not PLACEHOLDER_TITLES.fullmatch(title) else ""
