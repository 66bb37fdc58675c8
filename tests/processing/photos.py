"""Photos that say where, when and with what they were taken, written by Pillow for the tests.

Each carries its secrets in every place a photo can: EXIF (device, capture time, GPS,
orientation), XMP (a GPS position and the device again), an IPTC record (the city), an ICC
profile, and for PNG text chunks. None of it may reach a public copy.
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image, ImageCms

DEVICE = "WitnessCam"
CITY = "Lhasa"
LATITUDE, LONGITUDE = (29.0, 39.0, 18.0), (91.0, 7.0, 12.0)  # a fictional position
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"'
    f' exif:GPSLatitude="29,39.3N" exif:GPSLongitude="91,7.2E" tiff:Make="{DEVICE}"'
    f' photoshop:City="{CITY}" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"/>'
    "</rdf:RDF></x:xmpmeta>"
)


def exif(orientation: int = 6) -> Image.Exif:
    data = Image.Exif()
    data[0x010F] = DEVICE  # Make
    data[0x0110] = "Model 7"  # Model
    data[0x0131] = "WitnessCam firmware 2.1"  # Software
    data[0x0112] = orientation
    data.get_ifd(0x8769).update({0x9003: "2024:03:10 14:22:05", 0x9011: "+08:00"})
    data.get_ifd(0x8825).update({1: "N", 2: LATITUDE, 3: "E", 4: LONGITUDE, 5: b"\x00", 6: 3650.0})
    return data


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo_jpeg(path: Path, size: tuple[int, int] = (1600, 1200)) -> Path:
    """A JPEG with EXIF (GPS, device, time, orientation 6), XMP, ICC and an IPTC record."""
    image = Image.new("RGB", size, (180, 60, 40))
    image.paste((30, 90, 200), (0, 0, size[0] // 2, size[1] // 3))  # a shape: upright shows
    image.save(path, "JPEG", exif=exif(), xmp=XMP.encode(), icc_profile=icc_profile(), quality=90)
    data = path.read_bytes()
    # IPTC (APP13, "Photoshop 3.0" resource 0x0404) with the city (2:90); Pillow writes none.
    record = b"\x1c\x02\x5a" + struct.pack(">H", len(CITY)) + CITY.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(body) + 2) + body
    path.write_bytes(data[:2] + app13 + data[2:])
    return path


def photo_png(path: Path) -> Path:
    """A PNG with eXIf (GPS), an XMP iTXt chunk, tEXt and zTXt chunks and an ICC profile."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", CITY)
    info.add_text("Comment", f"taken with {DEVICE}", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    Image.new("RGBA", (640, 480), (10, 120, 200, 255)).save(
        path, "PNG", pnginfo=info, exif=exif(orientation=1), icc_profile=icc_profile()
    )
    return path


def photo_tiff(path: Path) -> Path:
    """A TIFF with EXIF and GPS in its IFDs."""
    Image.new("RGB", (800, 600), (90, 90, 20)).save(path, "TIFF", exif=exif(orientation=1))
    return path
