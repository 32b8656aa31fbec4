import { describe, expect, it } from "vitest";

import i18n from "../../i18n";
import { EMPTY_ASK, askBody, askDraftText, askDraftValues, validateAsk } from "./askForm";

const nb = i18n.getFixedT("nb");
const nn = i18n.getFixedT("nn");
const en = i18n.getFixedT("en");

describe("ask a question: validation", () => {
  it("an empty form needs a title; the text and topics are optional", () => {
    const errors = validateAsk(EMPTY_ASK, nb);
    expect(errors).toEqual({ title: nb("knowledge.ask.errors.titleRequired") });
  });

  it("speaks the person's language", () => {
    const nbText = validateAsk(EMPTY_ASK, nb).title;
    const nnText = validateAsk(EMPTY_ASK, nn).title;
    const enText = validateAsk(EMPTY_ASK, en).title;
    expect(new Set([nbText, nnText, enText]).size).toBe(3);
    expect(enText).toMatch(/title/i);
  });

  it("only spaces count as empty; a too short or too long title or text is refused with its limit", () => {
    expect(validateAsk({ ...EMPTY_ASK, title: "   " }, nb)).toEqual({
      title: nb("knowledge.ask.errors.titleRequired"),
    });
    expect(validateAsk({ ...EMPTY_ASK, title: "Hei", body: "tekst" }, en).title).toContain("5");
    expect(validateAsk({ ...EMPTY_ASK, title: "x".repeat(301), body: "tekst" }, en).title).toContain("300");
    expect(validateAsk({ ...EMPTY_ASK, title: "x".repeat(300) }, en)).toEqual({});
    expect(validateAsk({ ...EMPTY_ASK, title: "Hva koster det?", body: "x".repeat(50_001) }, nn).body).toBe(
      nn("knowledge.ask.errors.bodyLong", { max: "50000" }),
    );
  });

  it("a filled-in form passes, and the body sent is trimmed", () => {
    const values = {
      title: "  Hva koster det å delta?  ",
      body: "Blir det en egenandel?\n",
      topics: ["economy"],
      anonymous: true,
    };
    expect(validateAsk(values, nb)).toEqual({});
    expect(askBody(values)).toEqual({
      title: "Hva koster det å delta?",
      body: "Blir det en egenandel?",
      topics: ["economy"],
      anonymous: true,
    });
  });

  it("a draft survives the round trip through storage, and junk is an empty form", () => {
    const values = { title: "Tittel", body: "Tekst", topics: ["time", "other"], anonymous: true };
    expect(askDraftValues(askDraftText(values))).toEqual(values);
    expect(askDraftValues("not json")).toEqual(EMPTY_ASK);
    expect(askDraftValues('{"title": 3, "topics": [1, "x"]}')).toEqual({ ...EMPTY_ASK, topics: ["x"] });
  });
});
