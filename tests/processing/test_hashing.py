import hashlib
import io

from archive.processing import sha256_of_stream


def test_digest_and_size_match_hashlib_across_chunk_boundaries() -> None:
    data = bytes(range(256)) * 1000
    assert sha256_of_stream(io.BytesIO(data), chunk_size=1000) == (
        hashlib.sha256(data).hexdigest(),
        len(data),
    )


def test_hashes_the_whole_stream_and_rewinds_it() -> None:
    stream = io.BytesIO(b"evidence")
    stream.read(3)  # as if a form had already looked at the upload
    assert sha256_of_stream(stream) == (hashlib.sha256(b"evidence").hexdigest(), 8)
    assert stream.tell() == 0


def test_empty_stream() -> None:
    assert sha256_of_stream(io.BytesIO()) == (hashlib.sha256(b"").hexdigest(), 0)


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def test_unseekable_stream() -> None:
    assert sha256_of_stream(_Pipe(b"abc" * 5), chunk_size=4)[1] == 15
