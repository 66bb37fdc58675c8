"""Reading an office document (Word, Excel, PowerPoint, OpenDocument, RTF): converted to a PDF by
LibreOffice, headless, then read as any PDF is; the PDF is handed back as the file's derivative.

LibreOffice runs inside the sandbox child, so it inherits the child's memory and CPU limits, in a
session of its own with a private profile folder per run (two conversions at once never share
one, and a document cannot leave settings behind for the next). It is given less wall time than
the child, so that it is killed, with everything it started, before the child is.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from archive.processing import lam_alef, sandbox
from archive.processing.limits import Limits, describe_bytes
from archive.processing.pdf import process_pdf
from archive.processing.result import ProcessResult, Status, failed
from archive.processing.sniff import sniff_container, sniff_media_type
from archive.processing.text_of_record import Candidate, choose, garbled_warning, page_of_record

# The extension LibreOffice is told the file has: it picks its import filter by it.
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/rtf": ".rtf",
}
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# A document whose parts unpack to more than this, or more than RATIO times its size, is a ZIP
# bomb: refused before LibreOffice unpacks it into memory.
MAX_UNPACKED_BYTES = 512 << 20
MAX_RATIO = 200
KILL_MARGIN_SECONDS = 5.0
DAMAGED = "LibreOffice could not convert the document"
NOT_INSTALLED = (
    "The document could not be read: LibreOffice is not installed on this server"
    " (scripts/system_packages.sh installs it); the original is kept as uploaded."
)


def bomb_message(path: str) -> str:
    """Why an OOXML or ODF package is refused unread, or "" when its sizes are plausible."""
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""  # not a ZIP (a .doc, an .rtf) or damaged: LibreOffice says what it makes of it
    packed = max(os.path.getsize(path), 1)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * packed:
        return (
            f"The document unpacks to {describe_bytes(unpacked)} from {describe_bytes(packed)}"
            " (a decompression bomb); it was not converted, and the original is kept."
        )
    return ""


def convert(path: str, media_type: str, limits: Limits, workdir: str) -> dict[str, Any]:
    """Run LibreOffice on a copy of the file in workdir; {"pdf": path} or {"failure": ...}."""
    source = Path(workdir, "document" + OFFICE_TYPES.get(media_type, ""))
    shutil.copyfile(path, source)
    profile = Path(workdir, "profile")
    argv = [
        SOFFICE,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        workdir,
        str(source),
    ]
    seconds = max(1.0, limits.seconds - KILL_MARGIN_SECONDS)
    env = {**os.environ, "HOME": workdir, "SAL_USE_VCLPLUGIN": "svp"}
    process = subprocess.Popen(
        argv,
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so a timeout kills oosplash and soffice.bin with it
    )
    try:
        _, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"failure": "timeout", "seconds": seconds}
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = source.with_suffix(".pdf")
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = next((line for line in reversed(lines) if "javaldx" not in line), "")
        return {"failure": "error", "detail": detail[:300] or f"exit code {process.returncode}"}
    return {"pdf": str(pdf)}


@sandbox.preloads("olefile")
def convert_in_child(path: str, limits: Limits) -> dict[str, Any]:
    """Child: convert the document into a folder of its own, which the parent takes over."""
    with open(path, "rb") as f:
        media_type = sniff_container(path, sniff_media_type(f.read(8192)))
    workdir = tempfile.mkdtemp(prefix="archive-office-")
    result = convert(path, media_type, limits, workdir)
    result["workdir"] = workdir
    return result


# Where an OOXML or ODF package keeps its text, for when LibreOffice cannot convert it.
_TEXT_PARTS = (
    "content.xml",
    "word/document.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "xl/sharedStrings.xml",
    "ppt/slides/slide",
)


# Ruby annotation (Word's w:rt, ODF's text:ruby-text): the reading set above a word, not text.
_RUBY_TEXT = {"rt", "ruby-text"}
# Paragraphs and shared strings, whose runs join without a space into words.
_PARAGRAPHS = {"p", "h", "si"}


@sandbox.preloads("lxml.etree")
def read_package_text(path: str, limits: Limits) -> dict[str, Any]:
    """Child: the text nodes of a package's content parts, read without LibreOffice (which
    refuses a package that is damaged, even slightly); one page, no layout. Also its Arabic
    words, which repair the lam-alef order of a PDF LibreOffice made of it (lam_alef.py)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    texts, paragraphs = [], []
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        wanted = {n for n in names if n.startswith(_TEXT_PARTS) and n.endswith(".xml")}
        for name in sorted(wanted, key=_natural):
            root = etree.fromstring(package.read(name), parser)
            _drop(root, _RUBY_TEXT)
            texts.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
            paragraphs += ["".join(p.itertext()) for p in _elements(root, _PARAGRAPHS)]
    return {
        "text": "\n\n".join(t for t in texts if t),
        "arabic_words": sorted(lam_alef.vocabulary(paragraphs)),
    }


def _elements(root, localnames: set[str]) -> list:
    return [e for e in root.iter() if isinstance(e.tag, str) and _localname(e.tag) in localnames]


def _localname(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _drop(root, localnames: set[str]) -> None:
    """Remove these elements with their text, keeping the text that follows each (its tail)."""
    for element in _elements(root, localnames):
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


def _natural(name: str) -> tuple[str, int]:
    """slide2.xml before slide10.xml."""
    digits = re.search(r"(\d+)\.xml$", name)
    return (name[: digits.start()] if digits else name, int(digits.group(1)) if digits else 0)


def _package_fallback(path: str, media_type: str, limits: Limits, why: str) -> ProcessResult:
    """The text straight from the package's XML when conversion failed; else the failure."""
    outcome = sandbox.run(read_package_text, path, limits)
    text = outcome.data.get("text", "") if not outcome.failure else ""
    page = page_of_record(1, choose([Candidate("package-xml", text.strip())]))
    if not page.text:
        return failed(media_type, why)
    return ProcessResult(
        status=Status.READY,
        media_type=media_type,
        page_count=1,
        pages=[page],
        warnings=[
            f"{why.rstrip('.')}; its text was read straight from the document's XML, without"
            " layout, page breaks or a preview."
        ]
        + garbled_warning([page]),
    )


def process_office(path: str, media_type: str, limits: Limits) -> ProcessResult:
    if not os.path.exists(SOFFICE):
        return ProcessResult(status=Status.NO_TEXT, media_type=media_type, warnings=[NOT_INSTALLED])
    refused = bomb_message(path)
    if refused:
        return failed(media_type, refused)
    workdir = tempfile.mkdtemp(prefix="archive-office-")
    try:
        outcome = _convert(path, limits, workdir)
        if "pdf" not in outcome:
            if "message" in outcome:  # the child itself was stopped at a limit
                why = outcome["message"]
            elif outcome.get("failure") == "timeout":
                why = (
                    f"Converting the document took longer than {outcome['seconds']:g} s and was"
                    " stopped; the original is kept."
                )
            else:
                why = f"{DAMAGED} ({outcome.get('detail', '')})."
            if zipfile.is_zipfile(path):
                return _package_fallback(path, media_type, limits, why)
            return failed(media_type, why)
        result = process_pdf(outcome["pdf"], "application/pdf", limits)
        result.media_type = media_type
        _lam_alef_repair(result, path, limits)
        if result.pages or result.page_count:
            kept = Path(tempfile.mkdtemp(prefix="archive-derivative-"), "derivative.pdf")
            shutil.move(outcome["pdf"], kept)
            result.derivative = str(kept)
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _lam_alef_repair(result: ProcessResult, path: str, limits: Limits) -> None:
    """Arabic words of the PDF's text with lam and alef swapped, written as the document's own
    XML has them (lam_alef.py); a document that is no package (.doc, .rtf) is left as read."""
    if not any(lam_alef.has_alef_lam(p.text) for p in result.pages) or not zipfile.is_zipfile(path):
        return
    outcome = sandbox.run(read_package_text, path, limits)
    known = set(outcome.data.get("arabic_words", ())) if not outcome.failure else set()
    for page in result.pages:
        page.text = lam_alef.repair(page.text, known)


def _convert(path: str, limits: Limits, workdir: str) -> dict[str, Any]:
    """LibreOffice under the child's limits: memory and CPU are set in the child and inherited."""
    outcome = sandbox.run(convert_in_child, path, limits)
    if outcome.failure:
        return {"message": sandbox.failure_message(outcome, limits, DAMAGED)}
    data = outcome.data
    child_dir = data.get("workdir", "")
    if "pdf" in data:
        moved = Path(workdir, "converted.pdf")
        shutil.move(data["pdf"], moved)
        data["pdf"] = str(moved)
    if child_dir:
        shutil.rmtree(child_dir, ignore_errors=True)
    return data
