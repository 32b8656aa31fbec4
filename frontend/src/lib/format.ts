import { currentLocale, type Locale } from "../i18n";

const INTL_LOCALE: Record<Locale, string> = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

/** The Intl locale for the UI language (dates and numbers follow Norwegian conventions). */
export function intlLocale(locale: Locale = currentLocale()): string {
  return INTL_LOCALE[locale];
}

export function formatDate(value: string | null | undefined, locale?: Locale): string {
  if (!value) return "";
  // A bare date (YYYY-MM-DD) is a calendar day: do not shift it by the time zone.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long" }).format(date);
}

export function formatDateTime(value: string | null | undefined, locale?: Locale): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long", timeStyle: "short" }).format(
    date,
  );
}

export function formatNumber(value: number, digits = 1, locale?: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Norwegian alphabetical order (æ ø å last). */
export function compareNorwegian(a: string, b: string): number {
  return a.localeCompare(b, "nb");
}

/** "Bodø", "Hyllestad og Fjaler", "Ulstein, Hattfjelldal og Vestre Toten" in the UI language. */
export function joinNames(names: string[], and: string): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}`;
}

/** An ISO time → the value of an <input type="datetime-local"> in local time. */
export function toDateTimeLocal(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> (local time) → ISO 8601 in UTC, or null. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A file size in bytes, kB or MB, with the UI language's decimal mark. */
export function formatSize(bytes: number, locale?: Locale): string {
  const nf = (v: number) => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(v);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf(bytes / 1024)} kB`;
  return `${nf(bytes / (1024 * 1024))} MB`;
}
