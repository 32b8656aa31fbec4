import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../../i18n";
import type { CycleSummary } from "./api";
import { CyclePicker, inPeriod } from "./CyclePicker";

function cycle(id: string, title: string, start: string, done: string | null): CycleSummary {
  return {
    id,
    workspace_id: "w1",
    title,
    phase: done ? "done" : "act",
    phase_entered: { plan: `${start}T09:00:00Z`, act: null, observe: null, reflect: null, done: done ? `${done}T09:00:00Z` : null },
    hours_spent: 4,
    visibility: "workspace",
    version: 1,
    entry_count: 0,
    created_at: `${start}T09:00:00Z`,
    updated_at: `${start}T09:00:00Z`,
  };
}

const cycles = [
  cycle("c2", "Åpent verksted", "2027-02-01", null),
  cycle("c1", "Kor i barnehagen", "2026-09-01", "2026-11-30"),
  cycle("c0", "Forprosjekt", "2025-01-10", "2025-03-01"),
];

function Harness({ initial = [] as string[] }) {
  const [selected, setSelected] = useState<string[]>(initial);
  return (
    <>
      <CyclePicker cycles={cycles} selected={selected} onChange={setSelected} periodStart="2026-08-01" periodEnd="2027-06-30" />
      <output data-testid="selected">{selected.join(",")}</output>
    </>
  );
}

describe("the report's cycle picker", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("tells whether a cycle ran within the period", () => {
    expect(inPeriod(cycles[0]!, "2026-08-01", "2027-06-30")).toBe(true);
    expect(inPeriod(cycles[1]!, "2026-08-01", "2027-06-30")).toBe(true);
    expect(inPeriod(cycles[2]!, "2026-08-01", "2027-06-30")).toBe(false);
    expect(inPeriod(cycles[1]!, "2026-12-01", "2027-06-30")).toBe(false);
  });

  it("lists every cycle in date order as a checkbox with its dates, and says which fall outside", () => {
    render(<Harness />);
    const group = screen.getByRole("group", { name: "Sykluser i rapporten" });
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes.map((b) => b.getAttribute("value"))).toEqual(["c0", "c1", "c2"]);
    const old = screen.getByRole("checkbox", { name: "Forprosjekt" });
    expect(old).toHaveAccessibleDescription(/10\. januar 2025–1\. mars 2025 · Ferdig · utenfor perioden/);
    expect(screen.getByRole("checkbox", { name: "Åpent verksted" })).toHaveAccessibleDescription(
      /startet 1\. februar 2027, pågår · Handle/,
    );
    expect(group).toHaveTextContent("0 av 3 sykluser valgt");
  });

  it("ticks and unticks cycles, and picks all of those in the period at once", { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole("checkbox", { name: "Kor i barnehagen" }));
    expect(screen.getByTestId("selected")).toHaveTextContent("c1");
    await user.click(screen.getByRole("checkbox", { name: "Forprosjekt" }));
    expect(screen.getByTestId("selected")).toHaveTextContent("c1,c0");
    await user.click(screen.getByRole("checkbox", { name: "Kor i barnehagen" }));
    expect(screen.getByTestId("selected")).toHaveTextContent(/^c0$/);
    await user.click(screen.getByRole("button", { name: "Velg alle 2 i perioden" }));
    expect(screen.getByTestId("selected")).toHaveTextContent(/^c1,c2$/);
    expect(screen.getByRole("checkbox", { name: "Forprosjekt" })).not.toBeChecked();
    await user.click(screen.getByRole("button", { name: "Fjern alle" }));
    expect(screen.getByTestId("selected")).toBeEmptyDOMElement();
  });
});
