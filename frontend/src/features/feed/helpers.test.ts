import { describe, expect, it } from "vitest";

import { activeMention, mentionsInText } from "./MentionTextarea";
import { waitedUnit } from "./notificationsApi";
import { parseTopics } from "./PostComposer";

describe("activeMention", () => {
  it("finds the @query right before the caret", () => {
    expect(activeMention("Hei @Ver", 8)).toEqual({ start: 4, query: "Ver" });
    expect(activeMention("@", 1)).toEqual({ start: 0, query: "" });
    expect(activeMention("Hei @Vera V", 11)).toEqual({ start: 4, query: "Vera V" });
  });

  it("ignores email addresses, new lines and text far from the @", () => {
    expect(activeMention("per@kommune.no", 14)).toBeNull();
    expect(activeMention("@Vera\nneste linje", 17)).toBeNull();
    expect(activeMention("@ Vera", 6)).toBeNull();
    expect(activeMention("Ingen her", 9)).toBeNull();
  });

  it("keeps only the people still named in the text", () => {
    const people = [
      { id: "1", name: "Vera Veileder" },
      { id: "2", name: "Per Pilot" },
      { id: "1", name: "Vera Veileder" },
    ];
    expect(mentionsInText("Takk @Vera Veileder!", people)).toEqual([{ id: "1", name: "Vera Veileder" }]);
  });
});

describe("waitedUnit", () => {
  it("uses the largest whole unit", () => {
    expect(waitedUnit(20)).toEqual({ unit: "minutes", count: 1 });
    expect(waitedUnit(59 * 60)).toEqual({ unit: "minutes", count: 59 });
    expect(waitedUnit(5 * 3600 + 10)).toEqual({ unit: "hours", count: 5 });
    expect(waitedUnit(3 * 86400 + 7200)).toEqual({ unit: "days", count: 3 });
    expect(waitedUnit(20 * 86400)).toEqual({ unit: "weeks", count: 2 });
  });
});

describe("parseTopics", () => {
  it("splits on commas and #, trims, lowercases and drops duplicates", () => {
    expect(parseTopics(" Inkludering, #samarbeid med skolen,inkludering,, ")).toEqual([
      "inkludering",
      "samarbeid med skolen",
    ]);
  });
});
