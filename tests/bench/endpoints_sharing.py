"""The feed at volume (seed_sharing: 1,000,000 items, 2,000,000 comments): its first page
and a page half a million items down, for the demo observer (a member of an observer
workspace: the visibility filter leaves observers/public items and their own workspace's)
and for the demo pilot (a member of pilot workspaces).

Nothing writes during the run, so after the smoke request these rows are answered by the
read cache (core/read_cache.py). The `-uncached` rows send `Cache-Control: no-cache`,
which bypasses it: what every read costs right after a write. `feed-observer-writes` reads
while the admin follows and unfollows a topic ten times a second (a table the feed reads,
so every kept answer goes stale ten times a second).

endpoints.py imports this module before it has finished loading, so the specs are built by
a function it calls at the end of `ENDPOINTS`."""

from __future__ import annotations

from typing import Any

DEMO_OBSERVER = "observator@demo.samklang.no"
UNCACHED = {"BENCH_CACHE_CONTROL": "no-cache"}


def sharing_endpoints() -> list[Any]:
    from endpoints import DEMO_PILOT, EndpointSpec

    deep = "/api/v1/feed?limit=20&cursor={feed_deep_cursor}"
    return [
        EndpointSpec(
            "feed-observer",
            "GET",
            "/api/v1/feed?limit=20",
            auth=True,
            user=DEMO_OBSERVER,
            expect_items=20,
        ),
        EndpointSpec(
            "feed-observer-deep", "GET", deep, auth=True, user=DEMO_OBSERVER, expect_items=20
        ),
        EndpointSpec(
            "feed-pilot",
            "GET",
            "/api/v1/feed?limit=20",
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
        ),
        EndpointSpec("feed-pilot-deep", "GET", deep, auth=True, user=DEMO_PILOT, expect_items=20),
        EndpointSpec(
            "feed-observer-uncached",
            "GET",
            "/api/v1/feed?limit=20",
            auth=True,
            user=DEMO_OBSERVER,
            expect_items=20,
            env=UNCACHED,
        ),
        EndpointSpec(
            "feed-observer-writes",
            "GET",
            "/api/v1/feed?limit=20",
            auth=True,
            user=DEMO_OBSERVER,
            expect_items=20,
            writes_per_second=10,
        ),
        EndpointSpec(
            "feed-pilot-deep-uncached",
            "GET",
            deep,
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
            env=UNCACHED,
        ),
    ]
