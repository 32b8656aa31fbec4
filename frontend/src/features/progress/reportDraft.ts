import type { Report, ReportKind } from "./api";

/** What the report editor changes (and autosaves). */
export interface ReportValues {
  kind: ReportKind;
  title: string;
  period_start: string;
  period_end: string;
  foreword: string;
  cycle_ids: string[];
}

export function valuesOf(report: Report): ReportValues {
  return {
    kind: report.kind,
    title: report.title,
    period_start: report.period_start,
    period_end: report.period_end,
    foreword: report.foreword,
    cycle_ids: [...report.cycle_ids],
  };
}

export function sameValues(a: ReportValues, b: ReportValues): boolean {
  return (
    a.kind === b.kind &&
    a.title === b.title &&
    a.period_start === b.period_start &&
    a.period_end === b.period_end &&
    a.foreword === b.foreword &&
    a.cycle_ids.length === b.cycle_ids.length &&
    [...a.cycle_ids].sort().join() === [...b.cycle_ids].sort().join()
  );
}

/** Problems that stop an autosave (the server would refuse them anyway). */
export function validate(v: ReportValues): Partial<Record<keyof ReportValues, "titleRequired" | "dateRequired" | "endBeforeStart">> {
  const errors: Partial<Record<keyof ReportValues, "titleRequired" | "dateRequired" | "endBeforeStart">> = {};
  if (!v.title.trim()) errors.title = "titleRequired";
  if (!v.period_start) errors.period_start = "dateRequired";
  if (!v.period_end) errors.period_end = "dateRequired";
  if (v.period_start && v.period_end && v.period_end < v.period_start) errors.period_end = "endBeforeStart";
  return errors;
}

const PREFIX = "samklang.draft.report.";

export interface StoredReportDraft {
  values: ReportValues;
  /** The version the draft was based on. */
  version: number;
  savedAt: string;
}

/** A draft kept on this device until the server has it, so a reload loses nothing. */
export function readDraft(id: string): StoredReportDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + id);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredReportDraft>;
    if (!value.values || typeof value.version !== "number" || typeof value.values.title !== "string") return null;
    return { values: value.values, version: value.version, savedAt: value.savedAt ?? new Date().toISOString() };
  } catch {
    return null;
  }
}

export function writeDraft(id: string, values: ReportValues, version: number): void {
  try {
    localStorage.setItem(PREFIX + id, JSON.stringify({ values, version, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or unavailable: the text stays in the page only.
  }
}

export function clearDraft(id: string): void {
  try {
    localStorage.removeItem(PREFIX + id);
  } catch {
    // nothing to do
  }
}
