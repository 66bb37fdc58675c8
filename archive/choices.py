"""Choice sets of the evidence domain, in one place so forms, filters and exports agree."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.processing.result import Status as ReadStatus


class EvidenceKind(models.TextChoices):
    REPORT = "report", _("Report")
    TESTIMONY = "testimony", _("Testimony")
    NEWS_ARTICLE = "news_article", _("News article")
    STATEMENT = "statement", _("Statement or press release")
    FOI_RESPONSE = "foi_response", _("FOI response")
    GOVERNMENT_DOCUMENT = "government_document", _("Government document")
    CORPORATE_FILING = "corporate_filing", _("Corporate filing")
    ACADEMIC_PAPER = "academic_paper", _("Academic paper")
    VULNERABILITY_ADVISORY = "vulnerability_advisory", _("Vulnerability advisory")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    DATASET = "dataset", _("Dataset")
    OTHER = "other", _("Other")


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted (researchers only)")


def default_access_level(kind: str) -> str:
    """The access level of new evidence that was given none: testimony may identify its
    witness, so it starts restricted; a researcher with the permission can make it public."""
    return AccessLevel.RESTRICTED if kind == EvidenceKind.TESTIMONY else AccessLevel.PUBLIC


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class SourceType(models.TextChoices):
    NGO = "ngo", _("NGO")
    NEWS_OUTLET = "news_outlet", _("News outlet")
    GOVERNMENT = "government", _("Government body")
    COMPANY = "company", _("Company")
    ACADEMIC = "academic", _("Academic")
    INDIVIDUAL = "individual", _("Individual witness")
    OTHER = "other", _("Other")


class FileStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    # How reading ended: the reader's own statuses (archive/processing/result.py), one concept.
    READY = ReadStatus.READY.value, _("Ready")
    NO_TEXT = ReadStatus.NO_TEXT.value, _("No text")
    NEEDS_PASSWORD = ReadStatus.NEEDS_PASSWORD.value, _("Needs password")
    FAILED = ReadStatus.FAILED.value, _("Failed")


TERMINAL_FILE_STATUSES = frozenset(FileStatus(status) for status in ReadStatus)

# Language codes (ISO 639-1, with the script for Chinese: BCP 47) for the languages an item's
# text is in; the list is short on purpose (extend it when the archive holds another language) so
# the filter stays readable. archive/processing/language.py detects these when nobody gave one.
LANGUAGES = [
    ("en", _("English")),
    ("zh-Hans", _("Chinese (Simplified)")),
    ("zh-Hant", _("Chinese (Traditional)")),
    ("zh", _("Chinese (script not recorded)")),
    ("bo", _("Tibetan")),
    ("ug", _("Uyghur")),
    ("ar", _("Arabic")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("pl", _("Polish")),
    ("nl", _("Dutch")),
    ("he", _("Hebrew")),
    ("other", _("Other")),
]
RIGHT_TO_LEFT = frozenset({"ar", "ug", "he"})
