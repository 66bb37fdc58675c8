"""Hostile images for OCR, written byte by byte so that making them costs the tests no time
(Pillow's own multi-page TIFF writer takes quadratic time: 20 s for 3,000 pages)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def many_page_tiff(path: Path, pages: int, size: tuple[int, int] = (64, 64)) -> Path:
    """A little-endian greyscale TIFF of `pages` white pages that all share one strip."""
    width, height = size
    strip = bytes([255]) * (width * height)
    entries = [  # (tag, type SHORT=3 / LONG=4, value); offsets patched below
        (256, 4, width),
        (257, 4, height),
        (258, 3, 8),
        (259, 3, 1),  # no compression
        (262, 3, 1),  # black is zero
        (273, 4, 8),  # the strip, right after the header
        (277, 3, 1),
        (278, 4, height),
        (279, 4, len(strip)),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    first_ifd = 8 + len(strip)
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd) + strip)
    for page in range(pages):
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
            out += struct.pack("<HHI", tag, kind, 1) + packed
        following = first_ifd + (page + 1) * ifd_size if page + 1 < pages else 0
        out += struct.pack("<I", following)
    path.write_bytes(bytes(out))
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims width × height RGB pixels over a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = [(b"IHDR", ihdr), (b"IDAT", zlib.compress(bytes(1000))), (b"IEND", b"")]
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + b"".join(
            struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
            for k, d in chunks
        )
    )
    return path
