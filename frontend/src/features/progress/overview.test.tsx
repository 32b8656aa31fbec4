import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, requestsTo } from "../../test/http";
import type { OverviewRow } from "./api";
import { DEFAULT_OVERVIEW, ariaSort, nextSort, readOverviewParams, trendText, writeOverviewParams } from "./overview";

function row(patch: Partial<OverviewRow>): OverviewRow {
  return {
    workspace_id: "w1",
    name: "Bodø",
    slug: "bodo",
    tier: "pilot",
    status: "active",
    cohort_id: "c1",
    municipalities: [{ number: "1804", name: "Bodø", official_name: "Bodø", county_number: "18", county_name: "Nordland" }],
    mentors: [{ id: "m1", name: "Vera Veileder" }],
    cycles_by_phase: { plan: 1, act: 1, observe: 0, reflect: 0, done: 2 },
    cycles_total: 4,
    last_activity_at: "2027-03-01T10:00:00Z",
    entries_this_month: 3,
    latest_score: 2.5,
    latest_semester: "Vår 2027",
    previous_score: 2,
    score_trend: "up",
    measures_total: 2,
    measures_with_shift: 1,
    measures_improving: 1,
    measures_concern: 0,
    attendance: { attended: 3, registered: 4, rate: 0.75 },
    open_assignments: 1,
    overdue_assignments: 0,
    unanswered_questions: 0,
    inactive: false,
    ...patch,
  };
}

describe("overview filters and order in the address", () => {
  it("reads and writes every filter, leaving defaults out", () => {
    const params = readOverviewParams(
      new URLSearchParams("tier=pilot&county=18&mentor=m1&inactive=1&sort=last_activity&order=desc"),
    );
    expect(params).toEqual({
      tier: "pilot",
      county: "18",
      mentor: "m1",
      inactive: true,
      sort: "last_activity",
      order: "desc",
    });
    expect(writeOverviewParams(params).toString()).toBe(
      "tier=pilot&county=18&mentor=m1&inactive=1&sort=last_activity&order=desc",
    );
    expect(writeOverviewParams(DEFAULT_OVERVIEW).toString()).toBe("");
  });

  it("ignores what it does not know", () => {
    expect(readOverviewParams(new URLSearchParams("tier=alien&sort=drop+table&order=sideways"))).toEqual(
      DEFAULT_OVERVIEW,
    );
  });

  it("flips the order on the same column and starts a new column in its natural order", () => {
    const byName = nextSort(DEFAULT_OVERVIEW, "name");
    expect([byName.sort, byName.order]).toEqual(["name", "desc"]);
    const byActivity = nextSort(byName, "last_activity");
    expect([byActivity.sort, byActivity.order]).toEqual(["last_activity", "desc"]);
    expect(ariaSort(byActivity, "last_activity")).toBe("descending");
    expect(ariaSort(byActivity, "name")).toBe("none");
    expect(ariaSort(nextSort(byActivity, "last_activity"), "last_activity")).toBe("ascending");
  });
});

describe("trend text", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("says the direction in words with the earlier score", () => {
    const t = i18n.t.bind(i18n);
    expect(trendText({ score_trend: "up", previous_score: 2 }, t)).toBe("Opp fra 2,0 forrige semester");
    expect(trendText({ score_trend: "down", previous_score: 3.5 }, t)).toBe("Ned fra 3,5 forrige semester");
    expect(trendText({ score_trend: "flat", previous_score: 3 }, t)).toBe("Uendret fra forrige semester");
    expect(trendText({ score_trend: "none", previous_score: null }, t)).toBe("Ingen tidligere skår å sammenligne med");
  });

  it("speaks nynorsk and English too", async () => {
    await i18n.changeLanguage("nn");
    expect(trendText({ score_trend: "up", previous_score: 2 }, i18n.t.bind(i18n))).toBe("Opp frå 2,0 førre semester");
    await i18n.changeLanguage("en");
    expect(trendText({ score_trend: "down", previous_score: 2 }, i18n.t.bind(i18n))).toBe("Down from 2.0 last semester");
  });
});

describe("ProgrammeOverviewPage", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  function setup(path: string) {
    const rows = [
      row({}),
      row({
        workspace_id: "w2",
        name: "Gjesdal",
        inactive: true,
        score_trend: "down",
        previous_score: 3,
        latest_score: 2,
        last_activity_at: null,
        mentors: [{ id: "m2", name: "Åse Annen" }],
      }),
    ];
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => json({ access_token: "t", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/me": () => json(ME),
      "GET /api/v1/counties": () => json([{ number: "18", name: "Nordland" }, { number: "11", name: "Rogaland" }]),
      "GET /api/v1/progress/overview": (r) => {
        const inactive = new URL(r.url).searchParams.get("inactive") === "true";
        const items = inactive ? rows.filter((x) => x.inactive) : rows;
        return json({ items, total: items.length, as_of: "2027-03-15T10:00:00Z", month: "2027-03", inactive_days: 30 });
      },
    });
    const router = createMemoryRouter(routes, { initialEntries: [path] });
    render(
      <AppProviders client={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    return { fetch, router };
  }

  it("takes its filters and order from the address and sends them to the API", { timeout: 20_000 }, async () => {
    const { fetch } = setup("/admin/overview?inactive=1&sort=latest_score&order=desc");
    expect(await screen.findByRole("heading", { level: 1, name: "Programoversikt" })).toBeInTheDocument();
    await screen.findByText("Gjesdal");
    expect(screen.getByLabelText(/Bare arbeidsrom uten aktivitet/)).toBeChecked();
    const sent = requestsTo(fetch, "GET /api/v1/progress/overview").map((r) => new URL(r.url).searchParams);
    expect(sent.some((q) => q.get("inactive") === "true" && q.get("sort") === "latest_score" && q.get("order") === "desc")).toBe(true);
    expect(screen.getByRole("columnheader", { name: "Siste framdriftsskår" })).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByRole("columnheader", { name: "Arbeidsrom" })).toHaveAttribute("aria-sort", "none");
    // Only the inactive workspace, flagged in words (not by colour alone).
    const rowsShown = screen.getAllByTestId("overview-row");
    expect(rowsShown).toHaveLength(1);
    expect(within(rowsShown[0]!).getByTestId("inactive-flag")).toHaveTextContent("Ingen aktivitet på 30 dager");
    expect(within(rowsShown[0]!).getByTestId("trend")).toHaveTextContent("Ned fra 3,0 forrige semester");
  });

  it("writes a sort and a filter into the address when chosen", { timeout: 20_000 }, async () => {
    const { router, fetch } = setup("/admin/overview");
    await screen.findByText("Gjesdal");
    expect(screen.getAllByTestId("overview-row")).toHaveLength(2);
    const user = userEvent.setup();
    await user.click(within(screen.getByRole("columnheader", { name: "Siste aktivitet" })).getByRole("button"));
    await waitFor(() => expect(router.state.location.search).toBe("?sort=last_activity&order=desc"));
    expect(screen.getByRole("columnheader", { name: "Siste aktivitet" })).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByLabelText(/Bare arbeidsrom uten aktivitet/));
    await waitFor(() => expect(router.state.location.search).toBe("?inactive=1&sort=last_activity&order=desc"));
    await waitFor(() => expect(screen.getAllByTestId("overview-row")).toHaveLength(1));

    await user.selectOptions(screen.getByLabelText("Veileder"), "m2");
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("mentor")).toBe("m2"));
    const last = requestsTo(fetch, "GET /api/v1/progress/overview").map((r) => new URL(r.url).searchParams).pop();
    expect(last?.get("mentor_id")).toBe("m2");
    expect(last?.get("inactive")).toBe("true");
  });
});
