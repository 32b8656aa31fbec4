"""Notifications and the mentor queue at volume.

- 300,000 notifications over the bench's users, 5,000 of them the demo pilot's (about a
  third read), all about cycles of the board workspace (which the pilot may read), so the
  readability re-check has real rows to look up;
- the demo mentor has marked half of the board's cycles seen (a quarter of those changed
  since), so the mentor queue's anti-join does real work.

Loaded with PostgreSQL COPY (fixed random seed), then ANALYZE. Publishes
`{notifications_deep_cursor}`: a cursor 4,000 notifications down the pilot's list.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from samklang.core.pagination import encode_cursor

TOTAL = 300_000
PILOTS = 5_000
DEEP = 4_000
SEED = 20261128
KINDS = ("comment", "reply", "mention", "mentor_feedback", "followed_item")
TITLES = (
    "Vera Veileder kommenterte «Korps i skolegården»",
    "Nytt svar i «Åpent verksted på helsestasjonen»",
    "Du ble nevnt i «Felles øving med grunnskolen»",
    "Tilbakemelding fra veilederen på «Dans i friminuttet»",
    "Ny refleksjon delt: «Instrumentlån for alle»",
)
COLUMNS = (
    "id",
    "recipient_id",
    "kind",
    "actor_id",
    "target_type",
    "target_id",
    "workspace_id",
    "title",
    "text",
    "url",
    "created_at",
    "read_at",
    "email_state",
    "emailed_at",
)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


async def _load(dsn: str, board_id: str) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        pilot = await conn.fetchval("SELECT id FROM users WHERE email = 'pilot@demo.samklang.no'")
        mentor = await conn.fetchval(
            "SELECT id FROM users WHERE email = 'veileder@demo.samklang.no'"
        )
        users = [r["id"] for r in await conn.fetch("SELECT id FROM users ORDER BY id")]
        cycles = [
            r["id"]
            for r in await conn.fetch(
                "SELECT id FROM cycles WHERE workspace_id = $1 ORDER BY id", board_id
            )
        ]
        if not (pilot and mentor and cycles):
            raise RuntimeError("seed_notifications needs seed_demo and seed_learning first")
        rng = random.Random(SEED)
        now = datetime.now(UTC)
        rows: list[tuple[Any, ...]] = []
        pilot_rows: list[tuple[datetime, str]] = []
        for i in range(TOTAL):
            recipient = pilot if i < PILOTS else rng.choice(users)
            created = now - timedelta(minutes=i * 3 + rng.random())
            target = rng.choice(cycles)
            read = created + timedelta(hours=1) if rng.random() < 0.35 else None
            kind = rng.randrange(len(KINDS))
            nid = _uuid(rng)
            rows.append(
                (
                    nid,
                    recipient,
                    KINDS[kind],
                    mentor,
                    "cycle",
                    target,
                    board_id,
                    TITLES[kind],
                    "",
                    f"/cycles/{target}",
                    created,
                    read,
                    "sent",
                    created,
                )
            )
            if recipient == pilot:
                pilot_rows.append((created, nid))
        await conn.copy_records_to_table("notifications", records=rows, columns=COLUMNS)
        seen: list[tuple[Any, ...]] = []
        for n, cycle in enumerate(cycles[: len(cycles) // 2]):
            at = now - timedelta(days=400) if n % 4 == 0 else now
            seen.append((mentor, "cycle", cycle, at))
        await conn.copy_records_to_table(
            "mentor_seen",
            records=seen,
            columns=("mentor_id", "item_type", "item_id", "seen_at"),
        )
        await conn.execute("ANALYZE notifications")
        await conn.execute("ANALYZE mentor_seen")
        pilot_rows.sort(reverse=True)
        created, nid = pilot_rows[DEEP - 1]
        return {
            "cursor": encode_cursor([created.isoformat(), nid]),
            "pilot": len(pilot_rows),
            "seen": len(seen),
        }
    finally:
        await conn.close()


def seed_notifications(ctx: Any) -> None:
    started = time.monotonic()
    board = ctx.values.get("board_workspace_id")
    if not board:
        raise RuntimeError("seed_notifications needs seed_learning's board workspace")
    result = asyncio.run(_load(ctx.dsn, board))
    ctx.values["notifications_deep_cursor"] = result["cursor"]
    print(
        f"bench:   {TOTAL} notifications ({result['pilot']} for the demo pilot), "
        f"{result['seen']} mentor 'seen' marks in {time.monotonic() - started:.1f}s",
        flush=True,
    )
