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
import type { Application } from "./api";

const APPLICANT = { ...ME, id: "u2", email: "pilot@demo.samklang.no", name: "Per Pilot", role: "member" as const };

function draft(patch: Partial<Application> = {}): Application {
  return {
    id: "a1",
    cohort_id: "c1",
    cohort_name: "Pilotkull",
    applicant: { id: "u2", name: "Per Pilot", email: "pilot@demo.samklang.no" },
    status: "draft",
    municipalities: [],
    motivation: "",
    local_challenge: "",
    focus_area: "",
    planned_partners: "",
    anchoring_name: "",
    anchoring_role: "",
    anchoring_date: null,
    hours_per_semester: null,
    team: [],
    version: 1,
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    submitted_at: null,
    outcome: null,
    decision_message: null,
    decided_at: null,
    workspace_id: null,
    scores: [],
    weighted_score: null,
    reviewer_count: 0,
    ...patch,
  };
}

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders client={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

const signedIn = {
  "POST /api/v1/auth/refresh": () => json({ access_token: "t", token_type: "bearer", expires_in: 900 }),
  "GET /api/v1/me": () => json(APPLICANT),
};

describe("ApplicationPage autosave", () => {
  beforeEach(async () => {
    authStore.reset();
    resetSessionForTests();
    await i18n.changeLanguage("nb");
  });
  afterEach(() => authStore.reset());

  it("saves what is typed with the version, then shows Saved", async () => {
    let server = draft();
    const bodies: unknown[] = [];
    mockFetch({
      ...signedIn,
      "GET /api/v1/applications/a1": () => json(server),
      "PATCH /api/v1/applications/a1": async (r) => {
        const body = (await r.json()) as { motivation: string; version: number };
        bodies.push(body);
        server = draft({ motivation: body.motivation, version: body.version + 1 });
        return json(server);
      },
    });
    renderAt("/applications/a1");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Motivasjon", { exact: false }), "Vi vil");
    expect(screen.getByTestId("save-status")).toHaveTextContent("Ulagrede endringer");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent(/^Lagret$/), {
      timeout: 3000,
    });
    expect(bodies).toHaveLength(1); // one save after the pause, not one per key
    expect(bodies[0]).toMatchObject({ motivation: "Vi vil", version: 1 });
  });

  it("on a version conflict stops, explains, and reloads the latest on request", async () => {
    let stale = true;
    mockFetch({
      ...signedIn,
      "GET /api/v1/applications/a1": () =>
        json(stale ? draft() : draft({ motivation: "Skrevet i en annen fane", version: 3 })),
      "PATCH /api/v1/applications/a1": () => problem(409, "conflict", "The application was changed elsewhere"),
    });
    renderAt("/applications/a1");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Motivasjon", { exact: false }), "Mitt");
    expect(
      await screen.findByRole("heading", { name: "Søknaden er endret et annet sted" }, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId("save-status")).toHaveTextContent("Ikke lagret");
    expect(screen.getByRole("button", { name: "Send inn søknaden" })).toBeDisabled();

    stale = false;
    await user.click(screen.getByRole("button", { name: "Last inn nyeste versjon" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Motivasjon", { exact: false })).toHaveValue("Skrevet i en annen fane"),
    );
    expect(screen.queryByRole("heading", { name: "Søknaden er endret et annet sted" })).not.toBeInTheDocument();
  });

  it("lists every missing field from the API's 422 and links to them", async () => {
    mockFetch({
      ...signedIn,
      "GET /api/v1/applications/a1": () => json(draft()),
      "POST /api/v1/applications/a1/submit": () =>
        problem(422, "validation_error", "Ugyldig", [
          { field: "municipality_numbers", message: "Må fylles ut." },
          { field: "motivation", message: "Må fylles ut." },
          { field: "team", message: "Må fylles ut." },
        ]),
    });
    renderAt("/applications/a1");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Send inn søknaden" }));
    const link = await screen.findByRole("link", { name: "Motivasjon: Må fylles ut." });
    expect(screen.getByRole("link", { name: "Kommuner som søker: Må fylles ut." })).toHaveAttribute(
      "href",
      "#app-municipalities",
    );
    expect(screen.getByRole("link", { name: "Kommunegruppen: Må fylles ut." })).toBeInTheDocument();
    await user.click(link);
    expect(screen.getByLabelText("Motivasjon", { exact: false })).toHaveFocus();
  });

  it("is read-only after submission", async () => {
    mockFetch({
      ...signedIn,
      "GET /api/v1/applications/a1": () =>
        json(draft({ status: "submitted", submitted_at: "2026-11-21T10:00:00Z", motivation: "Fordi" })),
    });
    renderAt("/applications/a1");
    expect(await screen.findByRole("heading", { name: "Søknaden er sendt inn" })).toBeInTheDocument();
    expect(screen.getByText("Fordi")).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  });
});
