"""Notifications and the mentor queue under load (seed_notifications): the demo pilot's
first page, a page 4,000 down and the unread count; the demo mentor's queue (their
workspaces) and the project team's (every workspace: 20,000 cycles, 200,000 entries).

endpoints.py imports this module before it has finished loading, so the specs are built by
a function it calls at the end of `ENDPOINTS`."""

from __future__ import annotations

from typing import Any


def notification_endpoints() -> list[Any]:
    from endpoints import DEMO_MENTOR, DEMO_PILOT, EndpointSpec

    deep = "/api/v1/notifications?limit=20&cursor={notifications_deep_cursor}"
    return [
        EndpointSpec(
            "notifications",
            "GET",
            "/api/v1/notifications?limit=20",
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
        ),
        EndpointSpec(
            "notifications-deep", "GET", deep, auth=True, user=DEMO_PILOT, expect_items=20
        ),
        EndpointSpec(
            "notifications-unread",
            "GET",
            "/api/v1/notifications/unread-count",
            auth=True,
            user=DEMO_PILOT,
        ),
        EndpointSpec(
            "mentor-queue",
            "GET",
            "/api/v1/mentor/queue?limit=20",
            auth=True,
            user=DEMO_MENTOR,
            expect_items=20,
        ),
        EndpointSpec(
            "mentor-queue-admin",
            "GET",
            "/api/v1/mentor/queue?limit=20",
            auth=True,
            expect_items=20,
        ),
    ]
