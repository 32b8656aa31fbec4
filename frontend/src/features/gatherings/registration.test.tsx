import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import type { Me } from "../../lib/session";
import { ME, json, mockFetch, problem, requestsTo } from "../../test/http";
import type { Gathering } from "./api";
import { registrationState } from "./registration";
import { RegistrationForm } from "./RegistrationForm";

const t = i18n.getFixedT("nb");

function gathering(patch: Partial<Gathering> = {}): Gathering {
  return {
    id: "g1",
    cohort_id: "c1",
    title: "Samling 1",
    starts_at: "2027-03-02T09:00:00Z",
    ends_at: "2027-03-02T15:00:00Z",
    place: "Scandic Lerkendal",
    online_url: "https://meet.example.no/1",
    open_to_observers: false,
    cancelled: false,
    registration_deadline: "2027-02-23T09:00:00Z",
    registration_open: true,
    in_person_count: 3,
    capacity: 40,
    my_registration: null,
    description: "",
    description_html: "",
    address: "",
    seats_per_workspace: 4,
    materials: [],
    agenda: [],
    seat_pools: [],
    sequence: 0,
    ...patch,
  };
}

const pilot: Me = {
  ...ME,
  id: "u2",
  name: "Per Pilot",
  role: "member",
  memberships: [
    { workspace_id: "w1", workspace_name: "Bodø", tier: "pilot", role: "coordinator" },
    { workspace_id: "w2", workspace_name: "Hyllestad og Fjaler", tier: "pilot", role: "member" },
  ],
};
const observer: Me = {
  ...ME,
  id: "u3",
  name: "Olga Observatør",
  role: "member",
  memberships: [{ workspace_id: "w9", workspace_name: "Osterøy", tier: "observer", role: "coordinator" }],
};

describe("registrationState", () => {
  it("lets a pilot member choose every mode and a workspace", () => {
    const state = registrationState(gathering(), pilot);
    expect(state).toMatchObject({ closed: null, observerOnly: false, modes: ["in_person", "online", "not_attending"] });
    expect(state.workspaces).toHaveLength(2);
  });

  it("keeps observers online, and out of gatherings for the pilots", () => {
    expect(registrationState(gathering({ open_to_observers: true }), observer)).toMatchObject({
      closed: null,
      observerOnly: true,
      modes: ["online", "not_attending"],
    });
    expect(registrationState(gathering(), observer).closed).toBe("observerClosed");
  });

  it("closes after the deadline and when cancelled, except the deadline for the project team", () => {
    expect(registrationState(gathering({ registration_open: false }), pilot).closed).toBe("closed");
    expect(registrationState(gathering({ registration_open: false }), ME).closed).toBeNull();
    expect(registrationState(gathering({ cancelled: true }), ME).closed).toBe("cancelled");
    expect(registrationState(gathering(), { ...ME, role: "member", memberships: [] }).closed).toBe("noWorkspace");
  });
});

function renderForm(g: Gathering, me: Me) {
  render(
    <AppProviders client={createQueryClient()}>
      <RegistrationForm gathering={g} me={me} />
    </AppProviders>,
  );
}

describe("RegistrationForm", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("sends mode, needs and the chosen workspace", async () => {
    const fetch = mockFetch({
      "PUT /api/v1/gatherings/g1/registration": () =>
        json({ mode: "in_person", status: "confirmed", diet: "Vegetar", accessibility: "", waiting_position: null }),
    });
    renderForm(gathering(), pilot);
    expect(screen.getByText(t("gatherings.registration.none"))).toBeInTheDocument();
    expect(screen.getByText(/tirsdag 23\. februar 2027 kl\. 10:00 \(norsk tid\)/)).toBeInTheDocument();
    const user = userEvent.setup();
    // Nothing chosen yet: asked to choose.
    await user.click(screen.getByRole("button", { name: t("gatherings.registration.submit") }));
    expect(requestsTo(fetch, "PUT /api/v1/gatherings/g1/registration")).toHaveLength(0);
    await user.click(screen.getByRole("radio", { name: t("gatherings.modes.in_person") }));
    await user.selectOptions(screen.getByLabelText(t("gatherings.registration.workspace")), "w2");
    await user.type(screen.getByLabelText(t("gatherings.registration.diet")), "Vegetar");
    await user.click(screen.getByRole("button", { name: t("gatherings.registration.submit") }));
    await waitFor(() => expect(requestsTo(fetch, "PUT /api/v1/gatherings/g1/registration")).toHaveLength(1));
    const body = (await requestsTo(fetch, "PUT /api/v1/gatherings/g1/registration")[0]!.json()) as Record<string, unknown>;
    expect(body).toEqual({ mode: "in_person", diet: "Vegetar", accessibility: "", workspace_id: "w2" });
    expect(await screen.findByText(t("gatherings.registration.saved"))).toBeInTheDocument();
  });

  it("shows the waiting place", () => {
    renderForm(
      gathering({ my_registration: { mode: "in_person", status: "waiting", diet: "", accessibility: "", waiting_position: 3 } }),
      pilot,
    );
    expect(screen.getByTestId("registration-status")).toHaveTextContent(
      t("gatherings.registration.waiting", { position: "3" }),
    );
  });

  it("explains a closed deadline (409) in the user's language", async () => {
    mockFetch({
      "PUT /api/v1/gatherings/g1/registration": () =>
        problem(409, "registration_closed", "The registration deadline has passed"),
    });
    renderForm(gathering(), pilot);
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: t("gatherings.modes.online") }));
    await user.click(screen.getByRole("button", { name: t("gatherings.registration.submit") }));
    expect(await screen.findByRole("alert")).toHaveTextContent(t("gatherings.registration.errors.registration_closed"));
  });

  it("offers observers only online, and explains a 422 about the mode", async () => {
    mockFetch({
      "PUT /api/v1/gatherings/g1/registration": () =>
        problem(422, "validation_error", "Invalid", [{ field: "body.mode", message: "Observers take part online" }]),
    });
    renderForm(gathering({ open_to_observers: true }), observer);
    expect(screen.getByRole("radio", { name: t("gatherings.modes.in_person") })).toBeDisabled();
    expect(screen.getByText(t("gatherings.registration.observerOnline"))).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: t("gatherings.modes.online") }));
    await user.click(screen.getByRole("button", { name: t("gatherings.registration.submit") }));
    expect(await screen.findByRole("alert")).toHaveTextContent(t("gatherings.registration.errors.mode"));
  });

  it("says why an observer cannot register for a gathering for the pilots", () => {
    renderForm(gathering(), observer);
    expect(screen.getByText(t("gatherings.registration.observerClosed"))).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: t("gatherings.registration.submit") })).not.toBeInTheDocument();
  });
});
