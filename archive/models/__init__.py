"""The evidence domain's models; import from here."""

from archive.models.evidence import EvidenceFileLink, EvidenceIndexPage, EvidencePage
from archive.models.files import EvidenceFile, PageText, user_can_view_restricted
from archive.models.log_entries import RestrictableLogEntry
from archive.models.public_version import PublicContentVersion
from archive.models.references import ReferenceCounter, reference_allocate
from archive.models.site import HomePage
from archive.models.taxonomy import Place, Source, Topic

__all__ = [
    "EvidenceFile",
    "EvidenceFileLink",
    "EvidenceIndexPage",
    "EvidencePage",
    "HomePage",
    "PageText",
    "Place",
    "PublicContentVersion",
    "ReferenceCounter",
    "RestrictableLogEntry",
    "Source",
    "Topic",
    "reference_allocate",
    "user_can_view_restricted",
]
