import { describe, expect, it } from "vitest";

import { formatOslo, formatOsloRange, fromOsloLocal, toOsloLocal } from "./time";

describe("Oslo time", () => {
  it("formats a moment in Oslo with the zone named, in each language", () => {
    expect(formatOslo("2027-03-02T09:00:00Z", "nb")).toBe("tirsdag 2. mars 2027 kl. 10:00 (norsk tid)");
    expect(formatOslo("2027-03-02T09:00:00Z", "nn")).toMatch(/^tysdag 2\. mars 2027 kl\. 10:00 \(norsk tid\)$|^tirsdag 2\. mars 2027 kl\. 10:00 \(norsk tid\)$/);
    expect(formatOslo("2027-03-02T09:00:00Z", "en")).toBe("Tuesday, 2 March 2027 at 10:00 (Norwegian time)");
    // Summer time: UTC+2.
    expect(formatOslo("2027-06-15T08:30:00Z", "nb")).toBe("tirsdag 15. juni 2027 kl. 10:30 (norsk tid)");
    expect(formatOslo("", "nb")).toBe("");
  });

  it("shows a range on one day with one date", () => {
    expect(formatOsloRange("2027-03-02T09:00:00Z", "2027-03-02T14:00:00Z", "nb")).toBe(
      "tirsdag 2. mars 2027 kl. 10:00–15:00 (norsk tid)",
    );
    expect(formatOsloRange("2027-03-02T09:00:00Z", "2027-03-03T14:00:00Z", "nb")).toContain("onsdag 3. mars");
  });

  it("turns an Oslo wall time into UTC, winter and summer", () => {
    expect(fromOsloLocal("2027-01-15T10:00")).toBe("2027-01-15T09:00:00.000Z");
    expect(fromOsloLocal("2027-07-15T10:00")).toBe("2027-07-15T08:00:00.000Z");
    expect(fromOsloLocal("")).toBeNull();
    expect(fromOsloLocal("not a time")).toBeNull();
  });

  it("handles the days the clocks change", () => {
    // 28 March 2027: 02:00 → 03:00. 01:30 is still winter time, 03:30 summer time.
    expect(fromOsloLocal("2027-03-28T01:30")).toBe("2027-03-28T00:30:00.000Z");
    expect(fromOsloLocal("2027-03-28T03:30")).toBe("2027-03-28T01:30:00.000Z");
    // 02:30 does not exist: it moves forward to 03:30 summer time.
    expect(fromOsloLocal("2027-03-28T02:30")).toBe("2027-03-28T01:30:00.000Z");
    // 31 October 2027: 03:00 → 02:00. 02:30 happens twice: the first (summer time) is taken.
    expect(fromOsloLocal("2027-10-31T02:30")).toBe("2027-10-31T00:30:00.000Z");
    expect(fromOsloLocal("2027-10-31T03:30")).toBe("2027-10-31T02:30:00.000Z");
  });

  it("turns UTC into an Oslo wall time for the input, and back again", () => {
    expect(toOsloLocal("2027-01-15T09:00:00Z")).toBe("2027-01-15T10:00");
    expect(toOsloLocal("2027-07-15T08:00:00+00:00")).toBe("2027-07-15T10:00");
    expect(toOsloLocal("2027-10-31T00:30:00Z")).toBe("2027-10-31T02:30");
    expect(toOsloLocal("2027-10-31T01:30:00Z")).toBe("2027-10-31T02:30");
    expect(toOsloLocal(null)).toBe("");
    for (const moment of ["2027-03-28T00:59:00.000Z", "2027-03-28T01:00:00.000Z", "2027-12-31T23:15:00.000Z"]) {
      expect(fromOsloLocal(toOsloLocal(moment))).toBe(moment);
    }
  });
});
