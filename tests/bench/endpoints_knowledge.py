"""Bench endpoints of the knowledge domain (data: seed_knowledge.py over seed_learning's
cycles and entries, about 240,000 searchable documents)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from endpoints import EndpointSpec


def knowledge_endpoints() -> list[EndpointSpec]:
    """Called at the end of endpoints.ENDPOINTS (imported late: endpoints imports this)."""
    from endpoints import DEMO_PILOT, EndpointSpec

    return [
        # Search as the demo pilot (a real visibility filter): a word in most log entries,
        # and one in seven documents. Ranked, 20 a page, with highlighted snippets.
        EndpointSpec(
            "search-common",
            "GET",
            "/api/v1/search?q=elevene",
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
        ),
        EndpointSpec(
            "search-rare",
            "GET",
            "/api/v1/search?q=nordlysfestivalen",
            auth=True,
            user=DEMO_PILOT,
            expect_items=7,
        ),
        # Suggestions while typing a question: five, title first.
        EndpointSpec(
            "questions-similar",
            "GET",
            "/api/v1/questions/similar?q=hva%20koster%20det%20for%20en%20liten%20kommune",
            auth=True,
            user=DEMO_PILOT,
            expect_count=5,
        ),
        # The FAQ: signed out (the public answers), and signed in (all published ones).
        EndpointSpec("faq", "GET", "/api/v1/faq", expect_lengths={"items": 9}),
        EndpointSpec(
            "faq-signed-in",
            "GET",
            "/api/v1/faq",
            auth=True,
            user=DEMO_PILOT,
            expect_lengths={"items": 9},
        ),
        EndpointSpec(
            "questions",
            "GET",
            "/api/v1/questions?limit=20",
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
        ),
        EndpointSpec(
            "resources-most-used",
            "GET",
            "/api/v1/resources?limit=20&sort=most_used",
            auth=True,
            user=DEMO_PILOT,
            expect_items=20,
        ),
    ]
