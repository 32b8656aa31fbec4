import type { TFunction } from "i18next";

import { intlLocale } from "../../lib/format";

import type { OverviewParams, OverviewRow, OverviewSort, Trend } from "./api";

/** The overview's sortable columns, in the table's order, with the API's sort key. */
export const OVERVIEW_COLUMNS = [
  "name",
  "tier",
  "municipalities",
  "mentors",
  "cycles",
  "last_activity",
  "entries_this_month",
  "latest_score",
  "score_trend",
  "measures_with_shift",
  "attendance",
  "open_assignments",
  "unanswered_questions",
] as const satisfies readonly OverviewSort[];
export type OverviewColumn = (typeof OVERVIEW_COLUMNS)[number];

const SORTS = new Set<string>([...OVERVIEW_COLUMNS, "status", "plan", "act", "observe", "reflect", "done", "inactive"]);
/** Columns that read best from the largest down when first clicked. */
const DESCENDING_FIRST = new Set<OverviewSort>([
  "last_activity",
  "entries_this_month",
  "latest_score",
  "score_trend",
  "measures_with_shift",
  "attendance",
  "open_assignments",
  "unanswered_questions",
  "cycles",
]);

export const DEFAULT_OVERVIEW: OverviewParams = {
  tier: null,
  county: null,
  mentor: null,
  inactive: false,
  sort: "name",
  order: "asc",
};

/** The filters and order in the address (`?tier=pilot&county=18&inactive=1&sort=…&order=…`). */
export function readOverviewParams(search: URLSearchParams): OverviewParams {
  const tier = search.get("tier");
  const sort = search.get("sort");
  const order = search.get("order");
  return {
    tier: tier === "pilot" || tier === "observer" ? tier : null,
    county: search.get("county") || null,
    mentor: search.get("mentor") || null,
    inactive: search.get("inactive") === "1" || search.get("inactive") === "true",
    sort: sort && SORTS.has(sort) ? (sort as OverviewSort) : DEFAULT_OVERVIEW.sort,
    order: order === "desc" ? "desc" : order === "asc" ? "asc" : DEFAULT_OVERVIEW.order,
  };
}

/** The address for these filters; defaults are left out so a plain link stays plain. */
export function writeOverviewParams(p: OverviewParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.tier) out.set("tier", p.tier);
  if (p.county) out.set("county", p.county);
  if (p.mentor) out.set("mentor", p.mentor);
  if (p.inactive) out.set("inactive", "1");
  if (p.sort !== DEFAULT_OVERVIEW.sort || p.order !== DEFAULT_OVERVIEW.order) {
    out.set("sort", p.sort);
    out.set("order", p.order);
  }
  return out;
}

/** Clicking a column's sort button: the same column flips its order, another starts fresh. */
export function nextSort(p: OverviewParams, column: OverviewSort): OverviewParams {
  if (p.sort === column) return { ...p, order: p.order === "asc" ? "desc" : "asc" };
  return { ...p, sort: column, order: DESCENDING_FIRST.has(column) ? "desc" : "asc" };
}

export function ariaSort(p: OverviewParams, column: OverviewSort): "ascending" | "descending" | "none" {
  if (p.sort !== column) return "none";
  return p.order === "asc" ? "ascending" : "descending";
}

export function hasFilters(p: OverviewParams): boolean {
  return Boolean(p.tier || p.county || p.mentor || p.inactive);
}

/** An arrow for the eye (hidden from screen readers) and the words for everyone. */
export const TREND_ICON: Record<Trend, string> = { up: "↑", down: "↓", flat: "→", none: "–" };

export function trendText(row: Pick<OverviewRow, "score_trend" | "previous_score">, t: TFunction): string {
  const previous = row.previous_score;
  switch (row.score_trend) {
    case "up":
      return t("progress.trend.up", { previous: formatScore(previous) });
    case "down":
      return t("progress.trend.down", { previous: formatScore(previous) });
    case "flat":
      return t("progress.trend.flat");
    default:
      return t("progress.trend.none");
  }
}

export function formatScore(value: number | null | undefined): string {
  if (value == null) return "";
  return new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** Attendance as "3 av 4 (75 %)", or null when nobody registered. */
export function attendanceText(row: Pick<OverviewRow, "attendance">, t: TFunction): string {
  const a = row.attendance;
  if (a.registered === 0) return t("progress.overview.noRegistrations");
  return t("progress.overview.attendanceValue", {
    attended: String(a.attended),
    registered: String(a.registered),
    rate: new Intl.NumberFormat(intlLocale(), { style: "percent", maximumFractionDigits: 0 }).format(a.rate ?? 0),
  });
}
