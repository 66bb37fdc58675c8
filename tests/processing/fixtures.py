"""Files the processing tests read, written with reportlab and Pillow into a test's tmp_path."""

import struct
import zlib
from pathlib import Path

from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

THREE_PAGES = ["page one alpha", "page two bravo", "page three charlie"]


def write_pdf(
    path: Path,
    pages: list[str],
    *,
    title: str = "",
    encrypt: StandardEncryption | None = None,
    lines: int = 1,
) -> Path:
    """One page per string ('' leaves the page blank), the string repeated on `lines` lines."""
    canvas = Canvas(str(path), encrypt=encrypt)
    canvas.setTitle(title)
    for text in pages:
        for line in range(lines if text else 0):
            canvas.drawString(72, 760 - 12 * line, text)
        canvas.showPage()
    canvas.save()
    return path


def three_page_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "three.pdf", THREE_PAGES, title="Three  Pages\n")


def empty_second_page_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "gap.pdf", ["first page text", "", "third page text"])


def password_pdf(tmp_path: Path, strength: int = 128) -> Path:
    """RC4 (40 or 128 bit) with user password 'secret' (reportlab's AES-256 needs pyaes)."""
    encrypt = StandardEncryption("secret", "owner", strength=strength)
    return write_pdf(tmp_path / f"locked{strength}.pdf", ["hidden text"], encrypt=encrypt)


def owner_password_only_pdf(tmp_path: Path) -> Path:
    """Encrypted, but with an empty user password: every reader must open it without asking."""
    encrypt = StandardEncryption("", "owner", canCopy=0, canModify=0)
    return write_pdf(tmp_path / "owner-only.pdf", ["readable without a password"], encrypt=encrypt)


def truncated_pdf(tmp_path: Path) -> Path:
    whole = write_pdf(tmp_path / "whole.pdf", [f"page {n} text" for n in range(1, 41)])
    data = whole.read_bytes()
    return _write(tmp_path / "truncated.pdf", data[: len(data) // 2])


def gps_jpeg(tmp_path: Path) -> Path:
    """A photo whose EXIF says where it was taken: that must never reach a preview."""
    exif = Image.Exif()
    exif[0x010F] = "WitnessCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 40.0)})
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (1600, 1200), (200, 40, 40)).save(path, exif=exif, quality=90)
    return path


def png(tmp_path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    path = tmp_path / "picture.png"
    Image.new("RGBA", size, (10, 120, 200, 128)).save(path)
    return path


def empty_file(tmp_path: Path) -> Path:
    return _write(tmp_path / "empty.pdf", b"")


def html_named_pdf(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "report.pdf",
        b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>",
    )


def oops_pdf(tmp_path: Path) -> Path:
    """Five bytes of text named .pdf (like qpdf's bad1.pdf)."""
    return _write(tmp_path / "bad.pdf", b"oops\n")


def raw_png(tmp_path: Path, width: int, height: int, *, ztxt_bytes: int = 0) -> Path:
    """An RGB PNG of black pixels written row by row, so a huge image costs the test no memory.

    ztxt_bytes adds a compressed text chunk that inflates to that many bytes (a text bomb).
    """
    pixels = zlib.compressobj(9)
    row = bytes(1 + 3 * width)  # filter byte, then black pixels
    idat = b"".join(pixels.compress(row) for _ in range(height)) + pixels.flush()
    chunks = [(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    if ztxt_bytes:
        chunks.append((b"zTXt", b"Comment\x00\x00" + zlib.compress(bytes(ztxt_bytes), 9)))
    chunks += [(b"IDAT", idat), (b"IEND", b"")]
    body = b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in chunks
    )
    return _write(tmp_path / f"raw-{width}x{height}.png", b"\x89PNG\r\n\x1a\n" + body)


def flate_bomb_pdf(tmp_path: Path, inflated_mib: int) -> Path:
    """A one-page PDF whose content stream is a few hundred KB that inflate to inflated_mib MiB."""
    content = _deflate(b" " * (1 << 20), inflated_mib)
    return _write(
        tmp_path / "bomb.pdf",
        _assemble_pdf(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content)
        ),
    )


def huge_picture_pdf(tmp_path: Path, side: int) -> Path:
    """A page of text over a side×side RGB image: PDFium decodes the image to render the
    preview, pdfminer.six never decodes images."""
    content = (
        b"BT /F1 12 Tf 72 720 Td (text beside a huge picture) Tj ET"
        b" q 100 0 0 100 72 500 cm /Im0 Do Q"
    )
    pixels = _deflate(bytes(3 * side), side)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (side, side, len(pixels), pixels)
    )
    return _write(
        tmp_path / "picture.pdf",
        _assemble_pdf(
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            image,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ),
    )


def _deflate(block: bytes, times: int) -> bytes:
    squeeze = zlib.compressobj(9)
    return b"".join(squeeze.compress(block) for _ in range(times)) + squeeze.flush()


def _assemble_pdf(content: bytes, image: bytes = b"<< >>", font: bytes = b"<< >>") -> bytes:
    """A one-page PDF from its content stream and the objects it may name as /Im0 and /F1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        content,
        image,
        font,
    ]
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog) and a classic xref."""
    pdf, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
