"""What the benchmark measures: one `EndpointSpec` per row of the table.

To benchmark a new endpoint, append a spec to `ENDPOINTS`. Paths may use
`{placeholders}` filled from `BenchContext.values`, which seed hooks
(see `seeders.py`) can set, e.g. ``"/api/v1/workspaces/{workspace_id}/feed"``.
A request body may be a string or a function of the context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from endpoints_knowledge import knowledge_endpoints
from endpoints_notifications import notification_endpoints
from endpoints_sharing import sharing_endpoints

DEMO_USERNAME = "admin@demo.samklang.no"
DEMO_PASSWORD = "samklang-demo"  # noqa: S105 - the public demo password from seed-demo
DEMO_PILOT = "pilot@demo.samklang.no"  # a member of the board workspace (seeders.seed_learning)
DEMO_MENTOR = "veileder@demo.samklang.no"  # its mentor: a non-admin reader


@dataclass
class BenchContext:
    """Facts about the running benchmark, shared by seed hooks and endpoint specs."""

    base_url: str = ""
    database_url: str = ""
    username: str = DEMO_USERNAME
    password: str = DEMO_PASSWORD
    token: str = ""
    tokens: dict[str, str] = field(default_factory=dict)  # other demo accounts' tokens
    values: dict[str, str] = field(default_factory=dict)

    def token_for(self, user: str | None) -> str:
        """The bearer token of `user` (an email; None: the bench user)."""
        return self.token if user is None else self.tokens[user]


Body = str | Callable[[BenchContext], str] | None


@dataclass(frozen=True)
class EndpointSpec:
    """One endpoint under load.

    name: label in the table and key in results.json.
    script: Lua script in tests/bench/lua/ (request.lua is generic and reads
        BENCH_METHOD, BENCH_BODY, BENCH_CONTENT_TYPE and BENCH_TOKEN).
    auth: send a bearer token (BENCH_TOKEN): the bench user's (the demo admin), or
        `user`'s, another demo account (password DEMO_PASSWORD) that run.py signs in once.
    expect_status: what a single smoke request must return before the load starts.
    baseline: the row the ratios are computed against (exactly one).
    expect_items: for a page (`{"items": [...]}`), how many items the smoke request must
        return, so that a list is not measured empty because the data is missing.
    expect_lengths: the same for other list fields of a JSON object, e.g. {"points": 1000}.
    expect_count: for an answer that is a JSON array, how many elements it must have; a
        string is formatted from `BenchContext.values` first, for counts a seed hook knows
        (e.g. "{upcoming_gatherings}").
    user: with auth, sign in as this demo account instead of DEMO_USERNAME.
    writes_per_second: while the measured run lasts, the bench user (the demo admin) also
        follows and unfollows a topic at this rate from another connection, so the row
        shows a read under a steady stream of writes to a table the feed reads (each one
        makes every kept feed answer stale). The table's `writes` column counts them.
    """

    name: str
    method: str
    path: str
    script: str = "request.lua"
    body: Body = None
    content_type: str | None = None
    auth: bool = False
    expect_status: int = 200
    baseline: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    expect_items: int | None = None
    expect_lengths: Mapping[str, int] = field(default_factory=dict)
    expect_count: int | str | None = None
    user: str | None = None
    writes_per_second: float = 0.0

    def __post_init__(self) -> None:
        if self.user is not None and not self.auth:
            raise ValueError(f"{self.name}: user= needs auth=True")

    def expected_lengths(self) -> dict[str, int]:
        """List field -> the length the smoke request must see."""
        expected = dict(self.expect_lengths)
        if self.expect_items is not None:
            expected["items"] = self.expect_items
        return expected

    def expected_count(self, ctx: BenchContext) -> int | None:
        """How many elements a JSON array answer must have (None: not checked)."""
        if isinstance(self.expect_count, str):
            return int(self.expect_count.format(**ctx.values))
        return self.expect_count

    @property
    def who(self) -> str:
        """Who sends the request, for the table: 'admin', 'veileder', ... or '-'."""
        if not self.auth:
            return "-"
        return (self.user or DEMO_USERNAME).split("@")[0]

    def url(self, ctx: BenchContext) -> str:
        return ctx.base_url + self.path.format(**ctx.values)

    def body_for(self, ctx: BenchContext) -> str | None:
        if callable(self.body):
            return self.body(ctx)
        return self.body


def login_form(ctx: BenchContext) -> str:
    return urlencode({"username": ctx.username, "password": ctx.password})


# Domain files import EndpointSpec from here, so they are imported once it exists.
from endpoints_progress import PROGRESS_ENDPOINTS  # noqa: E402

ENDPOINTS: list[EndpointSpec] = [
    EndpointSpec("baseline", "GET", "/api/baseline", baseline=True),
    EndpointSpec("health", "GET", "/api/health"),
    EndpointSpec(
        "login",
        "POST",
        "/api/v1/auth/login",
        script="login.lua",
        body=login_form,
        content_type="application/x-www-form-urlencoded",
    ),
    EndpointSpec("me", "GET", "/api/v1/me", script="me.lua", auth=True),
    # The network at volume (seeders.seed_network: 400 workspaces, 2,000 applications),
    # read by the demo admin, who sees every application with its scores.
    EndpointSpec("workspaces", "GET", "/api/v1/workspaces?limit=20", auth=True, expect_items=20),
    EndpointSpec(
        "workspaces-pilot",
        "GET",
        "/api/v1/workspaces?limit=100&tier=pilot",
        auth=True,
        expect_items=100,
    ),
    EndpointSpec(
        "applications", "GET", "/api/v1/applications?limit=20", auth=True, expect_items=20
    ),
    EndpointSpec(
        "applications-score",
        "GET",
        "/api/v1/applications?limit=100&sort=score",
        auth=True,
        expect_items=100,
    ),
    # Action learning at volume (seeders.seed_learning: 20,000 cycles, 200,000 entries).
    # The board workspace has 50 cycles and 500 entries; the demo pilot is a member of it,
    # the demo mentor its mentor (a non-admin reader: the visibility filter is a real
    # WHERE clause, not `true`).
    EndpointSpec(
        "cycles",
        "GET",
        "/api/v1/workspaces/{board_workspace_id}/cycles?limit=100",
        auth=True,
        expect_items=50,
    ),
    EndpointSpec(
        "cycles-mentor",
        "GET",
        "/api/v1/workspaces/{board_workspace_id}/cycles?limit=100",
        auth=True,
        user=DEMO_MENTOR,
        expect_items=50,
    ),
    EndpointSpec(
        "entries",
        "GET",
        "/api/v1/cycles/{board_cycle_id}/entries?limit=100",
        auth=True,
        expect_items=100,
    ),
    EndpointSpec(
        "measure",
        "GET",
        "/api/v1/measures/{board_measure_id}",
        auth=True,
        user=DEMO_PILOT,
        expect_lengths={"points": 1000, "cycle_starts": 10},
    ),
    EndpointSpec(
        "overview",
        "GET",
        "/api/v1/workspaces/{board_workspace_id}/overview",
        auth=True,
        user=DEMO_PILOT,
        expect_lengths={"current_cycles": 10, "latest_entries": 5},
    ),
    # Gatherings (seeders.seed_gatherings: 30 over the cohort besides seed-demo's three).
    # The calendar as the demo pilot, who is registered on some of them.
    EndpointSpec(
        "gatherings-upcoming",
        "GET",
        "/api/v1/gatherings?when=upcoming",
        auth=True,
        user=DEMO_PILOT,
        expect_count="{upcoming_gatherings}",
    ),
    EndpointSpec(
        "gatherings-all",
        "GET",
        "/api/v1/gatherings?when=all",
        auth=True,
        user=DEMO_PILOT,
        expect_count="{all_gatherings}",
    ),
    # The gathering with 400 registrations, a month ahead: its page as the demo pilot (who
    # waits for a seat, so the page works out the place in the queue), its 8-item agenda
    # and 2 seat pools; the check-in list as admin; the single-event calendar file.
    EndpointSpec(
        "gathering",
        "GET",
        "/api/v1/gatherings/{gathering_id}",
        auth=True,
        user=DEMO_PILOT,
        expect_lengths={"agenda": 8, "seat_pools": 2},
    ),
    EndpointSpec(
        "registrations",
        "GET",
        "/api/v1/gatherings/{gathering_id}/registrations",
        auth=True,
        expect_count=400,
    ),
    EndpointSpec(
        "gathering-ics",
        "GET",
        "/api/v1/gatherings/{gathering_id}/calendar.ics",
        auth=True,
        user=DEMO_PILOT,
    ),
    *PROGRESS_ENDPOINTS,
    *sharing_endpoints(),
    *notification_endpoints(),
    *knowledge_endpoints(),
]
