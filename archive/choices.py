"""Choice sets of the evidence domain, in one place so forms, filters and exports agree."""

from django.db import models

from archive.processing.result import Status as ReadStatus


class EvidenceKind(models.TextChoices):
    REPORT = "report", "Report"
    TESTIMONY = "testimony", "Testimony"
    NEWS_ARTICLE = "news_article", "News article"
    STATEMENT = "statement", "Statement or press release"
    FOI_RESPONSE = "foi_response", "FOI response"
    GOVERNMENT_DOCUMENT = "government_document", "Government document"
    CORPORATE_FILING = "corporate_filing", "Corporate filing"
    ACADEMIC_PAPER = "academic_paper", "Academic paper"
    VULNERABILITY_ADVISORY = "vulnerability_advisory", "Vulnerability advisory"
    PHOTO = "photo", "Photo"
    VIDEO = "video", "Video"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class AccessLevel(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted (researchers only)"


def default_access_level(kind: str) -> str:
    """The access level of new evidence that was given none: testimony may identify its
    witness, so it starts restricted; a researcher with the permission can make it public."""
    return AccessLevel.RESTRICTED if kind == EvidenceKind.TESTIMONY else AccessLevel.PUBLIC


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class SourceType(models.TextChoices):
    NGO = "ngo", "NGO"
    NEWS_OUTLET = "news_outlet", "News outlet"
    GOVERNMENT = "government", "Government body"
    COMPANY = "company", "Company"
    ACADEMIC = "academic", "Academic"
    INDIVIDUAL = "individual", "Individual witness"
    OTHER = "other", "Other"


class FileStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    # How reading ended: the reader's own statuses (archive/processing/result.py), one concept.
    READY = ReadStatus.READY.value, "Ready"
    NO_TEXT = ReadStatus.NO_TEXT.value, "No text"
    NEEDS_PASSWORD = ReadStatus.NEEDS_PASSWORD.value, "Needs password"
    FAILED = ReadStatus.FAILED.value, "Failed"


TERMINAL_FILE_STATUSES = frozenset(FileStatus(status) for status in ReadStatus)

# Language codes (ISO 639-1, with the script for Chinese: BCP 47) for the languages an item's
# text is in; the list is short on purpose (extend it when the archive holds another language) so
# the filter stays readable. archive/processing/language.py detects these when nobody gave one.
LANGUAGES = [
    ("en", "English"),
    ("zh-Hans", "Chinese (Simplified)"),
    ("zh-Hant", "Chinese (Traditional)"),
    ("zh", "Chinese (script not recorded)"),
    ("bo", "Tibetan"),
    ("ug", "Uyghur"),
    ("ar", "Arabic"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("es", "Spanish"),
    ("pl", "Polish"),
    ("nl", "Dutch"),
    ("he", "Hebrew"),
    ("other", "Other"),
]
RIGHT_TO_LEFT = frozenset({"ar", "ug", "he"})
