import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../../i18n";
import { formatScore, weightShares, weightedTotal } from "./scoring";

const criteria = [
  { id: "a", weight: 3 },
  { id: "b", weight: 1 },
];

describe("weighted score", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("is null before anything is scored", () => {
    expect(weightedTotal(criteria, [])).toBeNull();
    expect(weightedTotal(criteria, [{ criterion_id: "a", score: null }])).toBeNull();
  });

  it("weights each criterion", () => {
    // (3*5 + 1*1) / 4 = 4
    expect(
      weightedTotal(criteria, [
        { criterion_id: "a", score: 5 },
        { criterion_id: "b", score: 1 },
      ]),
    ).toBe(4);
  });

  it("counts only the criteria that are scored, as the API does", () => {
    expect(weightedTotal(criteria, [{ criterion_id: "b", score: 2 }])).toBe(2);
  });

  it("averages several reviewers per criterion first", () => {
    // a: mean(4, 2) = 3; b: 5 → (3*3 + 1*5) / 4 = 3.5
    expect(
      weightedTotal(criteria, [
        { criterion_id: "a", score: 4 },
        { criterion_id: "a", score: 2 },
        { criterion_id: "b", score: 5 },
      ]),
    ).toBe(3.5);
  });

  it("ignores scores for criteria the cohort no longer has", () => {
    expect(weightedTotal(criteria, [{ criterion_id: "gone", score: 5 }])).toBeNull();
  });

  it("shows shares of the total weight", () => {
    expect(Object.fromEntries(weightShares(criteria))).toEqual({ a: 75, b: 25 });
  });

  it("formats with one decimal in the UI language", async () => {
    expect(formatScore(3.456)).toBe("3,5");
    expect(formatScore(4)).toBe("4,0");
    expect(formatScore(null)).toBeNull();
    await i18n.changeLanguage("en");
    expect(formatScore(3.456)).toBe("3.5");
  });
});
