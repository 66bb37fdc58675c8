"""Evidence files: originals kept byte for byte, with their hash, type, status and page texts."""

from __future__ import annotations

import os
import re
from email.utils import getaddresses

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.search import index

from archive.choices import TERMINAL_FILE_STATUSES, AccessLevel, FileStatus
from archive.processing.hashing import sha256_of_stream
from archive.processing.pdf_active import WARNING_START as ACTIVE_CONTENT_WARNING
from archive.processing.sniff import kind_label, sniff_media_type
from archive.unprefixed import reverse_unprefixed

WITHHELD = "(address withheld)"
EMAIL_MEDIA_TYPES = frozenset({"message/rfc822", "application/vnd.ms-outlook"})
# An address as written in a message's body, quoted replies and signatures above all.
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def names_only(addresses: str) -> str:
    """'Wang <w@example.org>, desk@example.org' -> 'Wang, (address withheld)'."""
    pairs = getaddresses([addresses])
    return ", ".join(name or WITHHELD for name, _ in pairs if name or _)


def addresses_withheld(text: str) -> str:
    """'write to wang@example.org' -> 'write to (address withheld)'."""
    return _ADDRESS.sub(WITHHELD, text)


# Types a browser may show inline; everything else (SVG and HTML above all, which can run
# script) is sent as a download, and so is a PDF with active content (shown_inline).
INLINE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}
)


def original_upload_to(instance: EvidenceFile, filename: str) -> str:
    # Content-addressed folders: two originals can never collide, and fixity checks can find
    # a file from its hash alone.
    name = get_valid_filename(os.path.basename(filename)) or "file"
    return f"originals/{instance.sha256[:2]}/{instance.sha256}/{name}"


def preview_upload_to(instance: EvidenceFile, filename: str) -> str:
    return f"previews/{instance.sha256[:2]}/{instance.sha256}/{filename}"


def derivative_upload_to(instance: EvidenceFile, filename: str) -> str:
    return f"derivatives/{instance.sha256[:2]}/{instance.sha256}/{filename}"


def public_copy_upload_to(instance: EvidenceFile, filename: str) -> str:
    return f"public-copies/{instance.sha256[:2]}/{instance.sha256}/{filename}"


# An original of these types may carry its author's location and device (EXIF, XMP, IPTC): the
# public only ever gets its public copy (archive/processing/photo.py), never the original.
PUBLIC_COPY_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"})
PUBLIC_STATUS_NOTES = {
    FileStatus.PENDING: _("The file is waiting to be read."),
    FileStatus.PROCESSING: _("The file is being read."),
    FileStatus.NO_TEXT: _(
        "No text could be read from this file; the original is kept as received."
    ),
    FileStatus.NEEDS_PASSWORD: _(
        "The file is protected by a password; its text could not be read."
    ),
    FileStatus.FAILED: _("The file could not be read; the original is kept as received."),
}
PUBLIC_COPY_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tiff"}


class EvidenceFileQuerySet(DocumentQuerySet):
    def public(self) -> EvidenceFileQuerySet:
        """Files held by at least one live, public evidence item (EvidencePage...public()) and
        by no restricted one: a restricted original stays restricted whoever else links it
        (archive/services/restriction.py keeps public items from holding one at all)."""
        EvidencePage = apps.get_model("archive", "EvidencePage")  # defined beside, holding files
        # Correlated EXISTS: for one file, SQLite looks at that file's links only (an IN over
        # every public item took 11 ms a file at 10,000 items, against 1.5 ms).
        held_publicly = EvidencePage.objects.public().filter(file_links__file=OuterRef("pk"))
        held_restricted = EvidencePage.objects.filter(
            access_level=AccessLevel.RESTRICTED, file_links__file=OuterRef("pk")
        )
        return self.filter(Exists(held_publicly)).exclude(Exists(held_restricted))

    def viewable_by(self, user) -> EvidenceFileQuerySet:
        if user_can_view_restricted(user):
            return self.all()
        return self.public()


def user_can_view_restricted(user) -> bool:
    return bool(
        user and user.is_authenticated and user.has_perm("archive.view_restricted_evidence")
    )


class EvidenceFile(AbstractDocument):
    """An uploaded original, never altered.

    A Wagtail document (set as WAGTAILDOCS_DOCUMENT_MODEL) so researchers get Wagtail's upload,
    chooser, usage and collection tools; the fields below add what an archive needs on top.
    """

    file = models.FileField(upload_to=original_upload_to, max_length=400, verbose_name="file")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    media_type = models.CharField(max_length=100, blank=True, editable=False)
    page_count = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(
        max_length=20, choices=FileStatus.choices, default=FileStatus.PENDING, editable=False
    )
    error = models.TextField(blank=True, editable=False)
    warnings = models.JSONField(default=list, blank=True, editable=False)
    preview = models.FileField(upload_to=preview_upload_to, blank=True, editable=False)
    metadata_title = models.CharField(max_length=500, blank=True, editable=False)
    # What the file says about itself (an email's date, subject, from, to; a page's date), as
    # read; the public sees only what settings.ARCHIVE_EMAIL_PUBLIC_HEADERS allows.
    metadata = models.JSONField(default=dict, blank=True, editable=False)
    # The PDF an office document was converted to (archive/processing/office.py), from which its
    # pages were read; the original stays what the hash and the download refer to.
    derivative = models.FileField(
        upload_to=derivative_upload_to, max_length=400, blank=True, editable=False
    )
    # The files found inside this one (an email's attachments, a message inside a message),
    # stored as originals of their own; one attachment can be found in several emails. They are
    # linked to every item that holds this file (archive/services/attachments.py).
    attachments = models.ManyToManyField(
        "self", symmetrical=False, related_name="found_in", blank=True, editable=False
    )
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set each time a worker takes the file, with the count of takes since it was last queued
    # on purpose: a file left `processing` by a killed worker is found by its age and re-queued
    # (or given up on) by archive.services.recovery, and a worker whose take was superseded
    # does not record its result (archive.services.ingestion).
    processing_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # A long scan's OCR owed to later runs (archive/services/ocr_runs.py): the first page the
    # next run reads (None: no run owed), and how many of this take's runs were lost with their
    # worker and queued again by archive.services.recovery (given up on after MAX_ATTEMPTS).
    ocr_next_page = models.PositiveIntegerField(null=True, blank=True, editable=False)
    ocr_runs_lost = models.PositiveSmallIntegerField(default=0, editable=False)
    # An image's public copy: its pixels only, upright, without EXIF/GPS/XMP/ICC/text
    # (archive/processing/photo.py), hashed like the original. Anyone without the restricted
    # permission gets this instead of the original (archive.views.serve_file, letters/pack.py).
    public_copy = models.FileField(
        upload_to=public_copy_upload_to, max_length=400, blank=True, editable=False
    )
    public_copy_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    public_copy_size = models.PositiveBigIntegerField(default=0, editable=False)
    public_copy_media_type = models.CharField(max_length=100, blank=True, editable=False)
    public_copy_note = models.CharField(max_length=200, blank=True, editable=False)
    # What a photo's original says for verification, for researchers only: {"taken": ...,
    # "device": ..., "gps": {"latitude": ..., "longitude": ...}} (archive/processing/photo.py)
    photo_metadata = models.JSONField(default=dict, blank=True, editable=False)
    # Each page's [width, height] in points, as PDFium read them from the file or its derivative:
    # the page images' width and height attributes before they are rendered
    # (archive/page_images.py keeps the images themselves in storage under keys of their own).
    page_sizes = models.JSONField(default=list, blank=True, editable=False)

    admin_form_fields = ("title", "file", "collection", "tags")

    objects = EvidenceFileQuerySet.as_manager()

    search_fields = AbstractDocument.search_fields + [
        index.FilterField("status"),
        index.FilterField("media_type"),
        index.SearchField("sha256"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "evidence file"
        verbose_name_plural = "evidence files"
        permissions = [("choose_document", "Can choose document")]
        indexes = [models.Index(fields=["status"])]

    def save(self, *args, **kwargs):
        # Every way in (admin upload, bulk import, API) ends here, so this is where a new original
        # is hashed and typed from its bytes, and marked to be read: no path can skip it. The
        # reading is queued on commit by archive/signal_handlers.py.
        is_new_file = self._file_is_new()
        if is_new_file:
            self._record_file_facts()
        self.reading_due = is_new_file
        super().save(*args, **kwargs)

    def _file_is_new(self) -> bool:
        if not self.file:
            return False
        if self.pk is None:
            return True
        return not getattr(self.file, "_committed", True)

    def _record_file_facts(self) -> None:
        self.file.open("rb")
        self.sha256, self.file_size = sha256_of_stream(self.file)
        self.media_type = sniff_media_type(self.file.read(8192))
        self.file.seek(0)
        self.status = FileStatus.PENDING
        self.error = ""
        self.processing_attempts = 0

    @property
    def url(self) -> str:
        return reverse_unprefixed("archive:file", args=[self.pk, self.filename])

    @property
    def preview_url(self) -> str:
        return reverse_unprefixed("archive:preview", args=[self.pk]) if self.preview else ""

    @property
    def page_image_source(self):
        """The PDF its page images are drawn from (the original, or the PDF an office document
        was converted to), or None: other files have no page images."""
        if self.status not in (FileStatus.READY, FileStatus.NO_TEXT) or not self.page_count:
            return None
        if self.derivative:
            return self.derivative
        return self.file if self.media_type == "application/pdf" else None

    @property
    def kind_label(self) -> str:
        """'Word document', 'Email', 'PDF': shown on the public page instead of the media type."""
        return kind_label(self.media_type)

    @property
    def public_headers(self) -> list[tuple[str, str]]:
        """An email's headers the public may see (settings.ARCHIVE_EMAIL_PUBLIC_HEADERS), as
        (label, value); senders and recipients by name only unless addresses are allowed."""
        shown = []
        for name in settings.ARCHIVE_EMAIL_PUBLIC_HEADERS:
            value = (self.metadata or {}).get(name, "")
            if (
                value
                and name in ("from", "to", "cc")
                and not settings.ARCHIVE_EMAIL_PUBLIC_ADDRESSES
            ):
                value = names_only(value)
            if value:
                shown.append((name.capitalize(), value))
        return shown

    def public_status_note(self) -> str:
        """What the public reads about the file's reading: neutral, never a reader's message."""
        return PUBLIC_STATUS_NOTES.get(self.status, "")

    @property
    def gps_position(self) -> dict | None:
        """The GPS coordinates the original carries, for researchers (never for the public)."""
        return (self.photo_metadata or {}).get("gps")

    @property
    def needs_public_copy(self) -> bool:
        """Whether the public must get a copy instead of the original (an image)."""
        return self.media_type in PUBLIC_COPY_TYPES

    @property
    def public_filename(self) -> str:
        """The name the public copy goes out under: the original's, with the copy's suffix."""
        stem = os.path.splitext(self.filename)[0] or "file"
        return stem + PUBLIC_COPY_SUFFIXES.get(self.public_copy_media_type, "")

    @property
    def content_type(self) -> str:
        return self.media_type or "application/octet-stream"

    @property
    def active_content_warning(self) -> str:
        """The reader's warning that this PDF holds JavaScript, a Launch action or embedded
        files (archive/processing/pdf_active.py), or ""."""
        return next((w for w in self.warnings if w.startswith(ACTIVE_CONTENT_WARNING)), "")

    @property
    def shown_inline(self) -> bool:
        """Whether a browser may show the original itself rather than save it. A PDF only once
        the reader has looked inside and found no active content (a browser's PDF viewer runs
        scripts); SVG, HTML and other types that can run script never."""
        if self.content_type not in INLINE_TYPES:
            return False
        if self.content_type == "application/pdf":
            looked = self.status in (FileStatus.READY, FileStatus.NO_TEXT)
            return looked and not self.active_content_warning
        return True

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_FILE_STATUSES

    @property
    def holding_items(self):
        EvidencePage = apps.get_model("archive", "EvidencePage")
        return EvidencePage.objects.filter(file_links__file=self).distinct()


class PageText(models.Model):
    """The text of one page of one file, as extracted; a search hit points at one of these."""

    file = models.ForeignKey(EvidenceFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)  # the text of record (archive/processing/text_of_record.py)
    extractor = models.CharField(max_length=20)  # the reading it came from
    quality = models.FloatField(default=1.0)  # 0 (characters all lost) to 1 (clean)
    note = models.CharField(max_length=500, blank=True)  # why that reading, or what is wrong
    language = models.CharField(max_length=10, blank=True)  # detected; "" when it cannot tell
    # When the text came from OCR: its word boxes, for highlighting hits on the page image
    # ({"size": [w, h], "languages": "eng", "words": [[word, left, top, width, height, conf]]}).
    ocr = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["file", "number"]
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="unique_page_per_file")
        ]

    def __str__(self) -> str:
        return f"{self.file} p. {self.number}"


def files_needing_attention():
    return EvidenceFile.objects.filter(
        Q(status__in=[FileStatus.FAILED, FileStatus.NEEDS_PASSWORD])
    ).order_by("-created_at")
