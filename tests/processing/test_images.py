import io
import time
from pathlib import Path

import pytest
from PIL import Image

from archive.processing import ExtractedPage, Limits, Status, process_file
from tests.processing import fixtures


def _preview(preview: bytes | None) -> Image.Image:
    assert preview is not None
    image = Image.open(io.BytesIO(preview))
    assert image.format == "WEBP"
    return image


def test_photo_preview_has_no_exif_or_gps(tmp_path: Path) -> None:
    path = fixtures.gps_jpeg(tmp_path)
    with Image.open(path) as original:  # the fixture really carries GPS
        assert original.getexif().get_ifd(0x8825)[2] == (51.0, 30.0, 12.5)
    result = process_file(path, name="photo.jpg")
    assert (result.status, result.media_type, result.error) == (Status.NO_TEXT, "image/jpeg", "")
    assert len(result.warnings) == 1 and "carries a GPS position" in result.warnings[0]
    assert (result.page_count, result.pages) == (
        1,
        [ExtractedPage(1, "", "none", 0.0, "a photo; OCR found no text")],
    )
    assert result.preview_media_type == "image/webp"
    preview = _preview(result.preview)
    assert not preview.getexif()
    assert not {"exif", "xmp", "icc_profile"} & preview.info.keys()
    assert preview.size == (800, 1067)  # turned upright by its EXIF orientation, then shrunk
    assert b"WitnessCam" not in result.preview


@pytest.mark.parametrize(
    ("format_", "mode"),
    [
        ("PNG", "RGBA"),
        ("PNG", "P"),
        ("PNG", "I;16"),
        ("PNG", "1"),
        ("GIF", "P"),
        ("WEBP", "RGB"),
        ("TIFF", "CMYK"),
        ("JPEG", "L"),
        ("JPEG", "CMYK"),
    ],
)
def test_every_raster_format_gets_a_preview(tmp_path: Path, format_: str, mode: str) -> None:
    path = tmp_path / f"image.{format_.lower()}"
    Image.new(mode, (1000, 500)).save(path, format_)
    result = process_file(path, name=path.name)
    assert (result.status, result.error) == (Status.NO_TEXT, "")
    preview = _preview(result.preview)
    assert preview.size == (800, 400)
    assert preview.mode == ("RGBA" if mode == "RGBA" else "RGB")


def test_small_image_is_not_enlarged(tmp_path: Path) -> None:
    result = process_file(fixtures.png(tmp_path, (64, 32)))
    assert _preview(result.preview).size == (64, 32)


@pytest.mark.parametrize(
    "width", [1001, 2001]
)  # Pillow warns above the limit and refuses at twice it
def test_decompression_bomb_is_refused(tmp_path: Path, width: int) -> None:
    path = fixtures.raw_png(tmp_path, width, 1000)
    result = process_file(path, limits=Limits(max_image_pixels=1_000_000))
    assert (result.status, result.preview) == (Status.FAILED, None)
    assert result.error == (
        f"The image is {width}×1000 pixels, larger than the 1 megapixel limit"
        " (ARCHIVE_MAX_IMAGE_PIXELS)."
    )


def test_text_chunk_bomb_ends_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    result = process_file(fixtures.raw_png(tmp_path, 8, 8, ztxt_bytes=64 << 20))
    assert result.status in {Status.FAILED, Status.NO_TEXT}
    assert time.monotonic() - started < 10


def test_memory_limit_stops_a_huge_image(tmp_path: Path) -> None:
    # 8000×8000 is under the pixel limit but needs ~256 MB decoded; a small PNG fits in 128 MiB.
    result = process_file(
        fixtures.raw_png(tmp_path, 8000, 8000), limits=Limits(memory_bytes=128 << 20)
    )
    assert (result.status, result.error) == (
        Status.FAILED,
        (
            "Reading the file needed more than 128 MiB of memory and was stopped"
            " (the file may be a decompression bomb)."
        ),
    )
    assert process_file(fixtures.png(tmp_path), limits=Limits(memory_bytes=128 << 20)).preview


@pytest.mark.parametrize("cut", [b"\x89PNG\r\n\x1a\n", b"GIF89a"])
def test_damaged_image_fails_with_a_sentence(tmp_path: Path, cut: bytes) -> None:
    path = tmp_path / "cut.png"
    path.write_bytes(cut + b"garbage" * 10)
    result = process_file(path, name="cut.png")
    assert result.status == Status.FAILED
    assert result.error.startswith("The image is damaged and could not be read (")
    assert str(tmp_path) not in result.error
