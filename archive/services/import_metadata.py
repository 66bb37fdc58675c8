"""The metadata CSV of `import_evidence --metadata`: one row per file, checked before anything is
imported, so a bad row refuses its file (by line number) instead of importing it half-described.

Columns (any order; only `path` or `filename` is required, an empty cell leaves the default):

    path          the file, relative to the CSV's folder or absolute
    filename      the file's name, when it is unique among the files being imported
    title, summary
    kind          e.g. report, news_article (or its label, "News article")
    source        a source's name (created if missing)
    authors       ;-separated
    published_on  YYYY, YYYY-MM or YYYY-MM-DD (sets the date's precision)
    retrieved_on  YYYY-MM-DD
    original_url, archived_url
    language      an ISO 639-1 code from archive.choices.LANGUAGES (or its name)
    topics, places  ;-separated names (created if missing)
    access_level  public or restricted
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation

from archive.authors import author_parse
from archive.choices import LANGUAGES, AccessLevel, DatePrecision, EvidenceKind

COLUMNS = (
    "path",
    "filename",
    "title",
    "summary",
    "kind",
    "source",
    "authors",
    "published_on",
    "retrieved_on",
    "original_url",
    "archived_url",
    "language",
    "topics",
    "places",
    "access_level",
)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MAX_URL = 1000  # EvidencePage.original_url / archived_url
_MAX_NAME = 255  # titles, sources, topics and places


class MetadataError(Exception):
    """The CSV as a whole cannot be used (unreadable, or a column nobody knows)."""


@dataclass
class ItemMetadata:
    """One valid row: values ready for an EvidencePage (names are resolved at import time)."""

    line: int
    title: str = ""
    summary: str = ""
    kind: str = ""
    source: str = ""
    authors: list[str] = field(default_factory=list)
    published_on: datetime.date | None = None
    date_precision: str = ""
    retrieved_on: datetime.date | None = None
    original_url: str = ""
    archived_url: str = ""
    language: str = ""
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    access_level: str = ""


@dataclass
class MetadataSheet:
    name: str  # the CSV's file name, which messages start with
    rows: dict[Path, ItemMetadata] = field(default_factory=dict)  # by resolved file path
    refused: dict[Path, str] = field(default_factory=dict)  # file -> why its row was refused
    unmatched: list[str] = field(default_factory=list)  # rows that name no file being imported

    def for_file(self, path: Path) -> ItemMetadata | str | None:
        """The file's metadata, the message refusing it, or None when no row names it."""
        key = _resolved(path)
        return self.refused.get(key) or self.rows.get(key)


def metadata_read(csv_path: Path, files: list[Path]) -> MetadataSheet:
    """Read and check every row against the files being imported; touches no database."""
    sheet = MetadataSheet(name=csv_path.name)
    by_path = {_resolved(f): f for f in files}
    by_name: dict[str, list[Path]] = defaultdict(list)
    for resolved, original in by_path.items():
        by_name[original.name].append(resolved)
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(_numbered_rows(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise MetadataError(f"Could not read {csv_path}: {exc}.") from exc

    lines_for: dict[Path, list[int]] = defaultdict(list)
    parsed: list[tuple[int, list[Path], list[str], ItemMetadata]] = []
    for line, row in rows:
        targets, problem = _targets(row, csv_path.parent, by_path, by_name)
        if problem and not targets:
            sheet.unmatched.append(f"{sheet.name} line {line}: {problem}.")
            continue
        errors = [problem] if problem else []
        metadata = _parse(row, line, errors)
        parsed.append((line, targets, errors, metadata))
        for target in targets:
            lines_for[target].append(line)
    for line, targets, errors, metadata in parsed:
        for target in targets:
            if len(lines_for[target]) > 1:
                lines = " and ".join(map(str, lines_for[target]))
                sheet.refused[target] = f"{sheet.name} lines {lines} describe the same file."
            elif errors:
                sheet.refused[target] = f"{sheet.name} line {line}: {'; '.join(errors)}."
            else:
                sheet.rows[target] = metadata
    return sheet


def _numbered_rows(handle):
    """(line where the row starts, row) for each non-empty row, once the header is checked."""
    reader = csv.reader(handle)
    header = [h.strip().lower() for h in next(reader, [])]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise MetadataError(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            f" in the metadata CSV; the columns are: {', '.join(COLUMNS)}."
        )
    if "path" not in header and "filename" not in header:
        raise MetadataError("The metadata CSV needs a `path` or a `filename` column.")
    line = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            yield line, dict(zip(header, (v.strip() for v in values), strict=False))
        line = reader.line_num + 1


def _targets(
    row: dict[str, str], folder: Path, by_path: dict[Path, Path], by_name: dict[str, list[Path]]
) -> tuple[list[Path], str]:
    """The files a row describes, and a problem; a problem without files means it names none."""
    if path := row.get("path"):
        resolved = _resolved(folder / Path(path).expanduser())
        if resolved not in by_path:
            return [], f"{path!r} is not among the files being imported"
        return [resolved], ""
    if name := row.get("filename"):
        matches = by_name.get(name, [])
        if not matches:
            return [], f"no file named {name!r} is being imported"
        if len(matches) > 1:
            return matches, f"{len(matches)} files being imported are named {name!r}; give a path"
        return matches, ""
    return [], "the row has neither a path nor a filename"


def _parse(row: dict[str, str], line: int, errors: list[str]) -> ItemMetadata:
    metadata = ItemMetadata(line=line)
    for name in ("title", "summary"):
        setattr(metadata, name, row.get(name, ""))
    if len(metadata.title) > _MAX_NAME:
        errors.append(f"the title is longer than {_MAX_NAME} characters")
    if value := row.get("kind"):
        metadata.kind = _choice(value, EvidenceKind.choices, "kind", errors)
    if value := row.get("language"):
        metadata.language = _choice(value, LANGUAGES, "language", errors)
    if value := row.get("access_level"):
        metadata.access_level = _choice(value, AccessLevel.choices, "access_level", errors)
    if value := row.get("published_on"):
        metadata.published_on, metadata.date_precision = _partial_date(value)
        if not metadata.published_on:
            errors.append(f"bad published_on {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    if value := row.get("retrieved_on"):
        retrieved, precision = _partial_date(value)
        if precision != DatePrecision.DAY:
            errors.append(f"bad retrieved_on {value!r} (YYYY-MM-DD)")
        metadata.retrieved_on = retrieved if precision == DatePrecision.DAY else None
    for name in ("original_url", "archived_url"):
        if value := row.get(name):
            setattr(metadata, name, _url(value, name, errors))
    metadata.source = row.get("source", "")
    metadata.authors = _names(row.get("authors", ""))
    for name in metadata.authors:
        try:
            author_parse(name)  # a person "Family, Given", or an organisation (archive/authors.py)
        except ValueError as error:
            errors.append(f"bad author {error}")
    metadata.topics = _names(row.get("topics", ""))
    metadata.places = _names(row.get("places", ""))
    for name in [metadata.source, *metadata.topics, *metadata.places]:
        if len(name) > _MAX_NAME:
            errors.append(f"the name {name[:40]!r}… is longer than {_MAX_NAME} characters")
    return metadata


def _choice(value: str, choices, what: str, errors: list[str]) -> str:
    """A choice given by its value or its label, in any case: the label in English (the sheet's
    documented form, whatever language the importer's interface is in) or in the active
    language."""
    wanted = value.lower()
    for choice, label in choices:
        with translation.override("en"):
            english = str(label).lower()
        if wanted in (str(choice).lower(), english, str(label).lower()):
            return choice
    known = ", ".join(str(choice) for choice, _ in choices)
    errors.append(f"unknown {what} {value!r} (one of: {known})")
    return ""


def _partial_date(value: str) -> tuple[datetime.date | None, str]:
    """(date, precision) for YYYY, YYYY-MM or YYYY-MM-DD; (None, "") for anything else."""
    match = _PARTIAL_DATE.fullmatch(value)
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None, ""
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return date, precision


def _url(value: str, what: str, errors: list[str]) -> str:
    try:
        URLValidator()(value)
        if len(value) > _MAX_URL:
            raise ValidationError("too long")
    except ValidationError:
        errors.append(f"bad {what} {value[:80]!r} (a full http(s) URL of at most {_MAX_URL} chars)")
        return ""
    return value


def _names(value: str) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in value.split(";") if n.strip()))


def _resolved(path: Path) -> Path:
    return Path(path).expanduser().resolve()
