import { describe, expect, it } from "vitest";

import { toLocale } from ".";
import { messages } from "./messages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const source = flatten(messages.nb as Tree);
const translations = { nn: flatten(messages.nn as Tree), en: flatten(messages.en as Tree) };

describe("translations", () => {
  it.each(Object.entries(translations))("%s has every key of nb.json and no extra keys", (_, keys) => {
    const missing = [...source.keys()].filter((k) => !keys.has(k));
    const extra = [...keys.keys()].filter((k) => !source.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(Object.entries(translations))("%s uses the same {{placeholders}} as nb.json", (_, keys) => {
    for (const [key, text] of source) {
      expect([key, placeholders(keys.get(key) ?? "")]).toEqual([key, placeholders(text)]);
    }
  });

  it("has no empty texts", () => {
    for (const keys of [source, ...Object.values(translations)]) {
      for (const [key, text] of keys) expect([key, text.trim().length > 0]).toEqual([key, true]);
    }
  });

  it("nynorsk is not bokmål copied", () => {
    const same = [...source.keys()].filter((k) => source.get(k) === translations.nn.get(k));
    // Short shared words (Logg inn, Passord, …) are fine; whole texts should differ.
    expect(same.length / source.size).toBeLessThan(0.35);
  });
});

describe("browser language mapping", () => {
  it.each([
    ["nb", "nb"],
    ["no", "nb"],
    ["nb-NO", "nb"],
    ["nn", "nn"],
    ["nn-NO", "nn"],
    ["en", "en"],
    ["en-GB", "en"],
    ["en-US", "en"],
    ["de-DE", "nb"],
    ["", "nb"],
  ])("%s → %s", (tag, locale) => {
    expect(toLocale(tag)).toBe(locale);
  });
});
