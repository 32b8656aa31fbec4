import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";

import { messages } from "./messages";

export const LOCALES = ["nb", "nn", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nb";
const VISITOR_LOCALE_KEY = "samklang.language";

export const resources = {
  nb: { translation: messages.nb },
  nn: { translation: messages.nn },
  en: { translation: messages.en },
} as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Maps a browser language tag to one of ours: nb/no/nb-NO → nb, nn → nn, en* → en, else nb. */
export function toLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  if (primary === "nn") return "nn";
  if (primary === "en") return "en";
  return DEFAULT_LOCALE;
}

/** The language the UI speaks right now. */
export function currentLocale(): Locale {
  return toLocale(i18n.resolvedLanguage ?? i18n.language);
}

function reflectLanguage(lng: string) {
  if (typeof document !== "undefined") {
    document.documentElement.lang = toLocale(lng);
  }
}

i18n.on("languageChanged", reflectLanguage);

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    supportedLngs: [...LOCALES],
    fallbackLng: DEFAULT_LOCALE,
    load: "languageOnly",
    nonExplicitSupportedLngs: false,
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    detection: {
      // A signed-out visitor gets the language they picked on this device with the language
      // switcher (see rememberVisitorLocale), else the browser's language.
      order: ["localStorage", "navigator"],
      lookupLocalStorage: VISITOR_LOCALE_KEY,
      caches: [],
      convertDetectedLanguage: toLocale,
    },
    react: { useSuspense: false },
  });

reflectLanguage(i18n.language);

export default i18n;

/** Translate a key built at run time (e.g. from an API value), or show the fallback. */
export function translateOr(key: string, fallback: string): string {
  return i18n.exists(key) ? i18n.t(key as never) : fallback;
}

/** A signed-out visitor's explicit pick of language, kept on this device (not a secret). */
export function rememberVisitorLocale(locale: Locale) {
  try {
    localStorage.setItem(VISITOR_LOCALE_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
}
