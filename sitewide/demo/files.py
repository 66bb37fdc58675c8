"""The demo's files, made in memory: multi-page PDFs with reportlab, "photos" drawn with Pillow.

Output is byte-identical from run to run (reportlab's invariant mode fixes dates and IDs; Pillow's
encoders are deterministic), so the loader can find a file it made before by its SHA-256.
"""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from sitewide.demo.content import EmailSpec, FileSpec, ImageSpec, PdfSpec, TextSpec, WordSpec

MARGIN = 56
BODY_FONT, BODY_SIZE, LEADING = "Helvetica", 11, 15
TEXT_WIDTH = A4[0] - 2 * MARGIN


class DemoContentError(ValueError):
    """The demo data does not fit the layout (a page overflows, a quotation would wrap)."""


def file_bytes(spec: FileSpec) -> bytes:
    if isinstance(spec, PdfSpec):
        return pdf_bytes(spec)
    if isinstance(spec, ImageSpec):
        return image_bytes(spec)
    if isinstance(spec, TextSpec):
        return spec.text.encode("utf-8")
    if isinstance(spec, EmailSpec):
        return email_bytes(spec)
    if isinstance(spec, WordSpec):
        return docx_bytes(spec)
    raise TypeError(f"Not a demo file spec: {spec!r}")


# --- Email and Word -----------------------------------------------------------------------------


def email_bytes(spec: EmailSpec) -> bytes:
    """The message as an .eml, its attachments inside; the MIME boundary is fixed, not random."""
    from email.message import EmailMessage
    from email.policy import SMTP

    message = EmailMessage(policy=SMTP)
    message["Subject"], message["From"], message["To"] = spec.subject, spec.sender, spec.to
    message["Date"] = spec.date
    message.set_content(spec.body)
    for attachment in spec.attachments:
        message.add_attachment(attachment.text, filename=attachment.name)
    if message.is_multipart():
        message.set_boundary("demo-boundary-" + spec.name)
    return message.as_bytes()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_bytes(spec: WordSpec) -> bytes:
    """The smallest Word package Word and LibreOffice open: one paragraph per string, the first
    in bold as a heading. Zip entries carry a fixed date, so the bytes never change."""
    import zipfile
    from xml.sax.saxutils import escape

    bold = "<w:rPr><w:b/></w:rPr>"
    paragraphs = "".join(
        f"<w:p><w:r>{bold if n == 0 else ''}<w:t>{escape(text)}</w:t></w:r></w:p>"
        for n, text in enumerate(spec.paragraphs)
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", _DOCX_TYPES),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", document),
        ):
            package.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


# --- PDFs -------------------------------------------------------------------------------------


def pdf_bytes(spec: PdfSpec) -> bytes:
    """One A4 page per DocPage: notice, heading, wrapped paragraphs, and a page footer; for a
    scanned spec, those pages as a scanner would return them (pictures, no text layer)."""
    printed = _printed_pdf(spec)
    return scanned_pdf_bytes(printed, spec.title) if spec.scanned else printed


# A fixed date, so the scanned PDF is the same bytes on every run (Pillow writes today's).
SCAN_DATE = datetime(2024, 5, 7, 10, 0, 0).timetuple()


def scanned_pdf_bytes(printed: bytes, title: str) -> bytes:
    """Each page rendered at 150 dpi in grey, turned a little and speckled with seeded dust,
    written as an image-only PDF."""
    import random

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(printed)
    pages = []
    for number in range(len(document)):
        image = document[number].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
        rng = random.Random(number)
        image = image.rotate(rng.uniform(-0.6, 0.6), fillcolor=255, resample=Image.BICUBIC)
        pixels = image.load()
        for _ in range(image.width * image.height // 2000):
            pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 200))
        pages.append(image)
    document.close()
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        "PDF",
        resolution=150,
        save_all=True,
        append_images=pages[1:],
        title=title,
        creationDate=SCAN_DATE,
        modDate=SCAN_DATE,
    )
    return buffer.getvalue()


def _printed_pdf(spec: PdfSpec) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(spec.title)
    pdf.setAuthor(spec.author or "Evidence Archive demonstration")
    pdf.setSubject("Demonstration content: invented, not real evidence.")
    pdf.setCreator("Evidence Archive demo loader (sitewide.demo)")
    width, height = A4
    total = len(spec.pages)
    for number, page in enumerate(spec.pages, start=1):
        pdf.setFillGray(0.4)
        pdf.setFont("Helvetica-Oblique", 8)
        pdf.drawString(MARGIN, height - 36, spec.notice)
        pdf.drawString(MARGIN, 30, f"{spec.title} - page {number} of {total}")
        pdf.setFillGray(0)
        heading_size = 17 if number == 1 else 13
        y = height - 80
        for line in simpleSplit(page.heading, "Helvetica-Bold", heading_size, TEXT_WIDTH):
            pdf.setFont("Helvetica-Bold", heading_size)
            pdf.drawString(MARGIN, y, line)
            y -= heading_size + 6
        y -= 10
        pdf.setFont(BODY_FONT, BODY_SIZE)
        for paragraph in page.paragraphs:
            for line in simpleSplit(paragraph, BODY_FONT, BODY_SIZE, TEXT_WIDTH):
                if y < 60:
                    raise DemoContentError(f"{spec.name}: page {number} overflows.")
                pdf.drawString(MARGIN, y, line)
                y -= LEADING
            y -= 8
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def fits_on_one_line(sentence: str) -> bool:
    """Whether a paragraph starting with `sentence` keeps it whole on its first line."""
    return stringWidth(sentence, BODY_FONT, BODY_SIZE) <= TEXT_WIDTH


# --- Images -----------------------------------------------------------------------------------

PHOTO_SIZE = (960, 640)


def image_bytes(spec: ImageSpec) -> bytes:
    image = Image.new("RGB", PHOTO_SIZE, "white")
    draw = ImageDraw.Draw(image)
    PICTURES[spec.picture](draw)
    _caption(draw, spec.caption)
    buffer = io.BytesIO()
    if spec.name.lower().endswith((".jpg", ".jpeg")):
        image.save(buffer, "JPEG", quality=88, exif=_exif(spec))
    else:
        image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def _exif(spec: ImageSpec) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "Demonstration camera"
    exif[Base.Model] = "Evidence Archive demo"
    exif[Base.ImageDescription] = f"{spec.title}. {spec.caption}"
    exif[Base.DateTime] = "2024:01:10 11:32:00"
    if spec.gps:
        latitude, longitude = spec.gps
        gps = exif.get_ifd(IFD.GPSInfo)
        gps[GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        gps[GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        gps[GPS.GPSLatitude] = _degrees(abs(latitude))
        gps[GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps[GPS.GPSLongitude] = _degrees(abs(longitude))
    return exif


def _degrees(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    hundredths = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(hundredths, 100)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _caption(draw: ImageDraw.ImageDraw, text: str) -> None:
    width, height = PHOTO_SIZE
    draw.rectangle((0, height - 44, width, height), fill=(20, 20, 20))
    draw.text((16, height - 36), text, fill=(255, 220, 90), font=_font(22))


def _sky(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, until: int) -> None:
    for y in range(until):
        t = y / until
        draw.line(
            (0, y, PHOTO_SIZE[0], y),
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _dome_camera(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float = 1.0) -> None:
    s = scale
    draw.rectangle((x - 6 * s, y - 30 * s, x + 6 * s, y), fill=(90, 90, 95))  # bracket
    draw.rectangle(
        (x - 34 * s, y, x + 34 * s, y + 10 * s), fill=(235, 235, 235), outline=(60, 60, 60)
    )
    draw.chord(
        (x - 30 * s, y - 20 * s, x + 30 * s, y + 40 * s),
        0,
        180,
        fill=(40, 40, 48),
        outline=(20, 20, 20),
    )
    draw.ellipse(
        (x - 7 * s, y + 12 * s, x + 7 * s, y + 26 * s), fill=(10, 10, 10), outline=(120, 160, 255)
    )
    draw.ellipse((x + 14 * s, y + 12 * s, x + 19 * s, y + 17 * s), fill=(220, 30, 30))


def _bullet_camera(draw: ImageDraw.ImageDraw, x: int, y: int, facing: int) -> None:
    """A box camera on an arm from a pole at x; facing is -1 (left) or 1 (right)."""
    arm_end = x + facing * 70
    draw.rectangle((min(x, arm_end), y - 4, max(x, arm_end), y + 4), fill=(110, 110, 115))
    body = (arm_end - 10, y + 4, arm_end + facing * 80, y + 40)
    draw.rectangle(
        (min(body[0], body[2]), body[1], max(body[0], body[2]), body[3]),
        fill=(240, 240, 240),
        outline=(70, 70, 70),
    )
    hood = (arm_end - 14, y, arm_end + facing * 92, y + 8)
    draw.rectangle(
        (min(hood[0], hood[2]), hood[1], max(hood[0], hood[2]), hood[3]), fill=(200, 200, 205)
    )
    lens_x = arm_end + facing * 80
    draw.ellipse(
        (lens_x - 8, y + 12, lens_x + 8, y + 32), fill=(15, 15, 20), outline=(120, 160, 255)
    )


def _monastery_gate(draw: ImageDraw.ImageDraw) -> None:
    width, height = PHOTO_SIZE
    _sky(draw, (70, 120, 200), (190, 215, 240), 360)
    draw.polygon(
        [
            (0, 300),
            (180, 150),
            (330, 260),
            (520, 110),
            (760, 280),
            (960, 170),
            (960, 360),
            (0, 360),
        ],
        fill=(120, 130, 140),
    )
    draw.polygon([(470, 150), (520, 110), (575, 150)], fill=(245, 245, 250))  # snow cap
    draw.rectangle((0, 360, width, height), fill=(150, 130, 100))  # ground
    draw.rectangle((140, 230, 820, 560), fill=(236, 229, 214), outline=(120, 100, 80))  # wall
    for row, y in enumerate(range(250, 550, 30)):  # stone courses
        draw.line((140, y, 820, y), fill=(205, 195, 175))
        for x in range(160 + (row % 2) * 40, 820, 80):
            draw.line((x, y, x, y + 30), fill=(205, 195, 175))
    draw.polygon([(110, 230), (480, 160), (850, 230)], fill=(128, 30, 30))  # roof
    draw.rectangle((130, 226, 830, 240), fill=(200, 160, 40))  # gilded eave
    draw.rectangle((380, 360, 580, 560), fill=(70, 40, 25))  # gate
    draw.pieslice((380, 300, 580, 420), 180, 360, fill=(70, 40, 25))
    draw.line((480, 310, 480, 560), fill=(40, 20, 10), width=4)
    for x, colour in zip(
        range(160, 800, 48),
        [(30, 80, 200), (240, 240, 240), (210, 40, 40), (40, 160, 70), (240, 200, 40)] * 3,
        strict=False,
    ):
        draw.rectangle((x, 190 + (x % 3) * 4, x + 30, 210 + (x % 3) * 4), fill=colour)  # flags
    _dome_camera(draw, 480, 280, scale=1.3)


def _street_pole(draw: ImageDraw.ImageDraw) -> None:
    width, height = PHOTO_SIZE
    _sky(draw, (150, 180, 215), (225, 230, 235), 420)
    for i, (x0, x1, top, colour) in enumerate(
        [
            (0, 230, 120, (214, 160, 110)),
            (230, 420, 170, (230, 200, 150)),
            (560, 760, 90, (190, 120, 90)),
            (760, 960, 150, (225, 180, 130)),
        ]
    ):
        draw.rectangle((x0, top, x1, 470), fill=colour, outline=(150, 110, 80))
        for wx in range(x0 + 20, x1 - 30, 50):
            for wy in range(top + 25, 430, 60):
                draw.rectangle((wx, wy, wx + 26, wy + 38), fill=(60, 70, 85))
                draw.rectangle((wx - 3, wy - 3, wx + 29, wy), fill=(240, 235, 220))
        if i == 2:
            draw.rectangle((x0, 430, x1, 470), fill=(40, 90, 60))  # shop awning
    draw.rectangle((0, 470, width, height), fill=(90, 90, 95))  # road
    for x in range(0, width, 120):
        draw.rectangle((x, 540, x + 60, 548), fill=(240, 240, 240))
    draw.rectangle((470, 60, 490, 580), fill=(70, 75, 80))  # the pole
    draw.rectangle((460, 560, 500, 590), fill=(50, 55, 60))
    _bullet_camera(draw, 490, 130, facing=1)
    _bullet_camera(draw, 470, 200, facing=-1)
    _bullet_camera(draw, 490, 270, facing=1)
    draw.rectangle((455, 320, 505, 380), fill=(200, 200, 200), outline=(90, 90, 90))  # box
    draw.text((462, 340), "DEMO", fill=(30, 30, 30), font=_font(14))


PICTURES = {"monastery_gate": _monastery_gate, "street_pole": _street_pole}
