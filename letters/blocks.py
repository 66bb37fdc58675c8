"""The body of a letter or campaign page: paragraphs, headings, and claims that cite evidence."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from letters.choosers import evidence_chooser_viewset

EvidenceChooserBlock = evidence_chooser_viewset.get_block_class(
    name="EvidenceChooserBlock", module_path="letters.blocks"
)

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
_PINPOINT = re.compile(r"^\s*(?:pp?\.?\s*)?(\d+)\s*(?:[-\u2013\u2014]\s*(\d+))?\s*$", re.I)


def pinpoint_parse(pinpoint: str) -> tuple[int, int] | None:
    """'4' → (4, 4); '2-3', 'pp. 2–3' → (2, 3); '' → None. Raises ValueError otherwise."""
    if not pinpoint or not pinpoint.strip():
        return None
    match = _PINPOINT.match(pinpoint)
    if not match:
        raise ValueError(f"“{pinpoint}” is not a page (“4”) or a page range (“2-3”).")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise ValueError(f"“{pinpoint}” is not a page range that goes forward from page 1.")
    return first, last


EMPTY_CITATION = "This citation names no evidence item: choose one, or remove the citation."


class CitationValue(blocks.StructValue):
    @property
    def page_range(self) -> tuple[int, int] | None:
        try:
            return pinpoint_parse(self.get("pinpoint") or "")
        except ValueError:
            return None

    @property
    def file_position(self) -> int:
        return max((self.get("file") or 1) - 1, 0)


class CitationBlock(blocks.StructBlock):
    # Required on a draft too: an empty citation would number a footnote that cites nothing.
    evidence = EvidenceChooserBlock(
        help_text="The evidence item this claim stands on.", required_on_save=True
    )
    pinpoint = blocks.CharBlock(
        required=False,
        max_length=20,
        help_text="A page (“4”) or pages (“2-3”) of the item's file; the footnote links there.",
    )
    file = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text="Which of the item's files the pages are in, if not the first (2 = second).",
    )
    quotation = blocks.TextBlock(
        required=False,
        rows=2,
        help_text="Words as they stand on the cited page (… for words left out). They are "
        "checked against the page's text and marked there when a reader follows the link.",
    )

    class Meta:
        icon = "link"
        label = "Citation"
        template = "blocks/citation.html"
        description = "One evidence item, optionally a page or pages and a quotation from them."
        value_class = CitationValue
        form_layout = blocks.BlockGroup(children=["evidence", "pinpoint", "quotation", "file"])

    def clean(self, value):
        try:
            value = super().clean(value)
        except StructBlockValidationError as error:
            if "evidence" in (error.block_errors or {}) and value.get("evidence") is None:
                error.block_errors["evidence"] = ValidationError(EMPTY_CITATION)
            raise
        try:
            pages = pinpoint_parse(value.get("pinpoint") or "")
        except ValueError as error:
            raise StructBlockValidationError(
                block_errors={"pinpoint": ValidationError(str(error))}
            ) from error
        evidence = value.get("evidence")
        if evidence is None:
            return value
        files = evidence.specific.files
        position = value.file_position
        if value.get("file") and position >= len(files):
            count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
            raise StructBlockValidationError(
                block_errors={"file": ValidationError(f"{evidence.reference} has {count}.")}
            )
        page_count = files[position].page_count if position < len(files) else 0
        if pages and page_count and pages[1] > page_count:
            raise StructBlockValidationError(
                block_errors={
                    "pinpoint": ValidationError(
                        f"That file of {evidence.reference} has {page_count} pages."
                    )
                }
            )
        return value


class ClaimBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=TEXT_FEATURES, help_text="The claim, as readers see it.")
    needs_evidence = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="A claim that needs evidence but cites none is flagged before publishing.",
    )
    # No citation until the researcher adds one ("+"): Wagtail would start a list with an empty one.
    citations = blocks.ListBlock(CitationBlock(), min_num=0, default=[], label="Citations")

    class Meta:
        icon = "openquote"
        label = "Claim with citations"
        template = "blocks/claim.html"
        description = "A paragraph whose statements stand on evidence, with numbered footnotes."


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        description = "A section heading."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Text that cites nothing."


class CitingBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    claim = ClaimBlock()

    class Meta:
        description = "Paragraphs, headings and claims with citations."
