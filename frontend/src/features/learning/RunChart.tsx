import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { formatDate, intlLocale } from "../../lib/format";
import type { ChartPhase, ChartType, CycleMark, Point, Shift, Signal } from "./api";

export interface RunChartProps {
  name: string;
  unit: string;
  points: Point[];
  median: number | null;
  target: number | null;
  shifts: Shift[];
  cycleStarts: CycleMark[];
  /** Extra cell per table row, e.g. a delete button. */
  rowAction?: (point: Point) => ReactNode;
  actionHeader?: string;
  /** The chart type; control charts draw the centre and limits per phase. */
  chart?: ChartType;
  phases?: ChartPhase[];
  /** The chart's signals; when given, their points are flagged instead of the shifts'. */
  signals?: Signal[];
}

const WIDTH = 720;
const HEIGHT = 320;
const M = { top: 20, right: 96, bottom: 56, left: 64 };

export function formatValue(value: number): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 2 }).format(value);
}

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T12:00:00Z`) / 86_400_000;
}

/** The shift a point belongs to (points are in date order; a shift spans dates). */
export function shiftOf(point: Point, shifts: Shift[]): Shift | null {
  return shifts.find((s) => point.date >= s.start_date && point.date <= s.end_date) ?? null;
}

function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step / 1000; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
  }
  return ticks;
}

/** What the chart plots for a point: its value, or value / denominator on p and u charts (null without one). */
export function plottedValue(point: Point, chart: ChartType = "run"): number | null {
  if (point.y != null) return point.y;
  return chart === "p" || chart === "u" ? null : point.value;
}

/** The rules that flag a point, in the order of the signals. */
export function rulesOf(point: Point, signals: Signal[]): Signal["rule"][] {
  return [...new Set(signals.filter((s) => s.point_ids.includes(point.id)).map((s) => s.rule))];
}

/** Step segments of a per-point line (centre or a limit) that break at phase starts and gaps. */
function stepSegments(
  points: Point[],
  pick: (p: Point) => number | null | undefined,
  xOf: (p: Point) => number,
): { x1: number; x2: number; y: number; key: string }[] {
  const segments: { x1: number; x2: number; y: number; key: string }[] = [];
  points.forEach((p, i) => {
    const value = pick(p);
    if (value == null) return;
    const prev = points[i - 1];
    const next = points[i + 1];
    const joinsPrev = prev !== undefined && !p.phase_start && pick(prev) != null;
    const joinsNext = next !== undefined && !next.phase_start && pick(next) != null;
    const here = xOf(p);
    const x1 = joinsPrev && prev ? (xOf(prev) + here) / 2 : here - 4;
    const x2 = joinsNext && next ? (here + xOf(next)) / 2 : here + 4;
    segments.push({ x1, x2, y: value, key: p.id });
  });
  return segments;
}

/**
 * A run or control chart (SVG, role="img" with title and description) and its data table:
 * points and line, the median (run chart) or the centre and limits per phase (control
 * charts), the target, cycle starts and phase starts as vertical markers, and the points a
 * rule flags drawn larger and as squares. Annotated points carry a marker that shows the
 * annotation on hover and on keyboard focus.
 */
export function RunChart({
  name,
  unit,
  points,
  median,
  target,
  shifts,
  cycleStarts,
  rowAction,
  actionHeader,
  chart = "run",
  phases = [],
  signals,
}: RunChartProps) {
  const { t } = useTranslation();
  const id = useId();
  // Per-phase lines on control charts, and on run charts that have more than one phase.
  const perPhase = chart !== "run" || phases.length > 1;
  const flagged = signals ? new Set(signals.flatMap((s) => s.point_ids)) : null;
  const isFlagged = (p: Point) => (flagged ? flagged.has(p.id) : shiftOf(p, shifts) !== null);
  const plotted = points.filter((p) => plottedValue(p, chart) != null);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const withUnit = (v: number) => (unit ? `${formatValue(v)} ${unit}` : formatValue(v));

  const description = [
    t("learning.chart.descPoints", { count: points.length }),
    points.length > 0
      ? t("learning.chart.descRange", {
          from: formatDate(points[0]?.date),
          to: formatDate(points[points.length - 1]?.date),
        })
      : "",
    chart !== "run" ? t("learning.spc.descType", { type: t(`learning.spc.heading.${chart}`) }) : "",
    median != null && !perPhase ? t("learning.chart.descMedian", { value: withUnit(median) }) : "",
    ...(perPhase
      ? phases.map((ph) =>
          ph.lower != null && ph.upper != null
            ? t("learning.spc.descPhaseLimits", {
                number: String(ph.number),
                from: formatDate(ph.start_date),
                centre: formatValue(ph.centre ?? 0),
                lower: formatValue(ph.lower),
                upper: formatValue(ph.upper),
              })
            : t("learning.spc.descPhase", {
                number: String(ph.number),
                from: formatDate(ph.start_date),
                centre: ph.centre != null ? formatValue(ph.centre) : "–",
              }),
        )
      : []),
    target != null ? t("learning.chart.descTarget", { value: withUnit(target) }) : "",
    signals
      ? signals.length === 0
        ? t("learning.spc.descNoSignal")
        : signals
            .map((sig) =>
              t("learning.spc.descSignal", { rule: t(`learning.spc.rule.${sig.rule}`), count: String(sig.point_ids.length) }),
            )
            .join(" ")
      : "",
    signals
      ? ""
      : shifts.length === 0
      ? t("learning.chart.descNoShift")
      : shifts
          .map((s) =>
            t(s.side === "above" ? "learning.chart.descShiftAbove" : "learning.chart.descShiftBelow", {
              length: String(s.length),
              from: formatDate(s.start_date),
              to: formatDate(s.end_date),
            }),
          )
          .join(" "),
    cycleStarts.length > 0
      ? t("learning.chart.descCycles", {
          list: cycleStarts.map((c) => `${c.title} (${formatDate(c.date)})`).join(", "),
        })
      : "",
  ]
    .filter(Boolean)
    .join(" ");

  // Scales
  const days = points.map((p) => dayNumber(p.date));
  const xMin = days.length ? Math.min(...days) : 0;
  const xMax = days.length ? Math.max(...days) : 1;
  const values = [
    ...plotted.map((p) => plottedValue(p, chart) ?? 0),
    ...(median != null && !perPhase ? [median] : []),
    ...(target != null ? [target] : []),
    ...(perPhase ? points.flatMap((p) => [p.centre, p.lower, p.upper].filter((v): v is number => v != null)) : []),
  ];
  let yMin = values.length ? Math.min(...values) : 0;
  let yMax = values.length ? Math.max(...values) : 1;
  const pad = (yMax - yMin || Math.abs(yMax) || 1) * 0.1;
  yMin -= pad;
  yMax += pad;
  const innerW = WIDTH - M.left - M.right;
  const innerH = HEIGHT - M.top - M.bottom;
  const x = (day: number) => M.left + (xMax === xMin ? innerW / 2 : ((day - xMin) / (xMax - xMin)) * innerW);
  const y = (value: number) => M.top + innerH - ((value - yMin) / (yMax - yMin)) * innerH;
  const yTicks = niceTicks(yMin, yMax);
  const xLabels =
    points.length <= 1
      ? points
      : [points[0], points[Math.floor((points.length - 1) / 2)], points[points.length - 1]].filter(
          (p, i, all): p is Point => p !== undefined && all.findIndex((q) => q?.id === p.id) === i,
        );
  const marks = cycleStarts.filter((c) => {
    const d = dayNumber(c.date);
    return points.length > 0 && d >= xMin && d <= xMax;
  });
  const line = plotted
    .map((p) => `${x(dayNumber(p.date)).toFixed(1)},${y(plottedValue(p, chart) ?? 0).toFixed(1)}`)
    .join(" ");
  const xOf = (p: Point) => x(dayNumber(p.date));
  const phaseStarts = phases.slice(1).flatMap((ph) => {
    const index = points.findIndex((p) => p.id === ph.start_point_id);
    const start = points[index];
    const before = points[index - 1];
    if (!start) return [];
    return [{ number: ph.number, at: before ? (xOf(before) + xOf(start)) / 2 : xOf(start), id: ph.start_point_id }];
  });
  const annotated = plotted.filter((p) => p.note.trim() !== "");
  const ratio = chart === "p" || chart === "u";
  const phaseNumber = (p: Point) => {
    let number = 1;
    for (const ph of phases) {
      if (p.date >= ph.start_date) number = ph.number;
    }
    return number;
  };

  return (
    <figure className="run-chart">
      <div className="run-chart__canvas">
        <div className="run-chart__plot">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          className="run-chart__svg"
          data-testid="run-chart"
        >
          <title id={titleId}>{t("learning.chart.title", { name })}</title>
          <desc id={descId}>{description}</desc>
          {/* y axis with ticks */}
          <g className="run-chart__axis" aria-hidden="true">
            <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + innerH} />
            <line x1={M.left} x2={M.left + innerW} y1={M.top + innerH} y2={M.top + innerH} />
            {yTicks.map((v) => (
              <g key={v}>
                <line className="run-chart__grid" x1={M.left} x2={M.left + innerW} y1={y(v)} y2={y(v)} />
                <text x={M.left - 8} y={y(v)} dy="0.32em" textAnchor="end">
                  {formatValue(v)}
                </text>
              </g>
            ))}
            {xLabels.map((p) => (
              <text key={p.id} x={x(dayNumber(p.date))} y={M.top + innerH + 20} textAnchor="middle">
                {new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "short", year: "2-digit" }).format(
                  new Date(`${p.date}T12:00:00`),
                )}
              </text>
            ))}
            <text className="run-chart__label" x={M.left + innerW / 2} y={HEIGHT - 8} textAnchor="middle">
              {t("learning.chart.xAxis")}
            </text>
            <text
              className="run-chart__label"
              transform={`translate(16 ${M.top + innerH / 2}) rotate(-90)`}
              textAnchor="middle"
            >
              {unit || t("learning.chart.yAxis")}
            </text>
          </g>
          {/* cycle starts */}
          {marks.map((c) => (
            <g key={c.cycle_id} className="run-chart__cycle" data-testid="chart-cycle-start">
              <line x1={x(dayNumber(c.date))} x2={x(dayNumber(c.date))} y1={M.top} y2={M.top + innerH} />
              <text x={x(dayNumber(c.date)) + 4} y={M.top + 12} aria-hidden="true">
                {c.title.length > 24 ? `${c.title.slice(0, 23)}…` : c.title}
              </text>
            </g>
          ))}
          {phaseStarts.map((ph) => (
            <g key={ph.id} className="run-chart__phase" data-testid="chart-phase-start">
              <line x1={ph.at} x2={ph.at} y1={M.top} y2={M.top + innerH} />
              <text x={ph.at + 4} y={M.top + innerH - 6} aria-hidden="true">
                {t("learning.spc.phaseLabel", { number: String(ph.number) })}
              </text>
            </g>
          ))}
          {perPhase && (
            <g className="run-chart__centre" data-testid="chart-centre">
              {stepSegments(points, (p) => p.centre, xOf).map((s) => (
                <line key={s.key} x1={s.x1} x2={s.x2} y1={y(s.y)} y2={y(s.y)} />
              ))}
            </g>
          )}
          {perPhase && chart !== "run" && (
            <g className="run-chart__limits" data-testid="chart-limits">
              {stepSegments(points, (p) => p.lower, xOf).map((s) => (
                <line key={`l${s.key}`} x1={s.x1} x2={s.x2} y1={y(s.y)} y2={y(s.y)} />
              ))}
              {stepSegments(points, (p) => p.upper, xOf).map((s) => (
                <line key={`u${s.key}`} x1={s.x1} x2={s.x2} y1={y(s.y)} y2={y(s.y)} />
              ))}
            </g>
          )}
          {median != null && !perPhase && (
            <g className="run-chart__median" data-testid="chart-median">
              <line x1={M.left} x2={M.left + innerW} y1={y(median)} y2={y(median)} />
              <text x={M.left + innerW + 6} y={y(median)} dy="0.32em" aria-hidden="true">
                {t("learning.chart.median")} {formatValue(median)}
              </text>
            </g>
          )}
          {target != null && (
            <g className="run-chart__target" data-testid="chart-target">
              <line x1={M.left} x2={M.left + innerW} y1={y(target)} y2={y(target)} />
              <text x={M.left + innerW + 6} y={y(target)} dy="0.32em" aria-hidden="true">
                {t("learning.chart.target")} {formatValue(target)}
              </text>
            </g>
          )}
          {plotted.length > 1 && <polyline className="run-chart__line" points={line} />}
          {plotted.map((p) => {
            const cx = x(dayNumber(p.date));
            const cy = y(plottedValue(p, chart) ?? 0);
            return isFlagged(p) ? (
              <rect
                key={p.id}
                className="run-chart__point run-chart__point--shift"
                data-testid={flagged ? "chart-signal-point" : "chart-shift-point"}
                x={cx - 6}
                y={cy - 6}
                width={12}
                height={12}
              />
            ) : (
              <circle key={p.id} className="run-chart__point" data-testid="chart-point" cx={cx} cy={cy} r={4.5} />
            );
          })}
        </svg>
        {annotated.map((p) => {
          const label = t("learning.spc.annotationLabel", { date: formatDate(p.date), note: p.note });
          return (
            <span
              key={p.id}
              className="run-chart__note"
              style={{
                left: `${(x(dayNumber(p.date)) / WIDTH) * 100}%`,
                top: `${(y(plottedValue(p, chart) ?? 0) / HEIGHT) * 100}%`,
              }}
            >
              <button type="button" className="run-chart__note-marker" data-testid="chart-annotation" aria-label={label}>
                <span aria-hidden="true">i</span>
              </button>
              <span className="run-chart__note-text" aria-hidden="true">
                {label}
              </span>
            </span>
          );
        })}
        </div>
      </div>
      <figcaption className="run-chart__legend">
        {perPhase ? (
          <>
            <span className="run-chart__key run-chart__key--centre">{t("learning.spc.centre")}</span>
            {chart !== "run" && <span className="run-chart__key run-chart__key--limits">{t("learning.spc.limits")}</span>}
          </>
        ) : (
          <span className="run-chart__key run-chart__key--median">{t("learning.chart.median")}</span>
        )}
        <span className="run-chart__key run-chart__key--target">{t("learning.chart.target")}</span>
        <span className="run-chart__key run-chart__key--cycle">{t("learning.chart.cycleStart")}</span>
        {phaseStarts.length > 0 && <span className="run-chart__key run-chart__key--phase">{t("learning.spc.phaseStart")}</span>}
        <span className="run-chart__key run-chart__key--shift">
          {flagged ? t("learning.spc.signalPoint") : t("learning.chart.shiftPoint")}
        </span>
        {annotated.length > 0 && <span className="run-chart__key run-chart__key--note">{t("learning.spc.annotated")}</span>}
      </figcaption>
      <div className="table-scroll">
        <table className="learning-table">
          <caption>{t("learning.chart.tableCaption", { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("learning.chart.date")}</th>
              <th scope="col">{t("learning.chart.value")}</th>
              {ratio && <th scope="col">{t("learning.spc.denominator")}</th>}
              {ratio && <th scope="col">{t("learning.spc.plotted")}</th>}
              {perPhase && <th scope="col">{t("learning.spc.phase")}</th>}
              {perPhase && <th scope="col">{t("learning.spc.centre")}</th>}
              {perPhase && chart !== "run" && <th scope="col">{t("learning.spc.limits")}</th>}
              <th scope="col">{t("learning.chart.note")}</th>
              <th scope="col">{signals ? t("learning.spc.signals") : t("learning.chart.inShift")}</th>
              {rowAction && <th scope="col">{actionHeader}</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => {
              const shift = shiftOf(p, shifts);
              const rules = signals ? rulesOf(p, signals) : [];
              const shown = plottedValue(p, chart);
              return (
                <tr key={p.id} data-testid="point-row">
                  <td>{formatDate(p.date)}</td>
                  <td className="learning-table__number">{withUnit(p.value)}</td>
                  {ratio && <td className="learning-table__number">{p.denominator != null ? formatValue(p.denominator) : "–"}</td>}
                  {ratio && <td className="learning-table__number">{shown != null ? formatValue(shown) : "–"}</td>}
                  {perPhase && <td>{phaseNumber(p)}</td>}
                  {perPhase && <td className="learning-table__number">{p.centre != null ? formatValue(p.centre) : "–"}</td>}
                  {perPhase && chart !== "run" && (
                    <td className="learning-table__number">
                      {p.lower != null && p.upper != null
                        ? t("learning.spc.limitsValue", { lower: formatValue(p.lower), upper: formatValue(p.upper) })
                        : "–"}
                    </td>
                  )}
                  <td>{p.note}</td>
                  <td>
                    {signals
                      ? rules.length > 0
                        ? rules.map((r) => t(`learning.spc.rule.${r}`)).join(", ")
                        : t("learning.spc.noSignal")
                      : shift
                        ? t(shift.side === "above" ? "learning.chart.shiftAbove" : "learning.chart.shiftBelow")
                        : t("learning.chart.noShift")}
                  </td>
                  {rowAction && <td>{rowAction(p)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
