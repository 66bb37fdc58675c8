"""Fixity: re-hash every stored original and compare it with the SHA-256 recorded on upload.

An original is never altered after upload (the admin refuses a replacement), so any difference
is damage: a flipped bit on disk, a truncated copy, a file overwritten or deleted outside the
application. Originals are read in 1 MiB chunks, so the largest costs no memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from archive.models import EvidenceFile
from archive.processing.hashing import sha256_of_stream
from archive.storage import storage_errors

MISSING = "missing"
MISMATCH = "mismatch"
UNREADABLE = "unreadable"


@dataclass
class FixityProblem:
    file_id: int
    name: str
    problem: str  # MISSING, MISMATCH or UNREADABLE
    recorded_sha256: str
    actual_sha256: str = ""
    recorded_size: int | None = None
    actual_size: int | None = None
    detail: str = ""
    references: list[str] = field(default_factory=list)  # the items holding the file

    def describe(self) -> str:
        held = f" (held by {', '.join(self.references)})" if self.references else ""
        if self.problem == MISMATCH:
            return (
                f"MISMATCH   file #{self.file_id} {self.name}{held}: recorded"
                f" {self.recorded_sha256}, now {self.actual_sha256}"
                f" ({self.actual_size} bytes, recorded {self.recorded_size})"
            )
        return f"{self.problem.upper():10} file #{self.file_id} {self.name}{held}: {self.detail}"


@dataclass
class FixityReport:
    started_at: str
    finished_at: str = ""
    checked: int = 0
    bytes_read: int = 0
    problems: list[FixityProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def fixity_check(
    *,
    files: Iterable[EvidenceFile] | None = None,
    on_problem: Callable[[FixityProblem], None] | None = None,
) -> FixityReport:
    """Hash each original in storage (every file when `files` is None) against its record."""
    report = FixityReport(started_at=timezone.now().isoformat())
    if files is None:
        files = EvidenceFile.objects.order_by("pk").iterator(chunk_size=500)
    for evidence_file in files:
        report.checked += 1
        problem, size = _check_one(evidence_file)
        report.bytes_read += size
        if problem is None:
            continue
        problem.references = sorted(
            evidence_file.item_links.values_list("item__reference", flat=True)
        )
        report.problems.append(problem)
        if on_problem:
            on_problem(problem)
    report.finished_at = timezone.now().isoformat()
    return report


def _check_one(evidence_file: EvidenceFile) -> tuple[FixityProblem | None, int]:
    def problem(kind: str, **facts) -> FixityProblem:
        return FixityProblem(
            file_id=evidence_file.pk,
            name=evidence_file.file.name,
            problem=kind,
            recorded_sha256=evidence_file.sha256,
            recorded_size=evidence_file.file_size,
            **facts,
        )

    if not evidence_file.file:
        return problem(MISSING, detail="no file is recorded"), 0
    try:
        with evidence_file.file.storage.open(evidence_file.file.name, "rb") as stored:
            sha256, size = sha256_of_stream(stored)
    except FileNotFoundError:
        return problem(MISSING, detail="not found in storage"), 0
    except storage_errors() as exc:  # a disk's OSError, or a bucket that refused or is gone
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return problem(UNREADABLE, detail=detail), 0
    if sha256 != evidence_file.sha256:
        return problem(MISMATCH, actual_sha256=sha256, actual_size=size), size
    return None, size
