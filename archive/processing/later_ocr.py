"""A later OCR run over a long scan's queued pages: a scanned PDF's, or a multi-page TIFF's.

The file's first reading OCRs what fits in its run and leaves the rest queued
(archive/processing/pdf.py, archive/processing/images.py); archive/services/ocr_runs.py runs
each later run as a task of its own, in the same sandbox and limits, and stores its pages.
"""

from archive.processing import sandbox
from archive.processing.images import IMAGE_TYPES, read_image_ocr, too_large_warning
from archive.processing.limits import Limits
from archive.processing.ocr import ocr_given_up_warning, ocr_queued_warning, ocr_warnings
from archive.processing.pdf import read_with_ocr
from archive.processing.result import OcrRun


def ocr_later_run(path: str, media_type: str, limits: Limits, first: int, packs: str) -> OcrRun:
    """The queued pages from `first` on (at most limits.ocr_pages_per_run of them): their
    readings, what the run says about them, and what it left for the run after it."""
    child = read_image_ocr if media_type in IMAGE_TYPES else read_with_ocr
    outcome = sandbox.run(child, path, limits, options={"first": first, "packs": packs})
    if outcome.failure:
        reason = sandbox.failure_reason(outcome)
        return OcrRun({}, error=f"OCR could not read the scanned pages ({reason}).")
    data = outcome.data
    readings = {int(n): r for n, r in data["pages"].items()}
    readings |= {n: {"usable": False, "unreached": True} for n in data["unreached"]}
    read = {n: r for n, r in data["pages"].items() if not r.get("too_large")}
    warnings = too_large_warning(data["pages"], limits) + ocr_warnings(read, [], limits)
    warnings += ocr_given_up_warning(data["unreached"], limits)
    if data["queued"]:
        warnings.append(ocr_queued_warning(data["queued"]))
    return OcrRun(readings, warnings, data["queued"], data["packs"])
