"""Scanned pages for the OCR tests: text drawn with Debian's Noto fonts, then noised like a scan.

A scan is a picture of a page: the text is drawn at 300 dpi with Pillow (libraqm shapes Arabic
and Tibetan), blurred, speckled and turned a little, and written as an image-only PDF, a TIFF
or a PNG, so no text layer can give the answer away.
"""

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

NOTO = Path("/usr/share/fonts")
FONTS = {
    "latin": (NOTO / "truetype/noto/NotoSans-Regular.ttf", 0),
    "zh-Hans": (NOTO / "opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: SC
    "ja": (NOTO / "opentype/noto/NotoSansCJK-Regular.ttc", 0),
    "ko": (NOTO / "opentype/noto/NotoSansCJK-Regular.ttc", 1),
    "ar": (NOTO / "truetype/noto/NotoSansArabic-Regular.ttf", 0),
    "zh-Hant": (NOTO / "opentype/noto/NotoSansCJK-Regular.ttc", 3),  # index 3: TC
    "bo": (NOTO / "truetype/noto/NotoSerifTibetan-Regular.ttf", 0),
    "ug": (NOTO / "truetype/noto/NotoNaskhArabic-Regular.ttf", 0),
}
# Short lines per language, in the project's own words.
TEXTS = {
    "en": [
        "Freedom of information response",
        "The request was received in March.",
        "No records were withheld from this reply.",
    ],
    "fr": ["Réponse à la demande de documents", "Le dossier reçu en mars est complet."],
    "de": ["Antwort auf die Anfrage", "Die Unterlagen wurden im März geprüft."],
    "zh-Hans": ["信息公开答复", "我们已收到您的申请。"],
    "ja": ["情報公開の回答", "申請を受け付けました。"],
    "ko": ["정보 공개 답변", "신청을 접수했습니다."],
    "ar": ["رد على طلب المعلومات", "تم استلام الطلب في مارس"],
    "ru": ["Ответ на запрос информации", "Заявление получено в марте."],
    # The campaign's own scripts: Traditional Chinese, Tibetan (Uchen), Uyghur (Arabic script).
    "zh-Hant": ["資訊公開答覆", "我們已收到您的申請。"],
    "bo": ["བོད་ཀྱི་ལོ་རྒྱུས་དང་རིག་གཞུང་།", "དཔྱད་རྩོམ་འདི་ཟླ་བ་གསུམ་པར་བྲིས།"],
    "ug": ["ئۇچۇر ئاشكارىلاش ئىلتىماسىغا جاۋاب", "ئىلتىماس مارتتا تاپشۇرۇۋېلىندى"],
}
FONT_FOR = {"en": "latin", "fr": "latin", "de": "latin", "ru": "latin"}  # Noto Sans: Cyrillic too
# What a researcher would search for on each page (accents included).
PROBES = {
    "en": "Freedom of information response",
    "fr": "dossier reçu en mars",
    "de": "im März geprüft",
    "zh-Hans": "信息公开答复",
    "ja": "情報公開の回答",
    "ko": "정보 공개 답변",
    "ar": "رد على طلب المعلومات",
    "ru": "Заявление получено в марте",
    "zh-Hant": "資訊公開答覆",
    "bo": "བོད་ཀྱི་ལོ་རྒྱུས",
    "ug": "مارتتا تاپشۇرۇۋېلىندى",
}


def cer(expected: str, got: str) -> float:
    """Character error rate: edit distance over the expected length, spaces ignored."""
    a, b = "".join(expected.split()), "".join(got.split())
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[len(b)] / max(1, len(a))


def page_image(
    language: str, *, seed: int = 0, size: tuple[int, int] = (1654, 2339)
) -> Image.Image:
    """An A4 page at 200 dpi with the language's lines, noised like a desk scanner's."""
    path, index = FONTS[FONT_FOR.get(language, language)]
    font = ImageFont.truetype(str(path), 48, index=index)
    image = Image.new("L", size, 245)
    draw = ImageDraw.Draw(image)
    rtl = language in ("ar", "ug")
    for n, line in enumerate(TEXTS[language]):
        y = 200 + 110 * n
        if rtl:
            width = draw.textlength(line, font=font, direction="rtl")
            draw.text((size[0] - 160 - width, y), line, font=font, fill=20, direction="rtl")
        else:
            draw.text((160, y), line, font=font, fill=20)
    return noised(image, seed)


def noised(image: Image.Image, seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=245, resample=Image.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    pixels = image.load()
    for _ in range(image.width * image.height // 400):  # dust: 0.25 % of the pixels
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = rng.choice((0, 255))
    return image


def scanned_pdf(path: Path, languages: list[str]) -> Path:
    """One image-only page per language: what a scanner writes."""
    pages = [page_image(lang, seed=n).convert("RGB") for n, lang in enumerate(languages)]
    pages[0].save(path, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return path


def blank_scanned_pdf(path: Path) -> Path:
    """A scan of an empty sheet: an image, but nothing to read."""
    noised(Image.new("L", (1654, 2339), 245), 1).convert("RGB").save(path, "PDF", resolution=200)
    return path
