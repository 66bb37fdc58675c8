"""Citations of evidence items as BibTeX, RIS and CSL-JSON, for reference managers.

One mapping per format from the archive's kinds, so the three agree; each item carries its
reference (EV-YYYY-NNNN) as its key and archive location, its stable URL and, in a note, the
archived copy's URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from archive.choices import DatePrecision, EvidenceKind

# kind → (CSL type, RIS type, BibTeX entry type). CSL 1.0.1 types, which every CSL processor
# knows; RIS types as Zotero, EndNote and Mendeley read them; BibTeX's standard entry types.
KIND_TYPES: dict[str, tuple[str, str, str]] = {
    EvidenceKind.REPORT: ("report", "RPRT", "techreport"),
    EvidenceKind.TESTIMONY: ("interview", "PCOMM", "misc"),
    EvidenceKind.NEWS_ARTICLE: ("article-newspaper", "NEWS", "article"),
    EvidenceKind.STATEMENT: ("pamphlet", "PAMP", "misc"),
    EvidenceKind.FOI_RESPONSE: ("report", "GOVDOC", "misc"),
    EvidenceKind.GOVERNMENT_DOCUMENT: ("report", "GOVDOC", "techreport"),
    EvidenceKind.CORPORATE_FILING: ("report", "RPRT", "techreport"),
    EvidenceKind.ACADEMIC_PAPER: ("article", "JOUR", "misc"),
    EvidenceKind.VULNERABILITY_ADVISORY: ("report", "ELEC", "techreport"),
    EvidenceKind.PHOTO: ("graphic", "FIGURE", "misc"),
    EvidenceKind.VIDEO: ("motion_picture", "VIDEO", "misc"),
    EvidenceKind.DATASET: ("dataset", "DATA", "misc"),
    EvidenceKind.OTHER: ("article", "GEN", "misc"),
}
# Kinds whose source is where they appeared (a newspaper), not who issued them.
CONTAINER_KINDS = {EvidenceKind.NEWS_ARTICLE}


def kind_types(kind: str) -> tuple[str, str, str]:
    return KIND_TYPES.get(kind, KIND_TYPES[EvidenceKind.OTHER])


def author_name(line: str) -> dict:
    """A CSL name: "Family, Given" and "Given Family" split; anything else stays as written."""
    line = line.strip()
    if "," in line:
        family, given = (part.strip() for part in line.split(",", 1))
        return {"family": family, "given": given}
    words = line.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words) and "(" not in line:
        return {"given": " ".join(words[:-1]), "family": words[-1]}
    return {"literal": line}


def date_parts(day, precision: str) -> list[int]:
    if precision == DatePrecision.YEAR:
        return [day.year]
    if precision == DatePrecision.MONTH:
        return [day.year, day.month]
    return [day.year, day.month, day.day]


def _authors(item) -> list[dict]:
    names = [author_name(line) for line in item.author_list]
    if not names and item.source and item.kind not in CONTAINER_KINDS:
        names = [{"literal": item.source.name}]  # an organisation's own report
    return names


def _url(item, base_url: str) -> str:
    return f"{base_url}/evidence/{item.reference}/"


def _note(item) -> str:
    parts = [f"Evidence Archive {item.reference}"]
    if item.archived_url:
        parts.append(f"archived copy: {item.archived_url}")
    if item.original_url:
        parts.append(f"original: {item.original_url}")
    return "; ".join(parts)


# --- CSL-JSON ---------------------------------------------------------------------------------


def csl_item(item, *, base_url: str = "") -> dict:
    csl_type, _, _ = kind_types(item.kind)
    data: dict = {
        "id": item.reference,
        "type": csl_type,
        "title": item.title,
        "genre": item.get_kind_display(),
        "URL": _url(item, base_url),
        "archive": "Evidence Archive",
        "archive_location": item.reference,
        "note": _note(item),
    }
    if item.text_language:
        data["language"] = item.text_language
    authors = _authors(item)
    if authors:
        data["author"] = authors
    if item.source:
        data["container-title" if item.kind in CONTAINER_KINDS else "publisher"] = item.source.name
    if item.published_on:
        data["issued"] = {"date-parts": [date_parts(item.published_on, item.date_precision)]}
    if item.retrieved_on:
        data["accessed"] = {"date-parts": [date_parts(item.retrieved_on, DatePrecision.DAY)]}
    if item.summary:
        data["abstract"] = item.summary
    return data


def csl_json(items: Sequence, *, base_url: str = "") -> str:
    return json.dumps(
        [csl_item(item, base_url=base_url) for item in items], ensure_ascii=False, indent=2
    )


# --- BibTeX -----------------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_BIBTEX_REPLACE = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_entry(item, *, base_url: str = "") -> str:
    _, _, entry_type = kind_types(item.kind)
    fields: list[tuple[str, str]] = []
    # Double braces keep the title's capitals as written.
    fields.append(("title", "{" + bibtex_escape(item.title) + "}"))
    names = [author_name(line) for line in item.author_list]
    if names:
        fields.append(
            (
                "author",
                " and ".join(
                    "{" + bibtex_escape(n["literal"]) + "}"
                    if "literal" in n
                    else bibtex_escape(f"{n['family']}, {n['given']}")
                    for n in names
                ),
            )
        )
    elif item.source and item.kind not in CONTAINER_KINDS:
        fields.append(("author", "{" + bibtex_escape(item.source.name) + "}"))
    if item.source:
        source = bibtex_escape(item.source.name)
        if entry_type == "article":
            fields.append(("journal", source))
        elif entry_type == "techreport":
            fields.append(("institution", source))
        else:
            fields.append(("publisher", source))
    if entry_type == "techreport":
        fields.append(("type", bibtex_escape(item.get_kind_display())))
        fields.append(("number", item.reference))
    else:
        fields.append(("howpublished", bibtex_escape(item.get_kind_display())))
    if item.published_on:
        fields.append(("year", str(item.published_on.year)))
        if item.date_precision != DatePrecision.YEAR:
            fields.append(("month", _MONTHS[item.published_on.month - 1]))
        date = "-".join(f"{n:02d}" for n in date_parts(item.published_on, item.date_precision))
        fields.append(("date", date))
    fields.append(("url", _url(item, base_url)))
    if item.retrieved_on:
        fields.append(("urldate", item.retrieved_on.isoformat()))
    if item.text_language:
        fields.append(("language", item.text_language))
    fields.append(("note", bibtex_escape(_note(item))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{item.reference},\n{body}\n}}\n"


def bibtex(items: Sequence, *, base_url: str = "") -> str:
    return "\n".join(bibtex_entry(item, base_url=base_url) for item in items)


# --- RIS --------------------------------------------------------------------------------------


def ris_entry(item, *, base_url: str = "") -> str:
    _, ris_type, _ = kind_types(item.kind)
    lines = [("TY", ris_type), ("ID", item.reference), ("TI", item.title)]
    for name in _authors(item):
        if "literal" in name:
            lines.append(("AU", name["literal"]))
        else:
            lines.append(("AU", f"{name['family']}, {name['given']}"))
    if item.published_on:
        parts = date_parts(item.published_on, item.date_precision)
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{n:02d}" for n in parts) + ("/" if len(parts) < 3 else "")))
    if item.source:
        lines.append(("T2" if item.kind in CONTAINER_KINDS else "PB", item.source.name))
    lines.append(("M3", item.get_kind_display()))
    lines.append(("UR", _url(item, base_url)))
    if item.retrieved_on:
        lines.append(("Y2", item.retrieved_on.strftime("%Y/%m/%d")))
    if item.text_language:
        lines.append(("LA", item.text_language))
    lines.append(("DB", "Evidence Archive"))
    lines.append(("AN", item.reference))
    if item.summary:
        lines.append(("AB", " ".join(item.summary.split())))
    lines.append(("N1", _note(item)))
    lines.append(("ER", ""))
    # RIS is line-based: a value must not break its line.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def ris(items: Sequence, *, base_url: str = "") -> str:
    return "".join(ris_entry(item, base_url=base_url) for item in items)


FORMATS = {
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
