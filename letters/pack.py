"""The evidence pack of a letter: one ZIP, streamed, with everything needed to verify its citations.

letter.html (the letter with its footnotes linking to the files in the pack), files/<reference>/
(each cited public original, byte for byte; an image as its public copy without metadata,
which the manifest marks as a derivative with both hashes), index.html and manifest.json (each
file's reference, citation, size and SHA-256, letter.html's and index.html's too), README.txt
(how a journalist checks the pack) and SHA256SUMS (every other entry's hash, for
`sha256sum -c`). The ZIP is written by the standard library's zipfile
into a sink it cannot seek, which makes zipfile put each entry's sizes and CRC after its data;
the sink hands its bytes to the response a chunk at a time, so a pack of any size passes
through a few MiB of memory. The SHA-256 in the manifest is computed from the very bytes written
into the pack (the manifest comes last), and compared with the hash recorded at upload.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from letters.citations import bibliography, citation_format

CHUNK_SIZE = 1024 * 1024
# Already compressed: stored as they are, which saves the CPU and changes nothing in size.
STORED_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/zip",
        "video/mp4",
        "video/webm",
        "audio/mpeg",
    }
)
ZIP64_THRESHOLD = int(zipfile.ZIP64_LIMIT * 0.9)
SUMS_NAME = "SHA256SUMS"


class _Sink:
    """A write-only stream: zipfile writes into it, the generator takes what was written."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> Iterator[bytes]:
        chunks, self._chunks = self._chunks, []
        yield from chunks


@dataclass
class PackFile:
    path: str  # inside the ZIP
    evidence_file: object  # archive.models.EvidenceFile
    items: list = field(default_factory=list)  # the cited items that hold it
    sha256: str = ""
    size: int = 0

    @property
    def derivative(self) -> bool:
        return self.evidence_file.needs_public_copy

    @property
    def media_type(self) -> str:
        f = self.evidence_file
        return f.public_copy_media_type if self.derivative else f.media_type

    @property
    def recorded_sha256(self) -> str:
        f = self.evidence_file
        return f.public_copy_sha256 if self.derivative else f.sha256

    @property
    def recorded_size(self) -> int:
        f = self.evidence_file
        return f.public_copy_size if self.derivative else f.file_size

    def manifest_entry(self) -> dict:
        """What the pack says of this file; a derivative names the original it was made of."""
        entry = {
            "media_type": self.media_type,
            "bytes": self.size,
            "sha256": self.sha256,
            "sha256_at_upload": self.recorded_sha256,
            "intact": self.sha256 == self.recorded_sha256,
            "derivative": self.derivative,
            # JavaScript, a Launch action or embedded files: opened offline, it would run.
            "warning": self.evidence_file.active_content_warning,
        }
        if self.derivative:
            f = self.evidence_file
            entry["derivative_of"] = {
                "filename": f.filename,
                "media_type": f.media_type,
                "bytes": f.file_size,
                "sha256": f.sha256,
                "made": "pixels only, turned upright: no location, device or other metadata"
                + (f" ({f.public_copy_note})" if f.public_copy_note else ""),
            }
        return entry


@dataclass
class Pack:
    page: object
    base_url: str
    footnotes: list
    items: list
    files: list[PackFile]
    # path → (SHA-256, bytes) of every entry written so far, for the manifest and SHA256SUMS.
    written: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.page.slug}-evidence-pack.zip"


def pack_prepare(page, *, base_url: str) -> Pack:
    """What goes in the pack: the public citations of the live page and their items' files."""
    citations = page.citations(public=True)
    items = bibliography(citations)
    files: dict[int, PackFile] = {}
    for item in items:
        for evidence_file in item.files:
            if evidence_file.needs_public_copy and not evidence_file.public_copy:
                continue  # an image not yet read: its original may say where it was taken
            pack_file = files.get(evidence_file.pk)
            if pack_file is None:
                name = (
                    evidence_file.public_filename
                    if evidence_file.needs_public_copy
                    else evidence_file.filename
                )
                path = f"files/{item.reference}/{name}"
                pack_file = files[evidence_file.pk] = PackFile(path, evidence_file)
            pack_file.items.append(item)
    return Pack(page, base_url, [c for c in citations if c.number], items, list(files.values()))


def _entry(path: str, when, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=timezone.localtime(when).timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def pack_stream(pack: Pack) -> Iterator[bytes]:
    """The ZIP, chunk by chunk; memory stays at about CHUNK_SIZE whatever the files weigh.

    Order: letter.html, the files, index.html, README.txt, manifest.json (which hashes all
    before it), SHA256SUMS (which hashes everything else, for `sha256sum -c`)."""
    now = timezone.now()
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
        letter = _letter_html(pack).encode()
        archive.writestr(_entry("letter.html", now), letter)
        pack.written["letter.html"] = _digest(letter)
        yield from sink.take()
        for pack_file in pack.files:
            yield from _write_file(archive, sink, pack_file)
            pack.written[pack_file.path] = (pack_file.sha256, pack_file.size)
        manifest = pack_manifest(pack, generated_at=now)
        # index.html shows the manifest, so it is made from it first and then hashed into it.
        index = render_to_string("letters/pack/index.html", {"manifest": manifest, "pack": pack})
        readme = render_to_string("letters/pack/README.txt", {"manifest": manifest})
        for path, text in (("index.html", index), ("README.txt", readme)):
            data = text.encode()
            archive.writestr(_entry(path, now), data)
            pack.written[path] = _digest(data)
            manifest["pack"][path] = _hashed(path, *pack.written[path])
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        archive.writestr(_entry("manifest.json", now), data)
        pack.written["manifest.json"] = _digest(data)
        archive.writestr(_entry(SUMS_NAME, now), sha256sums(pack.written))
        yield from sink.take()
    yield from sink.take()  # the central directory, written on close


def _digest(data: bytes) -> tuple[str, int]:
    return hashlib.sha256(data).hexdigest(), len(data)


def _hashed(path: str, sha256: str, size: int) -> dict:
    return {"path": path, "sha256": sha256, "bytes": size}


def sha256sums(written: dict[str, tuple[str, int]]) -> bytes:
    """The SHA256SUMS file in GNU coreutils' format, which `sha256sum -c` reads: a path with a
    backslash or newline is escaped, and its line marked with a leading backslash."""
    lines = []
    for path, (sha256, _) in written.items():
        if "\\" in path or "\n" in path:
            escaped = path.replace("\\", "\\\\").replace("\n", "\\n")
            lines.append(f"\\{sha256}  {escaped}\n")
        else:
            lines.append(f"{sha256}  {path}\n")
    return "".join(lines).encode()


def _write_file(archive: zipfile.ZipFile, sink: _Sink, pack_file: PackFile) -> Iterator[bytes]:
    evidence_file = pack_file.evidence_file
    # An image goes in as its public copy (no location or device metadata), never the original.
    field_file = evidence_file.public_copy if pack_file.derivative else evidence_file.file
    media_type = pack_file.media_type
    compress = zipfile.ZIP_STORED if media_type in STORED_TYPES else zipfile.ZIP_DEFLATED
    info = _entry(pack_file.path, evidence_file.created_at, compress)
    digest = hashlib.sha256()
    size = 0
    big = (pack_file.recorded_size or 0) > ZIP64_THRESHOLD
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as source:
        with archive.open(info, "w", force_zip64=big) as target:
            while chunk := source.read(CHUNK_SIZE):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
                yield from sink.take()
    yield from sink.take()
    pack_file.sha256 = digest.hexdigest()
    pack_file.size = size


def _letter_html(pack: Pack) -> str:
    local = {}
    for pack_file in pack.files:
        for item in pack_file.items:
            local.setdefault(item.reference, []).append(pack_file.path)
    for footnote in pack.footnotes:
        footnote.local_files = local.get(footnote.evidence.reference, [])
    return render_to_string(
        "letters/pack/letter.html",
        {"page": pack.page, "footnotes": pack.footnotes, "base_url": pack.base_url},
    )


def pack_manifest(pack: Pack, *, generated_at) -> dict:
    page = pack.page
    return {
        "letter": {
            "title": page.title,
            "url": pack.base_url + (page.url or ""),
            "recipient": getattr(page, "recipient", ""),
            "date": page.date.isoformat() if page.date else None,
            **_hashed("letter.html", *pack.written["letter.html"]),
        },
        # The pack's own pages, hashed as they are written (index.html and README.txt after
        # this manifest is first made); SHA256SUMS hashes this manifest too.
        "pack": {"checksums": SUMS_NAME},
        "generated_at": generated_at.isoformat(),
        "files": [
            {
                "path": f.path,
                "references": [item.reference for item in f.items],
                "citation": citation_format(f.items[0], base_url=pack.base_url),
                "title": f.evidence_file.title,
                **f.manifest_entry(),
            }
            for f in pack.files
        ],
        "citations": [
            {
                "number": c.number,
                "reference": c.evidence.reference,
                "pinpoint": c.pinpoint_display,
                "quotation": c.quotation,
                "url": pack.base_url + c.href,
                "citation": c.formatted(pack.base_url),
            }
            for c in pack.footnotes
        ],
    }
