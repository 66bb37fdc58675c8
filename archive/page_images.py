"""Where a file's page images are kept, and making the missing ones on first request.

Storage keys, not rows: `page-images/<sha256[:2]>/<sha256>/<width>/<page>.webp`, and the
page's words with their boxes (for marks drawn on the image) at `.../words/<page>.json`. An image is
fully determined by the original (its hash) and the page and width, so the key names it, two
files can never collide, and asking whether it exists is one stat. Page sizes, which the
evidence page needs for width and height before an image exists, are on EvidenceFile.page_sizes.
Access is never decided here: archive.views.serve_page_image checks it first, as for the file.
"""

from __future__ import annotations

import contextlib
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from archive.models import EvidenceFile
from archive.processing.limits import Limits
from archive.processing.page_images import (
    THUMBNAIL_WIDTH,
    WIDTHS,
    pixel_size,
    render_in_sandbox,
)
from archive.storage import local_copy

# Rendering one page is quick; a child stuck longer than this is a hostile file, not a page.
RENDER_LIMITS = Limits(seconds=20.0, memory_bytes=1 << 30)


def _folder(evidence_file: EvidenceFile) -> str:
    sha = evidence_file.sha256
    return f"page-images/{sha[:2]}/{sha}"


def page_image_key(evidence_file: EvidenceFile, number: int, width: int | str) -> str:
    if width == "words":
        return f"{_folder(evidence_file)}/words/{number}.json"
    return f"{_folder(evidence_file)}/{width}/{number}.webp"


def page_image_size(evidence_file: EvidenceFile, number: int, width: int) -> tuple[int, int]:
    """The image's pixel width and height, from the page size the reader recorded."""
    sizes = evidence_file.page_sizes or []
    size = sizes[number - 1] if 0 < number <= len(sizes) else (0, 0)
    return pixel_size(size, width)


def page_images_store(evidence_file: EvidenceFile, images: dict[tuple, bytes | list]) -> None:
    """Keep rendered images (and words) under their keys, replacing what an earlier reading
    left."""
    for (number, width), data in images.items():
        key = page_image_key(evidence_file, number, width)
        if width == "words":
            data = json.dumps(data, ensure_ascii=False).encode()
        with contextlib.suppress(FileNotFoundError):
            default_storage.delete(key)
        saved = default_storage.save(key, ContentFile(data))
        if saved != key:  # another request stored the same image a moment before
            default_storage.delete(saved)


def page_images_delete(evidence_file: EvidenceFile) -> None:
    """Forget every page image of the file (it is being read again: its PDF may differ)."""
    for width in (*WIDTHS, "words"):
        folder = f"{_folder(evidence_file)}/{width}"
        try:
            _, names = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            default_storage.delete(f"{folder}/{name}")


def page_image_open(evidence_file: EvidenceFile, number: int, width: int | str):
    """The stored image (width "words": the page's words) as an open file, rendering the page
    (in the sandbox) if it is missing; None when the file has no such page or PDFium cannot
    draw it."""
    source = evidence_file.page_image_source
    if width not in (*WIDTHS, "words") or source is None:
        return None
    if not 1 <= number <= evidence_file.page_count:
        return None
    key = page_image_key(evidence_file, number, width)
    try:
        return default_storage.open(key, "rb")
    except FileNotFoundError:
        pass
    # The reading size comes with its thumbnail (a resize of the same bitmap); a thumbnail alone
    # is drawn at its own size, 25 times fewer pixels: the strip asks for many at once.
    widths = [THUMBNAIL_WIDTH] if width == THUMBNAIL_WIDTH else WIDTHS
    with local_copy(source) as path:  # the child opens a path; a bucket has none
        images = render_in_sandbox(
            path, [number], RENDER_LIMITS, words=width == "words", widths=widths
        )
    if (number, width) not in images:
        return None
    page_images_store(evidence_file, images)
    return default_storage.open(key, "rb")
