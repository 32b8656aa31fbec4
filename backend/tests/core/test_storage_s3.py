"""The S3 storage backend against a real S3 API (moto's server on loopback): bytes in and
out, large files in parts without holding them in memory, deletes, and no half uploads."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from samklang.core.config import Settings
from samklang.files.service import storage_for
from samklang.files.storage import CHUNK, PART, S3Storage

MIB = 1024 * 1024


def _storage(settings: Settings) -> S3Storage:
    storage = storage_for(settings)
    assert isinstance(storage, S3Storage)
    return storage


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _generated(total: int, block: int = 256 * 1024) -> AsyncIterator[bytes]:
    """`total` deterministic bytes, made as they are sent (never all at once)."""
    sent = 0
    n = 0
    while sent < total:
        size = min(block, total - sent)
        seed = hashlib.sha256(n.to_bytes(8, "big")).digest()
        yield (seed * (size // len(seed) + 1))[:size]
        sent += size
        n += 1


async def _digest(chunks: AsyncIterator[bytes]) -> tuple[str, int, int]:
    digest, total, biggest = hashlib.sha256(), 0, 0
    async for chunk in chunks:
        digest.update(chunk)
        total += len(chunk)
        biggest = max(biggest, len(chunk))
    return digest.hexdigest(), total, biggest


async def test_round_trip_and_delete(s3_settings: Settings) -> None:
    storage = _storage(s3_settings)
    assert await storage.is_empty()
    data = "Referat fra samling på Røros\n".encode() * 100
    await storage.save("ab12", _once(data))
    assert not await storage.is_empty()
    assert b"".join([c async for c in storage.stream("ab12")]) == data
    head = storage.client.head_object(Bucket=storage.bucket, Key="ab12")
    assert head["ContentLength"] == len(data)

    await storage.delete("ab12")
    await storage.delete("ab12")  # deleting what is gone is fine, as on disk
    assert await storage.is_empty()
    with pytest.raises(FileNotFoundError):
        async for _ in storage.stream("ab12"):
            pass


async def test_a_large_file_goes_up_in_parts_and_comes_down_in_chunks(
    s3_settings: Settings,
) -> None:
    storage = _storage(s3_settings)
    total = 7 * PART + 123  # 56 MiB and a bit: eight parts
    expected, _, _ = await _digest(_generated(total))

    tracemalloc.start()
    try:
        await storage.save("big", _generated(total))
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest, size, biggest = await _digest(storage.stream("big"))
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (digest, size) == (expected, total)
    assert biggest <= CHUNK
    etag = storage.client.head_object(Bucket=storage.bucket, Key="big")["ETag"]
    assert etag.strip('"').endswith("-8")  # a multipart upload of eight parts
    # A few parts' worth at most (the part buffer, its copy, the request being signed),
    # never the whole 56 MiB; the download holds a chunk or two.
    print(f"peaks: upload {upload_peak / MIB:.1f} MiB, download {download_peak / MIB:.1f} MiB")
    assert upload_peak < 4 * PART, upload_peak / MIB
    assert download_peak < 8 * MIB, download_peak / MIB


async def test_a_failed_upload_leaves_nothing_behind(s3_settings: Settings) -> None:
    storage = _storage(s3_settings)

    async def breaks() -> AsyncIterator[bytes]:
        async for chunk in _generated(2 * PART + 10):
            yield chunk
        raise RuntimeError("the client went away")

    with pytest.raises(RuntimeError):
        await storage.save("half", breaks())
    assert await storage.is_empty()
    uploads = storage.client.list_multipart_uploads(Bucket=storage.bucket)
    assert uploads.get("Uploads", []) == []


def test_the_s3_backend_needs_a_bucket() -> None:
    with pytest.raises(ValueError, match="SAMKLANG_S3_BUCKET"):
        Settings(storage_backend="s3")
    assert Settings(storage_backend="s3", s3_bucket="filer").s3_region == "us-east-1"
