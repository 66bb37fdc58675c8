"""Links written into rich text (paragraphs, claims) to evidence items and their files.

A letter's citations are not its only way to point at evidence: the rich text editor links any
page (`<a linktype="page" id="…">`) or document (`<a linktype="document" id="…">`). Publishing
refuses a body that links restricted, unpublished or deleted evidence, or a file no public item
holds (`link_problems`, asked by letters/checks.py), naming the block. And should the evidence
be restricted after publication, the public render and the evidence pack still never carry it:
the link handlers (letters/rich_text_handlers.py), which Wagtail uses for every rich text it
renders, drop the address
(the reference, the file name) of any link to evidence or a file that is not public now and
keep only the words the author wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from archive.models import EvidenceFile, EvidencePage


@dataclass(frozen=True)
class BodyLink:
    label: str  # which block, as the researcher is told: the paragraph “…”
    linktype: str  # "page" or "document"
    target_id: int


def _rich_texts(body) -> Iterator[tuple[str, str]]:
    """(block label, stored rich text) of every paragraph and claim of a body."""
    for child in body or []:
        if child.block_type == "paragraph":
            html = child.value.source
        elif child.block_type == "claim":
            html = child.value["text"].source
        else:
            continue
        words = Truncator(strip_tags(html).strip()).chars(60)
        yield f"the {child.block_type} “{words}”", html


def body_links(body) -> list[BodyLink]:
    links = []
    for label, html in _rich_texts(body):
        for match in FIND_A_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            linktype, target = attrs.get("linktype"), attrs.get("id", "")
            if linktype in ("page", "document") and target.isdigit():
                links.append(BodyLink(label, linktype, int(target)))
    return links


def link_problems(body) -> list[str]:
    """Why a public page may not carry this body's links: one sentence per bad link."""
    links = body_links(body)
    page_ids = {link.target_id for link in links if link.linktype == "page"}
    file_ids = {link.target_id for link in links if link.linktype == "document"}
    existing_pages = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    evidence = dict(EvidencePage.objects.filter(pk__in=page_ids).values_list("pk", "reference"))
    public_evidence = set(public_items(evidence))
    existing_files = set(EvidenceFile.objects.filter(pk__in=file_ids).values_list("pk", flat=True))
    shown_files = set(public_files(existing_files))
    problems = []
    for link in links:
        where = link.label[0].upper() + link.label[1:]
        if link.linktype == "page":
            if link.target_id not in existing_pages:
                problems.append(f"{where} links to a page that no longer exists.")
            elif link.target_id in evidence and link.target_id not in public_evidence:
                problems.append(
                    f"{where} links to {evidence[link.target_id]}, which is restricted or not "
                    "published: a public page cannot link to it. Remove the link."
                )
        elif link.target_id not in existing_files:
            problems.append(f"{where} links to a file that no longer exists.")
        elif link.target_id not in shown_files:
            problems.append(
                f"{where} links to a file that no public evidence item holds: a public page "
                "cannot link to it. Remove the link."
            )
    return problems


def public_items(ids) -> list[int]:
    return list(EvidencePage.objects.public().filter(pk__in=ids).values_list("pk", flat=True))


def public_files(ids) -> list[int]:
    return list(EvidenceFile.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
