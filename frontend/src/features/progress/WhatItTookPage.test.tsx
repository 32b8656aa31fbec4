import { render, screen, within } from "@testing-library/react";
import { RouterProvider, createMemoryRouter } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { json, mockFetch, problem, requestsTo } from "../../test/http";
import type { WhatItTook } from "./api";

const data: WhatItTook = {
  cohort: { id: "c1", name: "Pilotkull 2026–2027" },
  cohorts: [{ id: "c1", name: "Pilotkull 2026–2027" }],
  min_group: 3,
  semesters: [
    {
      semester: "2026-autumn",
      year: 2026,
      season: "autumn",
      workspaces: 4,
      suppressed: false,
      hours: { median: 51.5, min: 48, max: 78, n: 4 },
      people: { median: 4, min: 3, max: 6, n: 4 },
      gatherings_attended: { median: 2, min: 1, max: 3, n: 4 },
    },
    {
      semester: "2027-spring",
      year: 2027,
      season: "spring",
      workspaces: 2,
      suppressed: true,
      hours: null,
      people: null,
      gatherings_attended: null,
    },
  ],
  notes: [],
};

describe("WhatItTookPage (public)", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });

  it("shows median and range per semester signed out, and hides small groups", { timeout: 20_000 }, async () => {
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => problem(401, "not_authenticated"),
      "GET /api/v1/progress/what-it-took": () => json(data),
    });
    const router = createMemoryRouter(routes, { initialEntries: ["/what-it-took"] });
    render(
      <AppProviders client={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    expect(await screen.findByRole("heading", { level: 1, name: "Hva det krevde" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: /Timer, personer og samlinger/ });
    const autumn = within(table).getByRole("rowheader", { name: "Høsten 2026" }).closest("tr")!;
    expect(within(autumn).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "4",
      "51,5 (48–78)",
      "4 (3–6)",
      "2 (1–3)",
    ]);
    const spring = within(table).getByRole("rowheader", { name: "Våren 2027" }).closest("tr")!;
    expect(spring).toHaveTextContent("Færre enn 3 arbeidsrom: ikke vist");
    expect(screen.getByRole("heading", { name: "Per semester: Pilotkull 2026–2027" })).toBeInTheDocument();
    // Signed out: the request carried no token.
    const sent = requestsTo(fetch, "GET /api/v1/progress/what-it-took");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => !r.headers.has("Authorization"))).toBe(true);
  });
});
