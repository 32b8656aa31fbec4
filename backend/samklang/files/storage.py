"""Where uploaded bytes live. Local disk by default; an S3-compatible store implements the
same three methods later."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import anyio

CHUNK = 1024 * 1024


class Storage(Protocol):
    async def save(self, key: str, chunks: AsyncIterator[bytes]) -> None: ...

    def stream(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...


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
