import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../../i18n";
import type { NetworkWorkspace } from "./api";
import { ScoresTable, SmallMultiples } from "./SmallMultiples";

const semesters = ["Høst 2026", "Vår 2027", "Høst 2027"];
const workspaces: NetworkWorkspace[] = [
  {
    workspace_id: "w1",
    name: "Bodø",
    scores: [
      { semester: "Høst 2026", season: "autumn", year: 2026, score: 1.5 },
      { semester: "Vår 2027", season: "spring", year: 2027, score: 2.5 },
    ],
  },
  { workspace_id: "w2", name: "Hyllestad og Fjaler", scores: [] },
];

describe("small multiples of the network's progress", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("gives each workspace's chart a name and a description that says every score", () => {
    render(<SmallMultiples workspaces={workspaces} semesters={semesters} />);
    const bodo = screen.getByRole("img", { name: /^Framdriftsskår for Bodø/ });
    expect(bodo.querySelector("title")?.textContent).toBe("Framdriftsskår for Bodø");
    expect(bodo.querySelector("desc")?.textContent).toBe(
      "Skår per semester: Høst 2026: 1,5; Vår 2027: 2,5. Skåren har gått opp.",
    );
    expect(within(bodo as unknown as HTMLElement).getAllByTestId("small-multiple-point")).toHaveLength(2);
    const empty = screen.getByRole("img", { name: /^Framdriftsskår for Hyllestad og Fjaler/ });
    expect(empty.querySelector("desc")?.textContent).toBe("Ingen framdriftsskår du kan se ennå.");
    expect(screen.getAllByRole("img")).toHaveLength(2);
  });

  it("has a real table alternative with a caption, column and row headers", () => {
    render(
      <MemoryRouter>
        <ScoresTable workspaces={workspaces} semesters={semesters} />
      </MemoryRouter>,
    );
    const table = screen.getByRole("table", { name: "Framdriftsskår per arbeidsrom og semester" });
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Arbeidsrom", ...semesters]);
    const bodoRow = within(table).getByRole("rowheader", { name: "Bodø" }).closest("tr")!;
    expect(within(bodoRow).getAllByRole("cell").map((c) => c.textContent)).toEqual(["1,5", "2,5", "–ingen skår"]);
    expect(within(table).getByRole("link", { name: "Bodø" })).toHaveAttribute("href", "/workspaces/w1/progress");
    const hyllestad = within(table).getByRole("rowheader", { name: "Hyllestad og Fjaler" }).closest("tr")!;
    expect(within(hyllestad).getAllByText("ingen skår")).toHaveLength(3);
  });
});
