"""Photos: researchers' metadata, a flagged GPS position, and a public copy with none of it."""

import io
from pathlib import Path

import pytest
from PIL import Image

from archive.processing import Status, photo, process_file
from archive.processing.photo import photo_facts, public_copy
from tests.image_metadata import metadata_found
from tests.processing import photos

SECRETS = (photos.DEVICE.encode(), photos.CITY.encode(), b"29,39", b"firmware")


def _assert_clean(data: bytes) -> None:
    assert metadata_found(data) == []
    for secret in SECRETS:
        assert secret not in data


@pytest.mark.parametrize(
    ("make", "name", "copy_type"),
    [
        (photos.photo_jpeg, "photo.jpg", "image/jpeg"),
        (photos.photo_png, "photo.png", "image/png"),
    ],
)
def test_a_photo_with_gps_is_flagged_and_its_public_copy_carries_nothing(
    tmp_path: Path, make, name: str, copy_type: str
) -> None:
    original = make(tmp_path / name)
    assert metadata_found(original.read_bytes())  # the fixture really carries it all
    result = process_file(original, name=name)
    assert (result.status, result.error) == (Status.NO_TEXT, "")
    assert result.photo == {
        "taken": "2024:03:10 14:22:05 +08:00",
        "device": "WitnessCam Model 7",
        "software": "WitnessCam firmware 2.1",
        "gps": {"latitude": 29.655, "longitude": 91.12, "altitude": 3650.0},
    }
    assert len(result.warnings) == 1 and "carries a GPS position" in result.warnings[0]
    assert "29.6" not in result.warnings[0]  # warnings reach every editor; coordinates do not
    assert result.public_copy_media_type == copy_type
    _assert_clean(result.public_copy)
    _assert_clean(result.preview)
    with Image.open(io.BytesIO(result.public_copy)) as copy, Image.open(original) as source:
        upright = (1200, 1600) if name.endswith(".jpg") else (640, 480)  # EXIF orientation 6
        assert copy.size == upright
        assert source.size != upright or name.endswith(".png")
    assert result.pages[0].note == "a photo; OCR found no text"  # its EXIF names a camera


def test_a_position_only_in_xmp_is_flagged_too(tmp_path: Path) -> None:
    path = tmp_path / "xmp.jpg"
    Image.new("RGB", (300, 200)).save(path, "JPEG", xmp=photos.XMP.encode())
    with Image.open(path) as image:
        assert photo_facts(image) == {"gps": {"source": "XMP"}}
    result = process_file(path, name="xmp.jpg")
    assert "GPS position in its XMP metadata" in result.warnings[0]
    _assert_clean(result.public_copy)


def test_a_tiffs_device_tags_stay_out_of_its_public_copy(tmp_path: Path) -> None:
    result = process_file(photos.photo_tiff(tmp_path / "photo.tiff"), name="photo.tiff")
    assert result.photo["device"] == "WitnessCam Model 7" and result.warnings == []
    assert result.public_copy_media_type == "image/png"  # browsers show PNG, not TIFF
    _assert_clean(result.public_copy)


def test_a_noisy_image_too_heavy_for_its_copy_gets_a_smaller_one_that_says_so(
    tmp_path: Path, monkeypatch
) -> None:
    # The limits scaled down (40 Mpx and 40 MiB in production): noise does not compress.
    monkeypatch.setattr(photo, "PUBLIC_COPY_MAX_PIXELS", 3_000_000)
    monkeypatch.setattr(photo, "PUBLIC_COPY_MAX_BYTES", 2 << 20)
    path = tmp_path / "noise.png"
    Image.effect_noise((2000, 2000), 120).convert("RGB").save(path, compress_level=1)
    with Image.open(path) as image:
        data, media_type, note = public_copy(image)
    assert media_type == "image/png" and len(data) <= 2 << 20
    assert note.startswith("scaled from 2000×2000 to ")
    with Image.open(io.BytesIO(data)) as copy:
        assert copy.width * copy.height <= 3_000_000 // 4
