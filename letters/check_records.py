"""The stored result of checking each citation (a model of the letters app, imported by
letters/models.py): a module of its own so that the checks can use it without importing the
pages that call the checks."""

from __future__ import annotations

from django.db import models

from archive.choices import AccessLevel
from letters.quotations import CheckResult


class CitationCheck(models.Model):
    """One citation of the latest draft of a letter or campaign page, and what checking it found.

    Stored so the report of citations that need attention is one query; recomputed whenever the
    page is saved and whenever a file of the cited item is read again.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="citation_checks"
    )
    block_id = models.CharField(max_length=64)
    index = models.PositiveIntegerField(default=0)  # its place among its claim's citations
    number = models.PositiveIntegerField(default=0)  # its footnote number; 0 for a bare claim
    evidence = models.ForeignKey(
        "archive.EvidencePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checks_citing",
    )
    reference = models.CharField(max_length=20, blank=True)
    pinpoint = models.CharField(max_length=40, blank=True)
    quotation = models.TextField(blank=True)
    claim = models.TextField(blank=True)
    result = models.CharField(max_length=30, choices=CheckResult.choices)
    found_file = models.PositiveIntegerField(default=0)  # 0 = the item's first file
    found_pages = models.CharField(max_length=40, blank=True)  # e.g. "5" or "2-3"
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page", "number", "pk"]
        indexes = [models.Index(fields=["result"])]

    def __str__(self) -> str:
        return f"{self.page} [{self.number}] {self.reference}: {self.get_result_display()}"

    @property
    def found_on(self) -> str:
        if not self.found_pages:
            return ""
        first, _, last = self.found_pages.partition("-")
        pages = f"p. {first}" if not last else f"pp. {first}\u2013{last}"
        return f"file {self.found_file + 1}, {pages}" if self.found_file else pages

    @property
    def evidence_problem(self) -> str:
        """Why the evidence itself cannot back a public page, or "" when it can."""
        if self.result == CheckResult.NEEDS_CITATION:
            return ""
        if self.evidence is None:
            return "The evidence item no longer exists."
        if self.evidence.access_level == AccessLevel.RESTRICTED:
            return "The evidence item is restricted."
        if not self.evidence.live:
            return "The evidence item is not published."
        return ""

    @property
    def result_display(self) -> str:
        found_on = f" ({self.found_on})" if self.found_on else ""
        return f"{self.get_result_display()}{found_on}"
