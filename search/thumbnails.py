"""The thumbnail a search result shows: the 160 px image of its best page, where one exists.

The best page is the first match's (search/snippets.py orders them); an item matched on its
title alone shows its first file's first page. Only files with page images (PDFs, and office
documents read into PDFs) have one. The image is served through the same access check as the
file (archive.views.serve_page_image); its width and height come from EvidenceFile.page_sizes,
so the list does not move as images arrive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from archive.models import EvidenceFileLink
from archive.page_images import page_image_size
from archive.processing.page_images import THUMBNAIL_WIDTH
from search.engines.base import Result


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int
    height: int
    page: int


def _file_position(anchor: str) -> int:
    """0 for "page-3", 1 for "f2-page-3" (archive.models.evidence.anchor_prefix)."""
    if anchor.startswith("f") and "-page-" in anchor:
        try:
            return int(anchor[1:].split("-", 1)[0]) - 1
        except ValueError:
            return 0
    return 0


def result_thumbnails(results: list[Result]) -> dict[int, Thumbnail]:
    """Item id → its thumbnail, for the items that have one; one query for the whole page."""
    if not results:
        return {}
    links = (
        EvidenceFileLink.objects.filter(item_id__in=[r.item_id for r in results])
        .select_related("file")
        .order_by("item_id", "sort_order", "id")
    )
    files: dict[int, list] = {}
    for link in links:
        files.setdefault(link.item_id, []).append(link.file)
    thumbnails = {}
    for result in results:
        position, page = 0, 1
        if result.matches:
            position, page = _file_position(result.matches[0].anchor), result.matches[0].page
        item_files = files.get(result.item_id, [])
        if not 0 <= position < len(item_files):
            continue
        evidence_file = item_files[position]
        if evidence_file.page_image_source is None or not 1 <= page <= evidence_file.page_count:
            continue
        width, height = page_image_size(evidence_file, page, THUMBNAIL_WIDTH)
        if not (width and height):
            continue
        url = reverse("archive:page_image", args=[evidence_file.pk, THUMBNAIL_WIDTH, page])
        thumbnails[result.item_id] = Thumbnail(url, width, height, page)
    return thumbnails
