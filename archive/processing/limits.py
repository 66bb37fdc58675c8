"""Resource limits for reading one file in a child process."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0  # wall time for one child run
    memory_bytes: int = 1 << 30  # RLIMIT_AS for the child
    max_pages: int = 5000
    max_image_pixels: int = 100_000_000  # Pillow decompression-bomb guard
    preview_width: int = 800
    # Tesseract's languages for OCR ("chi_sim+chi_tra"), from the item's language when the
    # researcher gave one; "" detects the script of each page (archive/processing/ocr.py).
    ocr_languages: str = ""
    # Share of `seconds` that OCR may spend on one file before it stops and says which pages it
    # did not reach: the rest of the run must still fit in the limit (docs/decisions/0012-ocr.md).
    ocr_share: float = 0.75
    # Scanned pages OCR reads in one run; the rest are left to later runs (0: no limit), each a
    # task of its own, so a 300-page scan does not hold a worker while other files wait.
    ocr_pages_per_run: int = 0


def describe_bytes(size: int) -> str:
    """'1 GiB', '512 MiB': how a limit is named in messages."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"
