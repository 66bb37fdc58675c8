"""Authors of an evidence item as people or organisations, read from the item's author lines.

One author per line, marked explicitly (docs/decisions/0014-authors.md), never guessed from
capitalisation:

- ``Camera Oversight Commissioner`` (no comma): an organisation, one literal name;
- ``{Ministry of Interior, Department 4}`` (in braces): an organisation whose name has a comma;
- ``Doe, Jane``: a person, family name first, then given names; written "Jane Doe";
- ``Đặng, Thị Ngọc Thịnh, family first``: a person whose name is written family name first
  (Vietnamese, Chinese, Korean, Hungarian...); written "Đặng Thị Ngọc Thịnh".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

FAMILY_FIRST = "family first"


@dataclass(frozen=True)
class Author:
    """A person (family and given names) or an organisation (one literal name)."""

    literal: str = ""
    family: str = ""
    given: str = ""
    family_first: bool = False

    @property
    def is_organisation(self) -> bool:
        return bool(self.literal)

    @property
    def display(self) -> str:
        """The name as it is written in running text."""
        if self.literal:
            return self.literal
        order = [self.family, self.given] if self.family_first else [self.given, self.family]
        return " ".join(part for part in order if part)

    @property
    def sorted_name(self) -> str:
        """ "Family, Given" for a person, the literal name for an organisation."""
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family

    def csl(self) -> dict:
        """A CSL-JSON name; "static-ordering" keeps a family-first name in its own order."""
        if self.literal:
            return {"literal": self.literal}
        name = {"family": self.family, "given": self.given}
        if self.family_first:
            name["static-ordering"] = True
        return name


def author_parse(line: str) -> Author:
    """One author line as a person or an organisation; ValueError says what is wrong."""
    line = " ".join(line.split())
    if not line:
        raise ValueError("an author line is empty")
    if line.startswith("{") or line.endswith("}"):
        if not (line.startswith("{") and line.endswith("}")) or len(line) < 3:
            raise ValueError(f"{line!r}: an organisation in braces needs both braces and a name")
        inner = line[1:-1].strip()
        if "{" in inner or "}" in inner:
            raise ValueError(f"{line!r}: braces only around the whole organisation name")
        return Author(literal=inner)
    if "," not in line:
        return Author(literal=line)
    parts = [part.strip() for part in line.split(",")]
    family_first = len(parts) == 3 and parts[2].lower() == FAMILY_FIRST
    if len(parts) > 3 or (len(parts) == 3 and not family_first):
        raise ValueError(
            f"{line!r}: a person is 'Family, Given' (or 'Family, Given, {FAMILY_FIRST}'); "
            "an organisation whose name has a comma goes in braces: {Name, Part}"
        )
    family, given = parts[0], parts[1]
    if not family:
        raise ValueError(f"{line!r}: the family name before the comma is empty")
    return Author(family=family, given=given, family_first=family_first)


def authors_parse(text: str) -> list[Author]:
    """Every author line of `text`, in order (blank lines skipped)."""
    return [author_parse(line) for line in text.splitlines() if line.strip()]


def authors_validate(text: str) -> None:
    """The model field's validator: every line must read as a person or an organisation."""
    errors = []
    for line in text.splitlines():
        if line.strip():
            try:
                author_parse(line)
            except ValueError as error:
                errors.append(str(error))
    if errors:
        raise ValidationError(errors)


AUTHORS_HELP = (
    "One author per line. An organisation as written (Camera Oversight Commissioner; in braces "
    "if its name has a comma: {Ministry of Interior, Department 4}). A person as 'Family, Given' "
    "(Doe, Jane); a name written family name first as 'Family, Given, family first' "
    "(Đặng, Thị Ngọc Thịnh, family first)."
)
