"""Bench endpoints of the progress domain (registered at the end of endpoints.ENDPOINTS).

- `progress-overview`: the programme overview over all 406 workspaces (seed_network's
  400, seed-demo's 5 and seed_progress's Rapportvik), every figure aggregated in SQL over
  20,000 cycles, 200,000 entries, the measures' points, ~2,000 registrations, as admin;
- `progress-overview-csv`: the same as CSV (UTF-8 with BOM), sorted by last activity;
- `progress-network`: every pilot's progress scores by semester, as the demo mentor (the
  visibility filter is a real WHERE);
- `report-preview`, `report-md`, `report-pdf`: the Rapportvik report (50 written cycles, 3
  measures of 40 points with run charts, 3 semesters, attendance), as admin;
- `what-it-took`: the public summary per semester over the bench cohort, signed out.
"""

from __future__ import annotations

from endpoints import DEMO_MENTOR, EndpointSpec

PROGRESS_ENDPOINTS: list[EndpointSpec] = [
    EndpointSpec(
        "progress-overview",
        "GET",
        "/api/v1/progress/overview",
        auth=True,
        expect_items=406,
    ),
    EndpointSpec(
        "progress-overview-csv",
        "GET",
        "/api/v1/progress/overview.csv?sort=last_activity&order=desc",
        auth=True,
    ),
    EndpointSpec(
        "progress-network", "GET", "/api/v1/progress/network", auth=True, user=DEMO_MENTOR
    ),
    EndpointSpec(
        "report-preview",
        "GET",
        "/api/v1/reports/{report_id}/preview",
        auth=True,
        expect_lengths={"cycles": 50, "measures": 3},
    ),
    EndpointSpec("report-md", "GET", "/api/v1/reports/{report_id}.md", auth=True),
    EndpointSpec("report-pdf", "GET", "/api/v1/reports/{report_id}.pdf", auth=True),
    EndpointSpec("what-it-took", "GET", "/api/v1/progress/what-it-took?cohort_id={cohort_id}"),
]
