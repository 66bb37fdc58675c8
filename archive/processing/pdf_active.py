"""Finding a PDF's active content: JavaScript, Launch actions and embedded files.

A PDF can carry JavaScript (run by most viewers, browsers' built-in ones included), Launch
actions (ask the viewer to start another program or open a file) and embedded files (any bytes
at all, opened with one click). None of it is needed to read evidence, and any of it may be
the reason a hostile file was sent. The archive keeps such a file as received, flags it to
researchers and serves it only as a download (archive/views.py).

Both readers look, in their children: pdfminer.six walks every object the cross-reference
tables list (object streams included, so compressing the objects hides nothing), and PDFium
counts document-level scripts and attachments, which still answers when pdfminer.six cannot
parse the file.
"""

from __future__ import annotations

from typing import Any

JAVASCRIPT = "JavaScript"
LAUNCH = "a Launch action"
EMBEDDED = "embedded files"
ORDER = (JAVASCRIPT, LAUNCH, EMBEDDED)
# What a warning about it starts with; EvidenceFile.has_active_content looks for this.
WARNING_START = "This PDF contains active content"
MAX_OBJECTS = 500_000  # beyond this, a file is damaged or hostile; the time limit stops it anyway


def active_content_warning(kinds: set[str]) -> str:
    named = ", ".join(kind for kind in ORDER if kind in kinds)
    return (
        f"{WARNING_START} ({named}). It is kept as received and offered only as a download,"
        " never shown in the browser; open it with care, in a viewer with scripts turned off."
    )


def pdfminer_active_content(document: Any) -> set[str]:
    """Child (pdfminer.six): every kind of active content among the document's objects."""
    from pdfminer.pdftypes import PDFStream

    found: set[str] = set()
    seen = 0
    for xref in document.xrefs:
        for objid in xref.get_objids():
            seen += 1
            if seen > MAX_OBJECTS:
                return found
            try:
                obj = document.getobj(objid)
            except Exception:  # a missing or broken object is no evidence of anything
                continue
            found |= _kinds(obj.attrs if isinstance(obj, PDFStream) else obj, depth=0)
    return found


def _kinds(obj: Any, *, depth: int) -> set[str]:
    """Kinds named by one object and the direct (not referenced) objects inside it; referenced
    ones are objects of their own, which the walk above reaches anyway."""
    if depth > 20:
        return set()
    if isinstance(obj, list):
        return set().union(*(_kinds(o, depth=depth + 1) for o in obj)) if obj else set()
    if not isinstance(obj, dict):
        return set()
    found = set()
    action = _name(obj.get("S"))
    if action == "JavaScript" or "JS" in obj or "JavaScript" in obj:
        found.add(JAVASCRIPT)
    if action == "Launch":
        found.add(LAUNCH)
    # An embedded file's stream, a file specification carrying one (/EF << /F … >>; a
    # signature's usage rights have an /EF array of permissions, which is no file), or an
    # attachment annotation. An /EmbeddedFiles name tree alone may be empty, so it is not one.
    if (
        _name(obj.get("Type")) == "EmbeddedFile"
        or isinstance(obj.get("EF"), dict)
        or _name(obj.get("Subtype")) == "FileAttachment"
    ):
        found.add(EMBEDDED)
    if action == "GoToE":  # a jump into an embedded PDF
        found.add(EMBEDDED)
    for value in obj.values():
        if isinstance(value, dict | list):
            found |= _kinds(value, depth=depth + 1)
    return found


def _name(value: Any) -> str:
    """A PDF name's text (pdfminer gives PSLiteral objects), else ""."""
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return name if isinstance(name, str) else ""


def pdfium_active_content(pdf: Any) -> set[str]:
    """Child (pypdfium2): document-level JavaScript and attachments, as PDFium counts them."""
    import pypdfium2.raw as raw

    found = set()
    if raw.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
        found.add(JAVASCRIPT)
    if pdf.count_attachments() > 0:
        found.add(EMBEDDED)
    return found
