/**
 * Gatherings happen in Norway: every time is shown, and typed, in Europe/Oslo, whatever the
 * browser's own zone, and the zone is named next to it.
 */
import { currentLocale, type Locale } from "../../i18n";
import { intlLocale } from "../../lib/format";

export const OSLO = "Europe/Oslo";

const ZONE_NAME: Record<Locale, string> = {
  nb: "norsk tid",
  nn: "norsk tid",
  en: "Norwegian time",
};

function valid(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "tirsdag 3. mars 2027 kl. 10:00 (norsk tid)". */
export function formatOslo(value: string | null | undefined, locale: Locale = currentLocale()): string {
  const date = valid(value);
  if (!date) return "";
  const text = new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: OSLO,
  }).format(date);
  return `${text} (${ZONE_NAME[locale]})`;
}

/** The Oslo calendar day of a moment, as YYYY-MM-DD. */
function osloDay(date: Date): string {
  return toOsloLocal(date.toISOString()).slice(0, 10);
}

/** "10:00" in Oslo. */
export function formatOsloTime(value: string | null | undefined, locale: Locale = currentLocale()): string {
  const date = valid(value);
  if (!date) return "";
  return new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: "short", timeZone: OSLO }).format(date);
}

/**
 * A start and end: "tirsdag 3. mars 2027 kl. 10:00–15:00 (norsk tid)" on one day, else both
 * moments in full.
 */
export function formatOsloRange(
  start: string | null | undefined,
  end: string | null | undefined,
  locale: Locale = currentLocale(),
): string {
  const from = valid(start);
  const to = valid(end);
  if (!from) return "";
  if (!to) return formatOslo(start, locale);
  const full = (d: Date) =>
    new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "full", timeStyle: "short", timeZone: OSLO }).format(d);
  if (osloDay(from) === osloDay(to)) {
    return `${full(from)}–${formatOsloTime(end, locale)} (${ZONE_NAME[locale]})`;
  }
  return `${full(from)} – ${full(to)} (${ZONE_NAME[locale]})`;
}

/** Oslo's offset from UTC (minutes) at a moment. */
function osloOffsetMinutes(epochMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: OSLO,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** An ISO moment → the value of an <input type="datetime-local"> in Oslo time. */
export function toOsloLocal(value: string | null | undefined): string {
  const date = valid(value);
  if (!date) return "";
  const shifted = new Date(date.getTime() + osloOffsetMinutes(date.getTime()) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The value of an <input type="datetime-local">, read as Oslo time → ISO 8601 in UTC, or null.
 * A time that does not exist (the hour skipped when summer time starts) moves forward by the
 * gap; a time that happens twice (when summer time ends) is the first of the two.
 */
export function fromOsloLocal(value: string): string | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
  // The two offsets Oslo can have around this wall time: try the earlier one first.
  const candidates = [...new Set([osloOffsetMinutes(wall - 86_400_000), osloOffsetMinutes(wall + 86_400_000)])].sort(
    (a, b) => b - a,
  );
  for (const offset of candidates) {
    const moment = wall - offset * 60_000;
    if (osloOffsetMinutes(moment) === offset) return new Date(moment).toISOString();
  }
  // In the gap: the wall time read with the offset before the change lands after it.
  const before = Math.min(...candidates);
  return new Date(wall - before * 60_000).toISOString();
}

/** "fre. 10:00" in Oslo: an agenda item of a gathering that runs over several days. */
export function formatOsloDayTime(value: string | null | undefined, locale: Locale = currentLocale()): string {
  const date = valid(value);
  if (!date) return "";
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: OSLO,
  }).format(date);
}

/** True when a gathering starts and ends on different days in Oslo. */
export function spansDays(start: string, end: string): boolean {
  const a = valid(start);
  const b = valid(end);
  return !!a && !!b && osloDay(a) !== osloDay(b);
}
