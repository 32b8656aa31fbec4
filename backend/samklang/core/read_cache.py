"""Answer a repeated read from memory until the data it was read from changes.

A pure ASGI middleware, inside the security headers and before routing, for the GET paths
it is given (the network feed), each with the tables its answer is read from. An answer is
kept per caller (the access token's user and sign-in, or a visitor), path, query string and
Accept-Language, with those tables' write counters taken before the request ran
(core/changes.py). It is served again only while they are unchanged, so a write committed by
any request of this process makes it stale before that request answers, and a write in
another process as soon as PostgreSQL delivers its notification. Visibility, deletion,
revocation and membership changes are writes to those tables, so they take effect on the
next read just as without the cache. `tests/core/test_read_cache.py` checks that the tables
given here are all the tables the path's requests read.

On every hit the access token is still checked: its signature (remembered per token) and
its expiry (checked each time). When several requests with the same key miss at once (every
open page asks again right after a write), one reads and the others wait for its answer.
A request without a valid token goes to the app, which answers it as always (401). Only
200 answers are kept; `Cache-Control: no-cache` in the request bypasses the cache (the
benchmark's uncached rows use it).

Off when `SAMKLANG_READ_CACHE=false`, and while a PostgreSQL process cannot hear its peers
(`live()` is False).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samklang.core.changes import CHANGES, Changes

Caller = tuple[str | None, str | None, float]  # (user id, sign-in id, token expiry)
VISITOR: Caller = (None, None, float("inf"))
Key = tuple[object, ...]  # (path, query string, user, sign-in, Accept-Language)
Stamp = tuple[object, ...]  # what others wrote, and the counters of the path's tables
_MAX_TOKENS = 10_000


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    start: Message
    body: bytes


class ReadCache:
    def __init__(
        self,
        app: ASGIApp,
        *,
        paths: Mapping[str, Sequence[str]],
        verify: Callable[[str], Caller | None],
        live: Callable[[], bool],
        outside: Callable[[], object] = lambda: None,
        max_bytes: int = 32 * 1024 * 1024,
        changes: Changes = CHANGES,
        state: object | None = None,
    ) -> None:
        self.app = app
        if state is not None:
            state.read_cache = self  # type: ignore[attr-defined] # for tests and diagnostics
        self.paths = {path: tuple(tables) for path, tables in paths.items()}
        self.verify = verify
        self.live = live
        self.outside = outside
        self.max_bytes = max_bytes
        self.changes = changes
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0
        self.shared = 0  # answers shared with concurrent requests for the same key
        self._filling: dict[Key, tuple[Stamp, asyncio.Future[Entry | None]]] = {}
        self._tokens: dict[str, Caller | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"] not in self.paths
            or not self.live()
        ):
            await self.app(scope, receive, send)
            return
        authorization = language = b""
        bypass = False
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"accept-language":
                language = value
            elif name == b"cache-control" and b"no-cache" in value:
                bypass = True
        caller = self._caller(authorization)
        if caller is None or bypass or caller[2] <= time.time():
            await self.app(scope, receive, send)  # the app turns an expired token away
            return
        user_id, sign_in, _ = caller
        path = scope["path"]
        key = (path, scope["query_string"], user_id, sign_in, language)
        stamp = (self.outside(), *self.changes.stamp(self.paths[path]))
        entry = self.entries.get(key)
        if entry is not None and entry.stamp == stamp:
            self.entries.move_to_end(key)
            self.hits += 1
            await self._replay(entry, send)
            return
        # Right after a write every open page asks again at once: one request reads, the
        # others with the same key and stamp wait for its answer instead of all reading.
        filling = self._filling.get(key)
        if filling is not None and filling[0] == stamp:
            entry = await asyncio.shield(filling[1])
            if entry is not None:
                self.shared += 1
                await self._replay(entry, send)
                return
        self.misses += 1
        future: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self._filling[key] = (stamp, future)
        entry = None
        try:
            entry = await self._fill(scope, receive, send, key, stamp)
        finally:
            if self._filling.get(key, (None, None))[1] is future:
                del self._filling[key]
            future.set_result(entry)

    @staticmethod
    async def _replay(entry: Entry, send: Send) -> None:
        await send({**entry.start, "headers": list(entry.start["headers"])})
        await send({"type": "http.response.body", "body": entry.body})

    def _caller(self, authorization: bytes) -> Caller | None:
        """(user, sign-in, expiry) of a valid bearer token, VISITOR without a token, None
        for a token the app must turn away."""
        if not authorization:
            return VISITOR
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        if token not in self._tokens:
            if len(self._tokens) >= _MAX_TOKENS:
                self._tokens.clear()
            self._tokens[token] = self.verify(token)
        return self._tokens[token]

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: Key,
        stamp: Stamp,
    ) -> Entry | None:
        """Run the request; keep a complete 200 answer (and return it)."""
        start: Message | None = None
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                # A copy: middlewares outside this one add their headers to the message.
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        if start is None or start["status"] != 200 or not complete:
            return None
        body = b"".join(chunks)
        if len(body) > self.max_bytes // 16:
            return None
        entry = Entry(stamp, start, body)
        self._store(key, entry)
        return entry

    def _store(self, key: Key, entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0
