"""Checking a page's citations against the archive, storing the results, and the publish rules."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction

from wagtail.models import Page

from archive.choices import AccessLevel, FileStatus
from archive.models import PageText
from letters.check_records import CitationCheck
from letters.citations import Citation, citations_collect, unsupported_claims
from letters.quotations import ATTENTION_RESULTS, CheckResult, FilePages, check_quotation
from letters.rich_text_links import link_problems

logger = logging.getLogger(__name__)


class EvidenceTexts:
    """The page texts of cited items, read once per item however often it is cited."""

    def __init__(self):
        self._files: dict[int, list[FilePages]] = {}

    def files_of(self, evidence) -> list[FilePages]:
        if evidence.pk not in self._files:
            files = evidence.files
            texts: dict[int, list[tuple[int, str]]] = {}
            rows = PageText.objects.filter(file__in=files).order_by("file_id", "number")
            for file_id, number, text in rows.values_list("file_id", "number", "text"):
                texts.setdefault(file_id, []).append((number, text))
            self._files[evidence.pk] = [
                FilePages(texts.get(f.pk, []), readable=f.status == FileStatus.READY) for f in files
            ]
        return self._files[evidence.pk]


def citation_check(citation: Citation, texts: EvidenceTexts | None = None):
    """The QuotationCheck of one citation (NOT_QUOTED when it has no quotation)."""
    evidence = citation.evidence
    if evidence is None or not citation.quotation:
        return check_quotation("", [])
    return check_quotation(
        citation.quotation,
        (texts or EvidenceTexts()).files_of(evidence),
        cited_pages=citation.page_range,
        file_position=citation.file_position,
    )


def _found_pages(pages: tuple[int, ...]) -> str:
    if not pages:
        return ""
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"


def _content(page: Page) -> Page:
    """What the researcher is working on: the latest revision, else the page as stored."""
    page = page.specific
    if page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def page_citations_check(*, page: Page) -> list:
    """Check every citation of the page's latest revision and store the results."""
    content = _content(page)
    texts = EvidenceTexts()
    rows = []
    for citation in citations_collect(content.body):
        check = citation_check(citation, texts)
        evidence = citation.evidence
        rows.append(
            CitationCheck(
                page_id=page.pk,
                block_id=citation.block_id,
                index=citation.index,
                number=citation.number,
                evidence=evidence,
                reference=evidence.reference if evidence is not None else "",
                pinpoint=citation.pinpoint_display,
                quotation=citation.quotation,
                claim=citation.claim_text,
                result=check.result,
                found_file=check.file_position if check.pages else 0,
                found_pages=_found_pages(check.pages),
            )
        )
    for claim in unsupported_claims(content.body):
        rows.append(
            CitationCheck(
                page_id=page.pk,
                block_id=claim.block_id,
                claim=claim.claim_text,
                result=CheckResult.NEEDS_CITATION,
            )
        )
    with transaction.atomic():
        CitationCheck.objects.filter(page_id=page.pk).delete()
        CitationCheck.objects.bulk_create(rows)
    return rows


def citations_recheck_for_items(*, item_ids: list[int]) -> int:
    """Check again every page that cites one of these items (a file of theirs was re-read)."""
    page_ids = set(
        CitationCheck.objects.filter(evidence_id__in=item_ids).values_list("page_id", flat=True)
    )
    for page in Page.objects.filter(pk__in=page_ids).specific():
        try:
            page_citations_check(page=page)
        except Exception:  # one broken page must not stop the others, nor the file's reading
            logger.exception("re-checking the citations of page %s failed", page.pk)
    return len(page_ids)


@dataclass
class PublishProblems:
    errors: list[str] = field(default_factory=list)  # publishing is refused
    warnings: list[str] = field(default_factory=list)  # the researcher must acknowledge them

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings)


def publish_problems(page) -> PublishProblems:
    """What stands between this content and publication, each naming its citation."""
    problems = PublishProblems()
    texts = EvidenceTexts()
    for citation in citations_collect(page.body):
        evidence = citation.evidence
        if evidence is None:
            problems.errors.append(
                f"{citation.label} cites an evidence item that no longer exists."
            )
            continue
        if evidence.access_level == AccessLevel.RESTRICTED:
            problems.errors.append(
                f"{citation.label} cites restricted evidence ({evidence.title}): a public "
                "page cannot cite it. Remove the citation or cite public evidence."
            )
            continue
        if not evidence.live:
            problems.errors.append(
                f"{citation.label} cites {evidence.reference}, which is not published: "
                "publish the evidence item first."
            )
            continue
        check = citation_check(citation, texts)
        if check.result in ATTENTION_RESULTS:
            where = ""
            if check.pages:
                file = f"file {check.file_position + 1}, " if check.file_position else ""
                where = f" ({file}p. {_found_pages(check.pages).replace('-', '–')})"
            problems.warnings.append(
                f"{citation.label}: quotation {check.result.label.lower()}{where}."
            )
    problems.errors += link_problems(page.body)
    for claim in unsupported_claims(page.body):
        problems.warnings.append(f"The {claim.label} needs evidence but cites none.")
    return problems


class CitationPublishError(Exception):
    """Raised when content with citation problems is published outside the edit view."""

    def __init__(self, problems: PublishProblems):
        self.problems = problems
        super().__init__(" ".join(problems.errors + problems.warnings))


def publish_guard(page) -> None:
    """Raise CitationPublishError unless this content may be published."""
    problems = publish_problems(page)
    if problems.errors or (problems.warnings and not page.citations_acknowledged):
        raise CitationPublishError(problems)
