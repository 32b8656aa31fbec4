"""Sharing at volume: 1,000,000 feed items and 2,000,000 comments over the bench's workspaces.

Rows are generated in chunks with a fixed random seed and loaded with PostgreSQL COPY
(asyncpg `copy_records_to_table`), then ANALYZE. Publishes `{feed_deep_cursor}`: a feed
cursor half a million items down (the same point in time for every reader).
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

FEED_ITEMS = 1_000_000
COMMENTS = 2_000_000
CHUNK = 100_000  # feed items per chunk (with twice as many comments)
SHARING_SEED = 20261127
SPREAD = (0, 3, 1, 4, 2)  # comments per item, in turn: 2,000,000 over 1,000,000 items
DEEP = 500_000  # how far down the deep cursor points
TABLES = ("feed_items", "feed_item_topics", "comments")

KINDS = (
    ("reflection", "cycle", 0.40),
    ("entry", "entry", 0.33),
    ("measure", "measure", 0.05),
    ("post", "post", 0.20),
    ("summary", "gathering_summary", 0.02),
)
LEVELS = (("network", 0.55), ("observers", 0.25), ("public", 0.20))
TOPICS = ("inkludering", "samskaping", "ungdom", "dans", "korps", "helse", "skole", "teater")
TITLES = (
    "Korps i skolegården",
    "Åpent verksted på helsestasjonen",
    "Felles øving med grunnskolen",
    "Dans i friminuttet",
    "Ungdomsrådet planlegger konsert",
    "Kulturskoletimen i SFO",
    "Instrumentlån for alle",
    "Samspill på tvers av kommunene",
)
TEXTS = (
    "Vi prøvde ut en ny måte å nå elevene på, og flere kom enn vi hadde trodd.",
    "Lærerne fra kulturskolen og grunnskolen planla sammen for første gang.",
    "Deltakelsen økte jevnt gjennom perioden, men falt i høstferien.",
    "Vi trenger mer tid til samarbeid, og vil be skoleeier om fast møtetid.",
    "Elevene ønsket selv å vise fram det de hadde laget for foreldrene.",
    "Frivilligheten stilte med instruktører, og vi lånte lokaler av skolen.",
)
COMMENT_TEXTS = (
    "Spennende! Hva målte dere før og etter?",
    "Dette vil vi prøve hos oss også.",
    "Takk for at dere deler, nyttig for oss.",
    "Hvordan fikk dere med skoleeier på dette?",
    "Kan dere si mer om hvem som ikke kom?",
)


def _pick(rng: random.Random, weighted: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    roll = rng.random()
    for row in weighted:
        roll -= row[-1]
        if roll <= 0:
            return row
    return weighted[-1]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


async def _load(dsn: str) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    seconds: dict[str, float] = {"generate": 0.0, "copy": 0.0}
    try:
        spaces = [
            (r["id"], r["tier"])
            for r in await conn.fetch("SELECT id, tier FROM workspaces ORDER BY slug")
        ]
        members: dict[str, list[str]] = {}
        for r in await conn.fetch("SELECT workspace_id, user_id FROM memberships"):
            members.setdefault(r["workspace_id"], []).append(r["user_id"])
        readers = [r["id"] for r in await conn.fetch("SELECT id FROM users LIMIT 2000")]
        if len(spaces) < 400:
            raise RuntimeError(f"found {len(spaces)} workspaces: seed_network must run first")
        # Load without per-row index and foreign-key work: drop the secondary indexes and
        # the unique constraint, skip FK triggers (the rows reference existing workspaces
        # and users), then build the indexes once at the end.
        began = time.monotonic()
        await conn.execute("SET session_replication_role = replica")
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1::text[])"
            " AND indexname NOT LIKE 'pk_%' AND indexname <> 'uq_feed_items_source'",
            list(TABLES),
        )
        await conn.execute("ALTER TABLE feed_items DROP CONSTRAINT uq_feed_items_source")
        for index in indexes:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        seconds["drop indexes"] = time.monotonic() - began
        rng = random.Random(SHARING_SEED)
        now = datetime.now(UTC)
        span = timedelta(days=730).total_seconds()
        total_topics = 0
        for _chunk in range(FEED_ITEMS // CHUNK):
            began = time.monotonic()
            items: list[tuple[Any, ...]] = []
            topics: list[tuple[str, str]] = []
            comments: list[tuple[Any, ...]] = []
            for n in range(CHUNK):
                ws, _tier = spaces[rng.randrange(len(spaces))]
                kind, source_type, _w = _pick(rng, KINDS)
                level = _pick(rng, LEVELS)[0]
                created = now - timedelta(seconds=rng.random() * span)
                authors = members.get(ws) or readers
                item_id = _uuid(rng)
                source_id = _uuid(rng)
                workspace_id = None if kind == "summary" else ws
                items.append(
                    (
                        item_id,
                        kind,
                        source_type,
                        source_id,
                        workspace_id,
                        level,
                        rng.choice(TITLES),
                        rng.choice(TEXTS),
                        rng.choice(authors),
                        f"/{source_type}s/{source_id}",
                        created,
                        created,
                    )
                )
                if rng.random() < 0.3:
                    topics.append((item_id, rng.choice(TOPICS)))
                for _c in range(SPREAD[n % len(SPREAD)]):  # exactly 2 on average
                    at = created + timedelta(minutes=rng.randrange(1, 5000))
                    private = workspace_id is not None and rng.random() < 0.1
                    comments.append(
                        (
                            _uuid(rng),
                            source_type,
                            source_id,
                            workspace_id,
                            None,
                            rng.choice(readers),
                            rng.choice(COMMENT_TEXTS),
                            private,
                            at,
                            "",
                        )
                    )
            seconds["generate"] += time.monotonic() - began
            began = time.monotonic()
            await conn.copy_records_to_table(
                "feed_items",
                records=items,
                columns=[
                    "id",
                    "kind",
                    "source_type",
                    "source_id",
                    "workspace_id",
                    "visibility",
                    "title",
                    "excerpt",
                    "author_id",
                    "url",
                    "created_at",
                    "updated_at",
                ],
            )
            await conn.copy_records_to_table(
                "feed_item_topics", records=topics, columns=["feed_item_id", "topic"]
            )
            await conn.copy_records_to_table(
                "comments",
                records=comments,
                columns=[
                    "id",
                    "target_type",
                    "target_id",
                    "workspace_id",
                    "parent_id",
                    "author_id",
                    "body",
                    "private",
                    "created_at",
                    "hidden_reason",
                ],
            )
            seconds["copy"] += time.monotonic() - began
            total_topics += len(topics)
        began = time.monotonic()
        await conn.execute("SET session_replication_role = origin")
        await conn.execute("SET maintenance_work_mem = '256MB'")
        for index in indexes:
            await conn.execute(index["indexdef"])
        await conn.execute(
            "ALTER TABLE feed_items ADD CONSTRAINT uq_feed_items_source"
            " UNIQUE (source_type, source_id)"
        )
        seconds["index"] = time.monotonic() - began
        began = time.monotonic()
        await conn.execute("ANALYZE feed_items; ANALYZE feed_item_topics; ANALYZE comments")
        seconds["analyze"] = time.monotonic() - began
        counts = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM feed_items) AS items,"
            " (SELECT count(*) FROM comments) AS comments"
        )
        deep = await conn.fetchrow(
            "SELECT created_at, id FROM feed_items ORDER BY created_at DESC, id DESC"
            " OFFSET $1 LIMIT 1",
            DEEP,
        )
        return {
            "items": counts["items"],
            "comments": counts["comments"],
            "topics": total_topics,
            "cursor": encode_cursor([deep["created_at"].isoformat(), deep["id"]]),
            "seconds": seconds,
        }
    finally:
        await conn.close()


def seed_sharing(ctx: Any) -> None:
    """1,000,000 feed items (every kind, network/observers/public, over two years, 30 %
    with a topic) over the bench workspaces, and about 2,000,000 comments on them (10 %
    private mentor comments); the deep feed cursor for the endpoint specs."""
    started = time.monotonic()
    result = asyncio.run(_load(ctx.dsn))
    ctx.values["feed_deep_cursor"] = result["cursor"]
    print(
        f"bench:   {result['items']} feed items, {result['topics']} topics, "
        f"{result['comments']} comments in {time.monotonic() - started:.1f}s "
        f"({', '.join(f'{k} {v:.1f}s' for k, v in result['seconds'].items())})",
        flush=True,
    )
