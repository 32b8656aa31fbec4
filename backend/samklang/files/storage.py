"""Where uploaded bytes live: a local folder (the embedded default) or an S3-compatible
object store (AWS S3, MinIO, …), which several API replicas can share.

The S3 backend uses boto3, run in worker threads (anyio.to_thread): boto3 is the
reference client, well kept, and the same library moto (the test server) is built on;
aiobotocore would pin botocore to narrow versions that fight boto3's. Uploads of more
than one part use S3's multipart upload, one part (8 MiB) in memory at a time; downloads
stream in 1 MiB chunks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

import anyio

CHUNK = 1024 * 1024
PART = 8 * 1024 * 1024  # S3's multipart parts are at least 5 MiB (but the last)


class Storage(Protocol):
    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None: ...

    def stream(self, key: str) -> AsyncIterator[bytes]:
        """The bytes in chunks; FileNotFoundError (on first iteration) when there are none."""
        ...

    async def delete(self, key: str) -> None: ...

    async def is_empty(self) -> bool:
        """Whether nothing is stored at all (restore goes only into an empty store)."""
        ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("bad storage key")
        return path

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        path = self._path(key)
        await anyio.to_thread.run_sync(lambda: path.parent.mkdir(parents=True, exist_ok=True))
        tmp = path.with_suffix(".part")
        async with await anyio.open_file(tmp, "wb") as handle:
            async for chunk in chunks:
                await handle.write(chunk)
        await anyio.to_thread.run_sync(os.replace, tmp, path)

    async def stream(self, key: str) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self._path(key), "rb") as handle:
            while chunk := await handle.read(CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await anyio.to_thread.run_sync(lambda: path.unlink(missing_ok=True))

    async def is_empty(self) -> bool:
        def check() -> bool:
            return not self.root.is_dir() or not any(self.root.iterdir())

        return await anyio.to_thread.run_sync(check)


_CLIENTS: dict[tuple[object, ...], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def s3_client(
    endpoint_url: str | None, region: str, access_key_id: str | None, secret: str | None
) -> Any:
    """One boto3 client per configuration and process (clients are thread-safe and
    expensive to make: tens of milliseconds each)."""
    key = (endpoint_url, region, access_key_id, secret)
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.session.Session().client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                aws_access_key_id=access_key_id,
                aws_secret_access_key=secret,
                config=Config(
                    signature_version="s3v4",
                    s3={"addressing_style": "path"},  # MinIO and other self-hosted stores
                    retries={"max_attempts": 5, "mode": "standard"},
                    max_pool_connections=20,
                ),
            )
            _CLIENTS[key] = client
        return client


def _is_missing(exc: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(exc, ClientError):
        return False
    code = str(exc.response.get("Error", {}).get("Code", ""))
    return code in {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    """Objects named by their key in one bucket."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None:
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []

        async def send_part(data: bytes) -> None:
            nonlocal upload_id
            if upload_id is None:
                created = await anyio.to_thread.run_sync(
                    lambda: self.client.create_multipart_upload(Bucket=self.bucket, Key=key)
                )
                upload_id = str(created["UploadId"])
            number = len(parts) + 1
            uploaded = await anyio.to_thread.run_sync(
                lambda: self.client.upload_part(
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    PartNumber=number,
                    Body=data,
                )
            )
            parts.append({"PartNumber": number, "ETag": uploaded["ETag"]})

        try:
            async for chunk in chunks:
                buffer += chunk
                while len(buffer) >= PART:
                    view = memoryview(buffer)
                    part = bytes(view[:PART])
                    view.release()
                    del buffer[:PART]
                    await send_part(part)
                    del part
            if upload_id is None:  # small: one request
                body = bytes(buffer)
                await anyio.to_thread.run_sync(
                    lambda: self.client.put_object(Bucket=self.bucket, Key=key, Body=body)
                )
                return
            if buffer:
                await send_part(bytes(buffer))
            await anyio.to_thread.run_sync(
                lambda: self.client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
            )
        except BaseException:
            if upload_id is not None:
                stale = upload_id
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(
                        lambda: self.client.abort_multipart_upload(
                            Bucket=self.bucket, Key=key, UploadId=stale
                        )
                    )
            raise

    async def stream(self, key: str) -> AsyncIterator[bytes]:
        try:
            response = await anyio.to_thread.run_sync(
                lambda: self.client.get_object(Bucket=self.bucket, Key=key)
            )
        except Exception as exc:
            if _is_missing(exc):
                raise FileNotFoundError(key) from exc
            raise
        body = response["Body"]
        try:
            while chunk := await anyio.to_thread.run_sync(body.read, CHUNK):
                yield chunk
        finally:
            body.close()

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(
            lambda: self.client.delete_object(Bucket=self.bucket, Key=key)
        )

    async def is_empty(self) -> bool:
        listed = await anyio.to_thread.run_sync(
            lambda: self.client.list_objects_v2(Bucket=self.bucket, MaxKeys=1)
        )
        return int(listed.get("KeyCount", 0)) == 0
