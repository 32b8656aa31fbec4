"""What other domains call to put an item in, or take it out of, the network feed.

The contract (other domains depend on these signatures; the sharing domain implements them):

- `publish` is called whenever a shareable item is created or its visibility, title or text
  changes, in the same transaction. When `visibility` is `network`, `observers` or `public`
  the item is in the feed (created or updated); at `workspace` level (or any level a feed
  does not carry) it is removed from the feed at once.
- `withdraw` is called when the item is deleted: it leaves every feed at once.

`source_type` names the table of the item ("cycle", "entry", "measure", "resource",
"gathering_summary", "answer", "post", "report"), `source_id` its id. `kind` is what the
feed shows and filters by (same words). `workspace_id` is None for the project team's own
items (published answers, project resources, gathering summaries).

When an item enters the feed, the users who follow it (its workspace, explicitly or as a
member or mentor, or one of its topics) and may read it are notified ("followed_item"), and
every reader's open pages get a "feed_item" live event once the transaction commits (never
for a write that rolls back).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.access.reader import Visibility, level_users
from samklang.access.registry import resolve_one, users_who_may_read
from samklang.auth.models import User
from samklang.core.db import utcnow
from samklang.core.text import fold
from samklang.network.models import Membership, WorkspaceMentor
from samklang.sharing import events, notify
from samklang.sharing.models import FeedItem, FeedItemTopic, TopicFollow, WorkspaceFollow
from samklang.sharing.text import excerpt_of

IN_FEED = {Visibility.network.value, Visibility.observers.value, Visibility.public.value}


def normalise_topic(topic: str) -> str:
    """Topics compare without case or accents: 'Skole' and 'skole ' are the same topic."""
    return re.sub(r"\s+", " ", fold(topic)).strip()[:60]


def normalise_topics(topics: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t for t in (normalise_topic(x) for x in topics) if t))


async def publish(
    session: AsyncSession,
    *,
    kind: str,
    source_type: str,
    source_id: str,
    workspace_id: str | None,
    visibility: str,
    title: str,
    excerpt: str,
    author_id: str | None,
    topics: Sequence[str] = (),
    url: str | None = None,
) -> None:
    """Put the item in the feed at its visibility, or take it out below `network`."""
    existing = await session.scalar(
        select(FeedItem).where(FeedItem.source_type == source_type, FeedItem.source_id == source_id)
    )
    if visibility not in IN_FEED:
        if existing is not None:
            await withdraw(session, source_type=source_type, source_id=source_id)
        return
    now = utcnow()
    clean_topics = normalise_topics(topics)
    values = {
        "kind": kind,
        "workspace_id": workspace_id,
        "visibility": visibility,
        "title": title[:300],
        "excerpt": excerpt_of(excerpt),
        "author_id": author_id,
        "url": url,
        "updated_at": now,
    }
    if existing is None:
        item = FeedItem(source_type=source_type, source_id=source_id, created_at=now, **values)
        session.add(item)
        await session.flush()
    else:
        item = existing
        for name, value in values.items():
            setattr(item, name, value)
        await session.execute(delete(FeedItemTopic).where(FeedItemTopic.feed_item_id == item.id))
    session.add_all(FeedItemTopic(feed_item_id=item.id, topic=t) for t in clean_topics)
    await session.flush()
    if existing is None:
        await _announce(session, item, clean_topics)


async def withdraw(session: AsyncSession, *, source_type: str, source_id: str) -> None:
    """Take a deleted item out of every feed."""
    ids = select(FeedItem.id).where(
        FeedItem.source_type == source_type, FeedItem.source_id == source_id
    )
    await session.execute(delete(FeedItemTopic).where(FeedItemTopic.feed_item_id.in_(ids)))
    await session.execute(
        delete(FeedItem)
        .where(FeedItem.source_type == source_type, FeedItem.source_id == source_id)
        .execution_options(synchronize_session=False)
    )
    for obj in list(session.identity_map.values()):
        if (
            isinstance(obj, FeedItem)
            and obj.source_type == source_type
            and obj.source_id == source_id
        ):
            session.expunge(obj)


async def _announce(session: AsyncSession, item: FeedItem, topics: list[str]) -> None:
    """A new item: tell its followers who may read it, and push it to open pages."""
    # Who may read the item itself (its container capping it), and the feed row's level.
    chain = await resolve_one(session, item.source_type, item.source_id)
    readable = users_who_may_read(chain) & level_users(item.workspace_id, item.visibility)
    follows: list[ColumnElement[bool]] = []
    if item.workspace_id is not None:
        ws = item.workspace_id
        follows += [
            User.id.in_(select(WorkspaceFollow.user_id).where(WorkspaceFollow.workspace_id == ws)),
            User.id.in_(select(Membership.user_id).where(Membership.workspace_id == ws)),
            User.id.in_(select(WorkspaceMentor.user_id).where(WorkspaceMentor.workspace_id == ws)),
        ]
    if topics:
        follows.append(
            User.id.in_(select(TopicFollow.user_id).where(TopicFollow.topic.in_(topics)))
        )
    rows = await session.execute(select(User.id, or_(false(), *follows)).where(readable))
    readers: list[str] = []
    followers: list[str] = []
    for user_id, follows_it in rows:
        readers.append(user_id)
        if follows_it and user_id != item.author_id:
            followers.append(user_id)
    if followers:
        await notify.notify(
            session,
            recipients=followers,
            kind="followed_item",
            actor_id=item.author_id,
            target_type=item.source_type,
            target_id=item.source_id,
            workspace_id=item.workspace_id,
            title=item.title,
            text=item.excerpt,
            url=item.url,
        )
    events.after_commit(
        session,
        readers,
        "feed_item",
        {
            "id": item.id,
            "kind": item.kind,
            "source_type": item.source_type,
            "source_id": item.source_id,
            "workspace_id": item.workspace_id,
            "title": item.title,
        },
    )
