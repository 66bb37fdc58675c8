"""Citations of evidence items as BibTeX, RIS and CSL-JSON, for reference managers.

One mapping per format from the archive's kinds, so the three agree; each item carries its
reference (EV-YYYY-NNNN) as its key and archive location, its stable URL and, in a note, the
archived copy's URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from archive.authors import Author
from archive.choices import DatePrecision, EvidenceKind

# kind → (CSL type, RIS type, biblatex entry type), chosen so each client keeps the source:
# CSL 1.0.1 types, which every CSL processor knows; RIS types whose publisher (PB) Zotero keeps
# (its artwork, letter, journal and web page types have no publisher, so a photo or testimony is
# GEN, a "document"); biblatex's entry types, checked by biber against its data model. News is
# MGZN in RIS, not NEWS: the RIS specification calls NEWS's AU the "reporter", and citation-js
# reads it so (CSL's `reporter`, which no style prints), losing the author; under MGZN every client
# keeps the author and the newspaper's name, at the cost of Zotero typing it a magazine article.
KIND_TYPES: dict[str, tuple[str, str, str]] = {
    EvidenceKind.REPORT: ("report", "RPRT", "report"),
    EvidenceKind.TESTIMONY: ("interview", "GEN", "misc"),
    EvidenceKind.NEWS_ARTICLE: ("article-newspaper", "MGZN", "article"),
    EvidenceKind.STATEMENT: ("pamphlet", "GEN", "misc"),
    EvidenceKind.FOI_RESPONSE: ("report", "GOVDOC", "report"),
    EvidenceKind.GOVERNMENT_DOCUMENT: ("report", "GOVDOC", "report"),
    EvidenceKind.CORPORATE_FILING: ("report", "RPRT", "report"),
    EvidenceKind.ACADEMIC_PAPER: ("article-journal", "JOUR", "article"),
    EvidenceKind.VULNERABILITY_ADVISORY: ("report", "RPRT", "report"),
    EvidenceKind.PHOTO: ("graphic", "GEN", "misc"),
    EvidenceKind.VIDEO: ("motion_picture", "VIDEO", "misc"),
    EvidenceKind.DATASET: ("dataset", "DATA", "dataset"),
    EvidenceKind.OTHER: ("document", "GEN", "misc"),
}
# Kinds whose source is where they appeared (a newspaper, a journal), not who issued them.
CONTAINER_KINDS = {EvidenceKind.NEWS_ARTICLE, EvidenceKind.ACADEMIC_PAPER}
# Kinds issued by an institution as a report of some sort: Zotero types a page a report when it
# carries citation_technical_report_institution, and biblatex's @report wants an institution.
REPORT_KINDS = frozenset(kind for kind, types in KIND_TYPES.items() if types[2] == "report")
# ISO codes → the language names biblatex's langid takes (babel and polyglossia).
LANGIDS = {
    "en": "english",
    "zh": "chinese",
    "zh-Hans": "chinese",
    "zh-Hant": "chinese",
    "bo": "tibetan",
    "ug": "uyghur",
    "ar": "arabic",
    "ja": "japanese",
    "ko": "korean",
    "ru": "russian",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "es": "spanish",
    "pl": "polish",
    "nl": "dutch",
    "he": "hebrew",
}


def kind_types(kind: str) -> tuple[str, str, str]:
    return KIND_TYPES.get(kind, KIND_TYPES[EvidenceKind.OTHER])


def date_parts(day, precision: str) -> list[int]:
    if precision == DatePrecision.YEAR:
        return [day.year]
    if precision == DatePrecision.MONTH:
        return [day.year, day.month]
    return [day.year, day.month, day.day]


def _authors(item) -> list[Author]:
    """The item's authors; an organisation's own report without named authors is by it."""
    names = item.author_names
    if not names and item.source and item.kind not in CONTAINER_KINDS:
        names = [Author(literal=item.source.name)]
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
        data["author"] = [author.csl() for author in authors]
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


def _bibtex_name(author: Author) -> str:
    # An organisation in braces is one name to BibTeX, biber and pandoc, never split.
    if author.literal:
        return "{" + bibtex_escape(author.literal) + "}"
    return bibtex_escape(author.sorted_name)


def bibtex_entry(item, *, base_url: str = "") -> str:
    """One entry in biblatex's data model (biber validates it), which BibTeX also reads."""
    _, _, entry_type = kind_types(item.kind)
    if entry_type == "article" and not item.source:
        entry_type = "misc"  # an article needs its journal or newspaper
    fields: list[tuple[str, str]] = []
    # Double braces keep the title's capitals as written.
    fields.append(("title", "{" + bibtex_escape(item.title) + "}"))
    authors = _authors(item)
    if authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in authors)))
    kind = bibtex_escape(item.get_kind_display())
    if entry_type == "article":
        fields.append(("journal", bibtex_escape(item.source.name)))
        if item.kind == EvidenceKind.NEWS_ARTICLE:
            fields.append(("entrysubtype", "newspaper"))
    elif entry_type == "report":
        if item.source:
            fields.append(("institution", bibtex_escape(item.source.name)))
        fields.append(("type", kind))
    else:
        if item.source:
            fields.append(("organization", bibtex_escape(item.source.name)))
        fields.append(("type", kind))
    bare: dict[str, str] = {}  # values written without braces: BibTeX's month macros
    if item.published_on:
        fields.append(("year", str(item.published_on.year)))
        if item.date_precision != DatePrecision.YEAR:
            # jan…dec unbraced: the macros BibTeX prints as month names and biber reads as 1-12.
            bare["month"] = _MONTHS[item.published_on.month - 1]
            fields.append(("month", ""))
        date = "-".join(f"{n:02d}" for n in date_parts(item.published_on, item.date_precision))
        fields.append(("date", date))
    fields.append(("url", _url(item, base_url)))
    if item.retrieved_on:
        fields.append(("urldate", item.retrieved_on.isoformat()))
    if item.text_language in LANGIDS:
        fields.append(("langid", LANGIDS[item.text_language]))
    if item.summary:
        fields.append(("abstract", bibtex_escape(" ".join(item.summary.split()))))
    fields.append(("note", bibtex_escape(_note(item))))
    body = ",\n".join(
        f"  {name} = {bare[name]}" if name in bare else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{entry_type}{{{item.reference},\n{body}\n}}\n"


def bibtex(items: Sequence, *, base_url: str = "") -> str:
    return "\n".join(bibtex_entry(item, base_url=base_url) for item in items)


# --- RIS --------------------------------------------------------------------------------------


def ris_entry(item, *, base_url: str = "") -> str:
    _, ris_type, _ = kind_types(item.kind)
    lines = [("TY", ris_type), ("ID", item.reference), ("TI", item.title)]
    for author in _authors(item):
        lines.append(("AU", author.sorted_name))
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
