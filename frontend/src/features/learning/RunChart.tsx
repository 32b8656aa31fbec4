import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { formatDate, intlLocale } from "../../lib/format";
import type { CycleMark, Point, Shift } from "./api";

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

/**
 * A run chart (SVG, role="img" with title and description) and its data table: points and
 * line, the median, the target, cycle starts as vertical markers, and the points of each
 * shift (six or more in a row on one side of the median) drawn larger and as squares.
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
}: RunChartProps) {
  const { t } = useTranslation();
  const id = useId();
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
    median != null ? t("learning.chart.descMedian", { value: withUnit(median) }) : "",
    target != null ? t("learning.chart.descTarget", { value: withUnit(target) }) : "",
    shifts.length === 0
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
    ...points.map((p) => p.value),
    ...(median != null ? [median] : []),
    ...(target != null ? [target] : []),
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
  const line = points.map((p) => `${x(dayNumber(p.date)).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");

  return (
    <figure className="run-chart">
      <div className="run-chart__canvas">
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
          {median != null && (
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
          {points.length > 1 && <polyline className="run-chart__line" points={line} />}
          {points.map((p) => {
            const cx = x(dayNumber(p.date));
            const cy = y(p.value);
            return shiftOf(p, shifts) ? (
              <rect
                key={p.id}
                className="run-chart__point run-chart__point--shift"
                data-testid="chart-shift-point"
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
      </div>
      <figcaption className="run-chart__legend">
        <span className="run-chart__key run-chart__key--median">{t("learning.chart.median")}</span>
        <span className="run-chart__key run-chart__key--target">{t("learning.chart.target")}</span>
        <span className="run-chart__key run-chart__key--cycle">{t("learning.chart.cycleStart")}</span>
        <span className="run-chart__key run-chart__key--shift">{t("learning.chart.shiftPoint")}</span>
      </figcaption>
      <div className="table-scroll">
        <table className="learning-table">
          <caption>{t("learning.chart.tableCaption", { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("learning.chart.date")}</th>
              <th scope="col">{t("learning.chart.value")}</th>
              <th scope="col">{t("learning.chart.note")}</th>
              <th scope="col">{t("learning.chart.inShift")}</th>
              {rowAction && <th scope="col">{actionHeader}</th>}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => {
              const shift = shiftOf(p, shifts);
              return (
                <tr key={p.id} data-testid="point-row">
                  <td>{formatDate(p.date)}</td>
                  <td className="learning-table__number">{withUnit(p.value)}</td>
                  <td>{p.note}</td>
                  <td>
                    {shift
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
