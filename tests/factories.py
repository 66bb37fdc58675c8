"""Factories for the tests: generated PDFs and images, and evidence items built the real way."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from archive.choices import AccessLevel
from archive.models import EvidenceFile, EvidenceIndexPage, EvidencePage
from archive.services.files import evidence_file_create
from archive.services.items import evidence_item_create


def make_pdf(pages: list[str], *, title: str = "") -> bytes:
    """A PDF with one page per string; each line of a string is one line of text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    if title:
        pdf.setTitle(title)
    for text in pages:
        y = 800
        for line in text.splitlines():
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_png(width: int = 64, height: int = 48, colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def write_with_libreoffice(source: Path, target: str, outdir: Path) -> Path:
    """Convert `source` with LibreOffice itself, as a researcher's office suite would write it;
    target is e.g. "docx:MS Word 2007 XML", "odt", "xlsx"."""
    import subprocess

    from archive.processing.office import SOFFICE

    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return outdir / f"{source.stem}.{target.split(':')[0]}"


def flip_one_byte(path: str | os.PathLike) -> None:
    """Damage a stored file the way a failing disk does: one bit, in the middle."""
    data = bytearray(Path(path).read_bytes())
    data[len(data) // 2] ^= 0x01
    Path(path).write_bytes(bytes(data))


def make_file(name: str, content: bytes, *, title: str = "") -> EvidenceFile:
    """Store a file exactly as an upload would: save() hashes, sniffs and queues its reading."""
    return evidence_file_create(name=name, content=content, title=title)


def make_item(
    index: EvidenceIndexPage,
    *,
    title: str,
    files: list[EvidenceFile] = (),
    access_level: str = AccessLevel.PUBLIC,
    publish: bool = True,
    **fields,
) -> EvidencePage:
    return evidence_item_create(
        parent=index, title=title, files=files, access_level=access_level, publish=publish, **fields
    )


# --- Letters ----------------------------------------------------------------------------------


def make_letter_index(home):
    from letters.models import LetterIndexPage

    index = home.add_child(instance=LetterIndexPage(title="Letters", slug="letters"))
    index.save_revision().publish()
    return index


def cite(item, pinpoint: str = "", quotation: str = "", file: int | None = None) -> dict:
    """One citation of a claim, as StreamField data."""
    return {"evidence": item.pk, "pinpoint": pinpoint, "quotation": quotation, "file": file}


def claim(text: str, *citations: dict, needs_evidence: bool = True) -> dict:
    value = {"text": f"<p>{text}</p>", "needs_evidence": needs_evidence, "citations": citations}
    return {"type": "claim", "value": value}


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def make_letter(parent, *, body: list, title: str = "A letter", publish: bool = True, **fields):
    """A letter under `parent`, published through the same guard as the admin's Publish."""
    from letters.models import LetterPage

    fields.setdefault("recipient", "The Managing Director")
    fields.setdefault("date_sent", "2024-05-14")
    letter = LetterPage(title=title, body=body, live=False, **fields)
    parent.add_child(instance=letter)
    revision = letter.save_revision()
    if publish:
        revision.publish()
        letter.refresh_from_db()
    return letter


def item_form(
    title: str, *, access_level: str = "public", files=(), slug: str = "", item=None
) -> dict:
    """The evidence item's form, as the admin posts it (for `item`, keeping its file links)."""
    links = list(item.file_links.all()) if item is not None else []
    forms = [{"id": link.pk, "file": link.file_id} for link in links]
    forms += [{"file": f.pk} for f in files if f.pk not in {link.file_id for link in links}]
    return nested_form_data(
        {
            "title": title,
            "slug": slug or title.lower().replace(" ", "-"),
            "summary": "",
            "kind": "report",
            "access_level": access_level,
            "authors": "",
            "date_precision": "day",
            "language": "en",
            "file_links": inline_formset(forms, initial=len(links)),
            "comments": inline_formset([]),
        }
    )
