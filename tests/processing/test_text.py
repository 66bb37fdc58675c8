"""Plain text in any encoding: legacy Chinese, Japanese and Korean encodings, UTF-16 without a
byte-order mark, and text that no encoding decodes cleanly (flagged, not Ready)."""

import random
import unicodedata

import pytest

from archive.processing import process_file
from archive.processing.result import Status
from archive.processing.text import NOT_DECODED
from tests.shared_corpus import corpus_dir, manifest, manifest_names

RASHOMON = (
    "ある日の暮方の事である。一人の下人が、羅生門の下で雨やみを待っていた。広い門の下には、"
    "この男のほかに誰もいない。ただ、所々丹塗の剥げた、大きな円柱に、蟋蟀が一匹とまっている。"
)
SAMPLES = [
    ("gb18030", "关于人脸识别系统采购项目的公告。本项目预算为三百万元，投标截止日期为五月一日。"),
    ("big5", "維基大典者，網路為礎；集天下知、四海言、眾人志，書百科焉。其文皆可自由取用。"),
    ("shift_jis", RASHOMON),
    ("euc-kr", "하나님을 믿습니다. 대한민국의 수도는 서울이다. 증인은 그날 밤 그곳에 있었다."),
    ("utf-16-le", "Witness statement, March 2024: I saw the convoy leave at dawn."),
    # UTF-16 without a BOM is told by its NUL bytes, so it needs some ASCII (digits, spaces,
    # Latin words) as every real sample has; CJK-only UTF-16 without a BOM is not recognised.
    ("utf-16-be", "Statement 2024-03-01: 証人の陳述書 - the convoy left at 05:30, 車列."),
]


@pytest.mark.parametrize(("encoding", "text"), SAMPLES, ids=[e for e, _ in SAMPLES])
def test_legacy_encodings_are_detected_and_decoded(tmp_path, encoding, text):
    path = tmp_path / "statement.txt"
    path.write_bytes(text.encode(encoding))
    result = process_file(path, name="statement.txt")
    assert (result.status, result.media_type) == (Status.READY, "text/plain")
    assert result.pages[0].text == text
    assert "\ufffd" not in result.pages[0].text


def test_utf8_needs_no_warning(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("Zeugenaussage, März 2024".encode())
    assert process_file(path, name="note.txt").warnings == []


def test_text_no_encoding_decodes_cleanly_is_flagged_not_ready(tmp_path):
    rng = random.Random(1)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.choice([*range(0x80, 0x100), 0x20]) for _ in range(3000)))
    result = process_file(path, name="noise.txt")
    assert result.status == Status.NO_TEXT
    assert NOT_DECODED in result.warnings


def _legacy_names():
    return [n for n in manifest_names("kinds") if n.endswith(".txt") and "text-legacy" in _kind(n)]


def _kind(name):
    return next(r["kind"] for r in manifest("kinds") if r["file"] == name)


@pytest.mark.parametrize("name", _legacy_names())
def test_legacy_text_in_the_corpus_holds_its_probes(name):
    folder = corpus_dir("kinds")
    row = next(r for r in manifest("kinds") if r["file"] == name)
    result = process_file(folder / name, name=name)
    # EUC-TW among them: no Python codec, read by iconv (archive/processing/text.py).
    assert result.status == Status.READY, result.warnings
    text = result.pages[0].text
    for probe in (p.strip() for p in row["probe"].split("|") if p.strip()):
        assert unicodedata.normalize("NFKC", probe) in text, (probe, text[:200])
