import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";

import { AppProviders, createQueryClient } from "../../app/providers";
import { Verdict } from "../../components/Verdict";
import i18n from "../../i18n";
import { json, mockFetch, requestsTo } from "../../test/http";
import type { ChartPhase, Measure, Point, Signal } from "./api";
import { ChartSettingsForm, EditPointForm } from "./MeasurePage";
import { RunChart, plottedValue, rulesOf } from "./RunChart";

const t = i18n.getFixedT("nb");

// An XmR chart in two phases: 10 baseline points (mean 11.5, limits 7.07–15.93) and four after a change.
const values = [10, 12, 11, 13, 10, 12, 11, 13, 12, 11, 16, 17, 18, 30];
const points: Point[] = values.map((value, i) => {
  const after = i >= 10;
  return {
    id: `p${i}`,
    date: `2027-${String(1 + Math.floor(i / 4)).padStart(2, "0")}-${String(1 + (i % 4) * 7).padStart(2, "0")}`,
    value,
    y: value,
    note: i === 10 ? "Ny påmelding på nett" : "",
    phase_start: i === 10,
    denominator: null,
    centre: after ? 20.25 : 11.5,
    lower: after ? 4.3 : 7.07,
    upper: after ? 36.2 : 15.93,
  };
});
const phases: ChartPhase[] = [
  { number: 1, start_point_id: "p0", start_date: points[0]!.date, end_date: points[9]!.date, centre: 11.5, lower: 7.07, upper: 15.93, n_useful: 10, longest_run: 2, longest_run_max: 6, crossings: 8, crossings_min: 2 },
  { number: 2, start_point_id: "p10", start_date: points[10]!.date, end_date: points[13]!.date, centre: 20.25, lower: 4.3, upper: 36.2, n_useful: 4, longest_run: 3, longest_run_max: 5, crossings: 1, crossings_min: 0 },
];
const signals: Signal[] = [{ rule: "outside_limits", point_ids: ["p13"] }];

function renderChart() {
  return render(
    <RunChart
      name="Elever på venteliste"
      unit="elever"
      points={points}
      median={12.5}
      target={13}
      shifts={[]}
      cycleStarts={[]}
      chart="xmr"
      phases={phases}
      signals={signals}
    />,
  );
}

describe("control charts", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("draws the centre and limits per phase, the phase start and the flagged point, and says so", () => {
    renderChart();
    const chart = screen.getByRole("img", { name: /Elever på venteliste/ });
    const desc = chart.querySelector("desc")?.textContent ?? "";
    expect(desc).toContain("Diagramtype: XmR-diagram.");
    expect(desc).toContain("Fase 1 fra 1. januar 2027: sentrallinje 11,5, grenser 7,07 til 15,93.");
    expect(desc).toContain("Fase 2 fra");
    expect(desc).toContain("Signal: utenfor kontrollgrensene (1 punkter).");
    expect(desc).not.toContain("Medianen er");
    expect(screen.queryByTestId("chart-median")).toBeNull();
    // One centre segment per point, broken at the phase start; two limit segments per point.
    expect(screen.getByTestId("chart-centre").querySelectorAll("line")).toHaveLength(points.length);
    expect(screen.getByTestId("chart-limits").querySelectorAll("line")).toHaveLength(2 * points.length);
    const centre = [...screen.getByTestId("chart-centre").querySelectorAll("line")];
    expect(centre[9]!.getAttribute("y1")).not.toBe(centre[10]!.getAttribute("y1"));
    expect(Number(centre[9]!.getAttribute("x2"))).toBeLessThanOrEqual(Number(centre[10]!.getAttribute("x1")));
    expect(screen.getAllByTestId("chart-phase-start")).toHaveLength(1);
    expect(screen.getAllByTestId("chart-signal-point")).toHaveLength(1);
    expect(screen.getAllByTestId("chart-point")).toHaveLength(points.length - 1);
  });

  it("shows an annotation on a marker that the keyboard reaches", async () => {
    renderChart();
    const marker = screen.getByRole("button", { name: "Merknad 15. mars 2027: Ny påmelding på nett" });
    const user = userEvent.setup();
    await user.tab();
    expect(marker).toHaveFocus();
    expect(screen.getAllByTestId("chart-annotation")).toHaveLength(1);
  });

  it("has a table with phase, centre, limits, annotation and signal per point", () => {
    renderChart();
    const table = screen.getByRole("table", { name: "Datapunkter for Elever på venteliste" });
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Dato", "Verdi", "Fase", "Sentrallinje", "Kontrollgrenser", "Merknad", "Signal"]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0]!).getByText("7,07 – 15,93")).toBeInTheDocument();
    expect(within(rows[10]!).getByText("Ny påmelding på nett")).toBeInTheDocument();
    expect(rows[10]!.children[2]).toHaveTextContent("2");
    expect(rows[13]!).toHaveTextContent("utenfor kontrollgrensene");
    expect(rows[12]!.lastElementChild).toHaveTextContent("Nei");
  });

  it("plots value / denominator on p and u charts and leaves out points without one", () => {
    const p: Point = { id: "a", date: "2027-01-01", value: 3, note: "", phase_start: false, denominator: null, y: null };
    expect(plottedValue(p, "u")).toBeNull();
    expect(plottedValue(p, "run")).toBe(3);
    expect(plottedValue({ ...p, y: 0.3 }, "p")).toBe(0.3);
    expect(rulesOf(points[13]!, [...signals, { rule: "long_run", point_ids: ["p13"] }])).toEqual(["outside_limits", "long_run"]);
  });
});

describe("Verdict", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("says the variation and the assurance in words beside their icons", () => {
    render(<Verdict verdict={{ variation: "improvement", assurance: "likely" }} />);
    expect(screen.getByTestId("verdict")).toHaveTextContent("Særskilt variasjon: forbedring");
    expect(screen.getByTestId("verdict-assurance")).toHaveTextContent("Målet nås trolig");
  });

  it("speaks nynorsk and English too", async () => {
    await i18n.changeLanguage("nn");
    const { unmount } = render(<Verdict verdict={{ variation: "concern", assurance: null }} />);
    expect(screen.getByTestId("verdict")).toHaveTextContent("Særskild variasjon: uro");
    expect(screen.queryByTestId("verdict-assurance")).toBeNull();
    unmount();
    await i18n.changeLanguage("en");
    render(<Verdict verdict={{ variation: "common", assurance: "uncertain" }} />);
    expect(screen.getByTestId("verdict")).toHaveTextContent("Common-cause variation");
    expect(screen.getByTestId("verdict")).toHaveTextContent("Target uncertain to be met");
  });
});

const measure = {
  id: "m1",
  workspace_id: "w1",
  name: "Andel fornøyde",
  unit: "",
  kind: "outcome",
  direction: "up",
  baseline: null,
  target: null,
  chart: "p",
  visibility: "workspace",
  version: 3,
  point_count: 2,
  verdict: { variation: "too_few", assurance: null },
  description: "",
  description_html: "",
  shift_rule: false,
  points: [
    { id: "p1", date: "2027-01-04", value: 3, note: "", phase_start: false, denominator: 10, y: 0.3 },
    { id: "p2", date: "2027-01-11", value: 4, note: "", phase_start: false, denominator: 10, y: 0.4 },
  ],
  median: 3.5,
  shifts: [],
  phases: [],
  signals: [],
  cycle_starts: [],
  can_edit: true,
} as Measure;

describe("editing a point", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("saves the annotation, denominator and phase start with the measure's version", async () => {
    const fetch = mockFetch({
      "PATCH /api/v1/measures/m1/points/p2": () => json({ ...measure, version: 4 }),
    });
    let done = false;
    render(
      <AppProviders client={createQueryClient()}>
        <EditPointForm measure={measure} point={measure.points[1]!} onDone={() => (done = true)} />
      </AppProviders>,
    );
    expect(screen.getByRole("heading", { name: "Endre datapunktet 11. januar 2027" })).toHaveFocus();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(t("learning.spc.annotation")), "Ny rutine");
    const denominator = screen.getByLabelText(t("learning.spc.denominatorP"));
    await user.clear(denominator);
    await user.type(denominator, "0");
    await user.click(screen.getByRole("button", { name: t("learning.spc.save") }));
    expect(await screen.findByText(t("learning.spc.denominatorInvalid"))).toBeInTheDocument();
    expect(requestsTo(fetch, "PATCH /api/v1/measures/m1/points/p2")).toHaveLength(0);
    await user.clear(denominator);
    await user.type(denominator, "12,5");
    await user.click(screen.getByLabelText(t("learning.spc.newPhase")));
    await user.click(screen.getByRole("button", { name: t("learning.spc.save") }));
    await waitFor(() => expect(done).toBe(true));
    const body = (await requestsTo(fetch, "PATCH /api/v1/measures/m1/points/p2")[0]!.json()) as Record<string, unknown>;
    expect(body).toEqual({ note: "Ny rutine", denominator: 12.5, phase_start: true, version: 3 });
  });

  it("says so when someone else changed the measure first", async () => {
    mockFetch({
      "PATCH /api/v1/measures/m1/points/p2": () =>
        json({ type: "about:blank", title: "Changed", status: 409, code: "conflict", current: { ...measure, version: 5 } }, 409),
    });
    render(
      <AppProviders client={createQueryClient()}>
        <EditPointForm measure={measure} point={measure.points[1]!} onDone={() => undefined} />
      </AppProviders>,
    );
    await userEvent.setup().click(screen.getByRole("button", { name: t("learning.spc.save") }));
    expect(await screen.findByText(t("learning.spc.conflict"))).toBeInTheDocument();
  });
});

describe("chart settings", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("saves the chart type and the IHI option with the version", async () => {
    const fetch = mockFetch({
      "PATCH /api/v1/measures/m1": () => json({ ...measure, chart: "xmr", shift_rule: true, version: 4 }),
    });
    render(
      <AppProviders client={createQueryClient()}>
        <ChartSettingsForm measure={measure} />
      </AppProviders>,
    );
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText(t("learning.spc.chartType")), "xmr");
    await user.click(screen.getByLabelText(t("learning.spc.shiftRule")));
    await user.click(screen.getByRole("button", { name: t("learning.spc.saveSettings") }));
    expect(await screen.findByText(t("learning.spc.settingsSaved"))).toBeInTheDocument();
    const body = (await requestsTo(fetch, "PATCH /api/v1/measures/m1")[0]!.json()) as Record<string, unknown>;
    expect(body).toEqual({ chart: "xmr", shift_rule: true, version: 3 });
  });
});
