import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../../i18n";
import type { Point, Shift } from "./api";
import { RunChart, shiftOf } from "./RunChart";

const values = [12, 14, 11, 13, 12, 15, 18, 19, 17, 20, 21, 19];
const points: Point[] = values.map((value, i) => ({
  id: `p${i}`,
  date: `2027-0${1 + Math.floor(i / 4)}-${String(1 + (i % 4) * 7).padStart(2, "0")}`,
  value,
  note: i === 0 ? "Første uke" : "",
  phase_start: false,
}));
// The last six points lie above the median (16.5): one shift.
const shifts: Shift[] = [{ start_date: points[6]!.date, end_date: points[11]!.date, side: "above", length: 6 }];

function renderChart(extra: Partial<Parameters<typeof RunChart>[0]> = {}) {
  return render(
    <RunChart
      name="Elever på åpent verksted"
      unit="elever"
      points={points}
      median={16.5}
      target={20}
      shifts={shifts}
      cycleStarts={[{ cycle_id: "c1", title: "Åpent verksted", date: "2027-02-08" }]}
      {...extra}
    />,
  );
}

describe("RunChart", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("is an image with a title and a description that tells median, target and shifts", () => {
    renderChart();
    const chart = screen.getByRole("img", { name: /Løpediagram for Elever på åpent verksted/ });
    const title = chart.querySelector("title");
    const desc = chart.querySelector("desc");
    expect(title?.textContent).toBe("Løpediagram for Elever på åpent verksted");
    expect(desc?.textContent).toContain("12 datapunkter.");
    expect(desc?.textContent).toContain("Medianen er 16,5 elever.");
    expect(desc?.textContent).toContain("Målet er 20 elever.");
    expect(desc?.textContent).toContain("Skift over medianen: 6 punkter");
    expect(desc?.textContent).toContain("Åpent verksted");
    expect(chart.getAttribute("aria-labelledby")?.split(" ")).toEqual([title?.id, desc?.id]);
  });

  it("draws the median, the target, the cycle start and the shift's points", () => {
    renderChart();
    expect(screen.getByTestId("chart-median")).toBeInTheDocument();
    expect(screen.getByTestId("chart-target")).toBeInTheDocument();
    expect(screen.getAllByTestId("chart-cycle-start")).toHaveLength(1);
    expect(screen.getAllByTestId("chart-shift-point")).toHaveLength(6);
    expect(screen.getAllByTestId("chart-point")).toHaveLength(6);
    // The median line lies between the target (higher value, so higher up) and the lowest point.
    const medianY = Number(screen.getByTestId("chart-median").querySelector("line")?.getAttribute("y1"));
    const targetY = Number(screen.getByTestId("chart-target").querySelector("line")?.getAttribute("y1"));
    expect(targetY).toBeLessThan(medianY);
  });

  it("leaves out the median and target lines when there are none", () => {
    renderChart({ median: null, target: null, shifts: [], cycleStarts: [] });
    expect(screen.queryByTestId("chart-median")).toBeNull();
    expect(screen.queryByTestId("chart-target")).toBeNull();
    expect(screen.queryAllByTestId("chart-shift-point")).toHaveLength(0);
    expect(screen.getByRole("img").querySelector("desc")?.textContent).toContain("Ingen skift.");
  });

  it("has a table with every point, its note and whether it is part of a shift", () => {
    renderChart();
    const table = screen.getByRole("table", { name: "Datapunkter for Elever på åpent verksted" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(points.length);
    expect(within(rows[0]!).getByText("Første uke")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("12 elever")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("Nei")).toBeInTheDocument();
    expect(within(rows[11]!).getByText("Ja, over medianen")).toBeInTheDocument();
    expect(rows.filter((r) => r.textContent?.includes("Ja, over medianen"))).toHaveLength(6);
  });

  it("puts a row action in the table when given one", () => {
    renderChart({ rowAction: (p) => <button type="button">Slett {p.id}</button>, actionHeader: "Handlinger" });
    expect(screen.getByRole("columnheader", { name: "Handlinger" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /^Slett p/ })).toHaveLength(points.length);
  });

  it("finds the shift a point belongs to by date", () => {
    expect(shiftOf(points[5]!, shifts)).toBeNull();
    expect(shiftOf(points[6]!, shifts)?.side).toBe("above");
  });
});
