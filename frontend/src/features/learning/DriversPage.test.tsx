import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import i18n from "../../i18n";
import { json, mockFetch, requestsTo } from "../../test/http";
import type { Diagram } from "./api";
import { DriverDiagram } from "./DriversPage";

const t = i18n.getFixedT("nb");

const diagram: Diagram = {
  workspace_id: "w1",
  aim: { what: "Flere barn i kulturskolen", for_whom: "Barn i Bodø", by_when: "2027-06-30", how_much: "", measure_ids: [], version: 0 },
  nodes: [
    { id: "p", parent_id: null, kind: "primary", title: "Lav terskel", position: 0, measure_ids: [], cycle_ids: [], version: 1 },
    { id: "s", parent_id: "p", kind: "secondary", title: "Enkel påmelding", position: 0, measure_ids: [], cycle_ids: [], version: 1 },
    { id: "i", parent_id: "s", kind: "change_idea", title: "Påmelding på nett", position: 0, measure_ids: [], cycle_ids: ["c1"], version: 2 },
  ],
  can_edit: true,
};

function mockNames() {
  mockFetch({
    "GET /api/v1/workspaces/w1/cycles": () => json({ items: [{ id: "c1", title: "Kveldsverksted" }], next_cursor: null }),
    "GET /api/v1/workspaces/w1/measures": () => json([]),
  });
}

function renderDiagram(d: Diagram = diagram) {
  return render(
    <AppProviders client={createQueryClient()}>
      <MemoryRouter>
        <DriverDiagram diagram={d} />
      </MemoryRouter>
    </AppProviders>,
  );
}

describe("DriverDiagram", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("shows the tree as a nested outline beside a drawing that a screen reader skips", () => {
    mockNames();
    renderDiagram();
    const outline = screen.getByRole("region", { name: t("learning.drivers.outline") });
    const nodes = within(outline).getAllByTestId("driver-node");
    expect(nodes).toHaveLength(3);
    expect(nodes[0]).toHaveTextContent("Primærdriver");
    // nested: the change idea sits inside the secondary driver inside the primary one
    expect(nodes[0]!.contains(nodes[2]!)).toBe(true);
    expect(nodes[2]).toHaveTextContent("1 syklus prøver den ut");
    expect(screen.getByTestId("driver-diagram")).toHaveAttribute("aria-hidden", "true");
    expect(screen.getByTestId("driver-diagram")).toHaveTextContent("Flere barn i kulturskolen");
    expect(screen.getByRole("button", { name: "Start en syklus som prøver ut Påmelding på nett" })).toBeInTheDocument();
    // no way to move the only child up or down
    expect(screen.getByRole("button", { name: "Flytt Lav terskel opp" })).toBeDisabled();
  });

  it("links a change idea to the cycle that tests it", async () => {
    mockNames();
    renderDiagram();
    expect(await screen.findByRole("link", { name: "Syklus: Kveldsverksted" })).toHaveAttribute("href", "/cycles/c1");
  });

  it("renames with the node's version and adds a change idea under a secondary driver", async () => {
    const fetch = mockFetch({
      "GET /api/v1/workspaces/w1/cycles": () => json({ items: [], next_cursor: null }),
      "GET /api/v1/workspaces/w1/measures": () => json([]),
      "PATCH /api/v1/drivers/s": () => json(diagram),
      "POST /api/v1/workspaces/w1/drivers": () => json(diagram, 201),
    });
    renderDiagram();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Endre navn på Enkel påmelding" }));
    const field = screen.getByLabelText("Endre navn på Enkel påmelding");
    await user.clear(field);
    await user.type(field, "Rask påmelding");
    await user.click(within(field.closest("form")!).getByRole("button", { name: t("learning.drivers.save") }));
    await waitFor(() => expect(requestsTo(fetch, "PATCH /api/v1/drivers/s")).toHaveLength(1));
    expect(await requestsTo(fetch, "PATCH /api/v1/drivers/s")[0]!.json()).toEqual({ title: "Rask påmelding", version: 1 });
    await user.click(screen.getByRole("button", { name: "Legg til endringsidé under Enkel påmelding" }));
    const idea = screen.getByLabelText(t("learning.drivers.kind.change_idea"));
    await user.type(idea, "Kveldstimer");
    await user.click(within(idea.closest("form")!).getByRole("button", { name: t("learning.drivers.save") }));
    await waitFor(() => expect(requestsTo(fetch, "POST /api/v1/workspaces/w1/drivers")).toHaveLength(1));
    expect(await requestsTo(fetch, "POST /api/v1/workspaces/w1/drivers")[0]!.json()).toEqual({
      measure_ids: [],
      kind: "change_idea",
      title: "Kveldstimer",
      parent_id: "s",
    });
  });

  it("reads without edit buttons for those who may not write", () => {
    mockNames();
    renderDiagram({ ...diagram, can_edit: false });
    expect(screen.queryByRole("button", { name: /Fjern/ })).toBeNull();
    expect(screen.queryByLabelText(t("learning.drivers.add.primary"))).toBeNull();
  });
});
