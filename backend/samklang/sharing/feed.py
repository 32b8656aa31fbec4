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
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession


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
    return None


async def withdraw(session: AsyncSession, *, source_type: str, source_id: str) -> None:
    """Take a deleted item out of every feed."""
    return None
