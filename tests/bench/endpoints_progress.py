"""Bench endpoints of the progress domain (registered at the end of endpoints.ENDPOINTS).

- `progress-network`: every pilot's progress scores by semester, as the demo mentor (the
  visibility filter is a real WHERE);
- `what-it-took`: the public summary per semester over the bench cohort, signed out;
- `report-preview`, `report-md`, `report-pdf`: the Rapportvik report (seed_progress: 50
  written cycles, 3 measures of 40 points with run charts, 3 semesters, attendance), as
  admin. The PDF is kept by the hash of its compiled content, so after the smoke request
  this measures compiling the report and hashing it; drawing it is measured once, by the
  smoke request, and reported by the profile in the README;
- `progress-overview` (last: the heaviest): the programme overview over all 406
  workspaces (seed_network's 400, seed-demo's 5 and Rapportvik), every figure aggregated
  in SQL over 20,000 cycles, 200,000 entries, ~18,000 measure points and ~2,000
  registrations, as admin. The CSV export is the same work plus writing ~30 ms of CSV.
"""

from __future__ import annotations

from endpoints import DEMO_MENTOR, EndpointSpec

PROGRESS_ENDPOINTS: list[EndpointSpec] = [
    EndpointSpec(
        "progress-network", "GET", "/api/v1/progress/network", auth=True, user=DEMO_MENTOR
    ),
    EndpointSpec("what-it-took", "GET", "/api/v1/progress/what-it-took?cohort_id={cohort_id}"),
    EndpointSpec(
        "report-preview",
        "GET",
        "/api/v1/reports/{report_id}/preview",
        auth=True,
        expect_lengths={"cycles": 50, "measures": 3},
    ),
    EndpointSpec("report-md", "GET", "/api/v1/reports/{report_id}.md", auth=True),
    EndpointSpec("report-pdf", "GET", "/api/v1/reports/{report_id}.pdf", auth=True),
    EndpointSpec(
        "progress-overview", "GET", "/api/v1/progress/overview", auth=True, expect_items=406
    ),
]
