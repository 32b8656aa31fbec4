import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { routes } from "../../app/router";
import i18n from "../../i18n";
import { authStore } from "../../lib/auth-store";
import { resetSessionForTests } from "../../lib/session";
import { ME, json, mockFetch, problem } from "../../test/http";
import type { CycleSummary, Report, ReportPreview } from "./api";

const PILOT = { ...ME, id: "u2", email: "pilot@demo.samklang.no", name: "Per Pilot", role: "member" as const };

function report(patch: Partial<Report> = {}): Report {
  return {
    id: "r1",
    workspace_id: "w1",
    workspace_name: "Bodø",
    kind: "interim",
    title: "Underveisrapport – Bodø",
    period_start: "2026-08-01",
    period_end: "2027-06-30",
    foreword: "",
    foreword_html: "",
    cycle_ids: [],
    visibility: "workspace",
    version: 1,
    created_by: { id: "u2", name: "Per Pilot" },
    created_at: "2027-03-01T10:00:00Z",
    updated_at: "2027-03-01T10:00:00Z",
    can_edit: true,
    ...patch,
  };
}

function preview(r: Report): ReportPreview {
  return {
    report: r,
    workspace_name: "Bodø",
    municipalities: [],
    aim: null,
    aim_how_much: "",
    drivers: [],
    partners: [],
    cycles: [],
    measures: [],
    scores: [],
    attendance: { gatherings: [], registered: 0, attended: 0 },
    hours_total: 0,
  };
}

const cycle: CycleSummary = {
  id: "c1",
  workspace_id: "w1",
  title: "Kor i barnehagen",
  phase: "done",
  phase_entered: { plan: "2026-09-01T09:00:00Z", act: null, observe: null, reflect: null, done: "2026-11-30T09:00:00Z" },
  hours_spent: 6,
  visibility: "workspace",
  version: 1,
  entry_count: 0,
  created_at: "2026-09-01T09:00:00Z",
  updated_at: "2026-09-01T09:00:00Z",
};

function renderReport() {
  const router = createMemoryRouter(routes, { initialEntries: ["/reports/r1"] });
  return render(
    <AppProviders client={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

describe("ReportPage", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    localStorage.clear();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  function server(patchResponse?: (body: Record<string, unknown>) => Response) {
    let current = report();
    const bodies: Record<string, unknown>[] = [];
    const fetch = mockFetch({
      "POST /api/v1/auth/refresh": () => json({ access_token: "t", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/me": () => json(PILOT),
      "GET /api/v1/reports/r1": () => json(current),
      "GET /api/v1/reports/r1/preview": () => json(preview(current)),
      "GET /api/v1/workspaces/w1/cycles": () => json({ items: [cycle], next_cursor: null }),
      "PATCH /api/v1/reports/r1": async (r) => {
        const body = (await r.json()) as Record<string, unknown>;
        bodies.push(body);
        if (patchResponse) return patchResponse(body);
        current = report({ ...(body as Partial<Report>), version: (body.version as number) + 1 });
        return json(current);
      },
    });
    return { fetch, bodies, set: (r: Report) => (current = r) };
  }

  it("autosaves the foreword and the chosen cycles with the version they were based on", { timeout: 20_000 }, async () => {
    const { bodies } = server();
    renderReport();
    const user = userEvent.setup();
    const foreword = await screen.findByRole("textbox", { name: "Forord" });
    await user.type(foreword, "Vi lærte mye");
    await waitFor(() => expect(screen.getByTestId("report-save-status")).toHaveTextContent("Alle endringer er lagret."), {
      timeout: 3000,
    });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ foreword: "Vi lærte mye", version: 1, cycle_ids: [] });

    await user.click(await screen.findByRole("checkbox", { name: "Kor i barnehagen" }));
    await waitFor(() => expect(bodies).toHaveLength(2), { timeout: 3000 });
    expect(bodies[1]).toMatchObject({ cycle_ids: ["c1"], version: 2 });
    expect(localStorage.getItem("samklang.draft.report.r1")).toBeNull();
  });

  it("keeps an unsaved draft on the device and restores it after a reload", { timeout: 20_000 }, async () => {
    // The server is away: nothing reaches it, the text stays on the device.
    const { bodies } = server(() => problem(503, "unavailable"));
    const first = renderReport();
    const user = userEvent.setup();
    await user.type(await screen.findByRole("textbox", { name: "Forord" }), "Ikke mist meg");
    await waitFor(() => expect(screen.getByTestId("report-save-status")).toHaveTextContent("Ikke lagret"), {
      timeout: 3000,
    });
    expect(bodies.length).toBeGreaterThan(0);
    first.unmount();

    renderReport();
    expect(await screen.findByRole("textbox", { name: "Forord" })).toHaveValue("Ikke mist meg");
    expect(screen.getByText(/Vi hentet fram endringer du ikke fikk lagret/)).toBeInTheDocument();
    // The restored draft is sent again, based on the version it started from.
    await waitFor(() => expect(bodies.at(-1)).toMatchObject({ foreword: "Ikke mist meg", version: 1 }));
  });

  it("shows a version conflict and loads the latest on request", { timeout: 20_000 }, async () => {
    const s = server(() => problem(409, "conflict", "Changed elsewhere"));
    renderReport();
    const user = userEvent.setup();
    await user.type(await screen.findByRole("textbox", { name: "Forord" }), "Min tekst");
    expect(await screen.findByRole("heading", { name: "Noen andre har endret rapporten" }, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByTestId("report-save-status")).toHaveTextContent("Ikke lagret: rapporten er endret av en annen.");
    // My text stays in the form until I choose.
    expect(screen.getByRole("textbox", { name: "Forord" })).toHaveValue("Min tekst");

    s.set(report({ foreword: "Skrevet av en annen", version: 3 }));
    await user.click(screen.getByRole("button", { name: "Hent den nyeste versjonen" }));
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Forord" })).toHaveValue("Skrevet av en annen"));
    expect(screen.queryByRole("heading", { name: "Noen andre har endret rapporten" })).not.toBeInTheDocument();
  });

  it("asks before deleting", { timeout: 20_000 }, async () => {
    // jsdom has no modal dialogs: enough of one for Designsystemet's Dialog.
    const proto = HTMLDialogElement.prototype as unknown as Record<string, unknown>;
    proto.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute("open", "");
    };
    proto.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute("open");
    };
    server();
    renderReport();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Slett rapporten" }));
    expect(await screen.findByRole("heading", { name: "Slette «Underveisrapport – Bodø»?" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Ja, slett rapporten" })).toBeInTheDocument();
  });
});
