"""A page body's citations in reading order: numbering, footnote links and formatted citations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import strip_tags
from django.utils.text import Truncator

from archive.choices import AccessLevel

# A citation from a body: its claim block, its place in that claim, and what the block holds.


@dataclass
class Citation:
    block_id: str
    index: int  # its place among its claim's citations
    value: object  # the CitationValue (evidence, pinpoint, file, quotation)
    claim_text: str
    number: int | None = None  # its footnote number; None when it is not shown

    @property
    def evidence(self):
        evidence = self.value.get("evidence")
        return evidence.specific if evidence is not None else None

    @property
    def pinpoint(self) -> str:
        return (self.value.get("pinpoint") or "").strip()

    @property
    def quotation(self) -> str:
        return (self.value.get("quotation") or "").strip()

    @property
    def page_range(self) -> tuple[int, int] | None:
        return self.value.page_range

    @property
    def file_position(self) -> int:
        return self.value.file_position

    @property
    def pinpoint_display(self) -> str:
        return pinpoint_display(self.page_range, self.file_position)

    @property
    def href(self) -> str:
        evidence = self.evidence
        if evidence is None:
            return ""
        return evidence_href(
            evidence.reference, self.page_range, self.file_position, self.quotation
        )

    @property
    def label(self) -> str:
        """How the researcher is told which citation is meant: number, reference, pinpoint."""
        evidence = self.evidence
        parts = [f"[{self.number}]" if self.number else "A citation"]
        parts.append(evidence.reference if evidence is not None else "(no evidence item)")
        if self.pinpoint_display:
            parts.append(self.pinpoint_display)
        claim = Truncator(self.claim_text).chars(60)
        return f"{' '.join(parts)} in the claim “{claim}”"

    def formatted(self, base_url: str = "") -> str:
        return citation_format(self.evidence, pinpoint=self.pinpoint_display, base_url=base_url)


@dataclass
class UnsupportedClaim:
    """A claim marked as needing evidence that cites nothing."""

    block_id: str
    claim_text: str

    @property
    def label(self) -> str:
        return f"claim “{Truncator(self.claim_text).chars(60)}”"


def anchor(page: int, file_position: int = 0) -> str:
    # The evidence page names the first file's pages #page-N and the n-th file's #fn-page-N.
    return f"page-{page}" if file_position == 0 else f"f{file_position + 1}-page-{page}"


def evidence_href(
    reference: str,
    page_range: tuple[int, int] | None = None,
    file_position: int = 0,
    quotation: str = "",
) -> str:
    url = f"/evidence/{reference}/"
    if quotation:
        url += "?" + urlencode({"quote": quotation})
    if page_range:
        url += "#" + anchor(page_range[0], file_position)
    return url


def pinpoint_display(page_range: tuple[int, int] | None, file_position: int = 0) -> str:
    if not page_range:
        return f"file {file_position + 1}" if file_position else ""
    first, last = page_range
    pages = f"p. {first}" if first == last else f"pp. {first}\u2013{last}"
    return f"file {file_position + 1}, {pages}" if file_position else pages


def is_public_evidence(evidence) -> bool:
    """What a public page may show: live and public (EvidenceQuerySet.public(), one item)."""
    return bool(
        evidence is not None and evidence.live and evidence.access_level == AccessLevel.PUBLIC
    )


def claims(body) -> Iterable:
    for child in body or []:
        if child.block_type == "claim":
            yield child


def citations_collect(body, *, shown: Callable[[object], bool] | None = None) -> list[Citation]:
    """Every citation of a body in reading order, numbered 1, 2, 3… among those shown.

    `shown(evidence)` decides which citations a reader sees (on a public page: public evidence
    only); the others get no number, so a hidden citation leaves no gap to wonder about. Each
    citation's block value also gets it as `.footnote`, so block templates can print the marker.
    """
    found: list[Citation] = []
    number = 0
    for child in claims(body):
        text = strip_tags(str(child.value["text"])).strip()
        for index, value in enumerate(child.value["citations"]):
            citation = Citation(child.id, index, value, text)
            if shown is None or shown(citation.evidence):
                number += 1
                citation.number = number
            value.footnote = citation if citation.number else None
            found.append(citation)
    return found


def unsupported_claims(body) -> list[UnsupportedClaim]:
    return [
        UnsupportedClaim(child.id, strip_tags(str(child.value["text"])).strip())
        for child in claims(body)
        if child.value["needs_evidence"] and not len(child.value["citations"])
    ]


def bibliography(citations: Iterable[Citation]) -> list:
    """The distinct evidence items of the shown citations, in order of first citation."""
    items: dict[int, object] = {}
    for citation in citations:
        if citation.number and citation.evidence is not None:
            items.setdefault(citation.evidence.pk, citation.evidence)
    return list(items.values())


def citation_format(evidence, *, pinpoint: str = "", base_url: str = "") -> str:
    """A citation to read or copy: who, title, kind, date, reference, pinpoint, address."""
    who = "; ".join(evidence.author_list) or (evidence.source.name if evidence.source else "")
    parts = [who, f"“{evidence.title}”", evidence.get_kind_display()]
    if evidence.source and evidence.author_list:
        parts.append(evidence.source.name)
    parts.append(evidence.date_display or "undated")
    parts.append(f"Evidence Archive {evidence.reference}" + (f", {pinpoint}" if pinpoint else ""))
    text = ". ".join(p.rstrip(".") for p in parts if p) + "."
    return f"{text} {base_url}/evidence/{evidence.reference}/"
