import { describe, expect, it } from "vitest";

import {
  EMPTY_FILTERS,
  apiQueryFromFilters,
  filtersFromSearch,
  hasFilters,
  searchFromFilters,
  type ResourceFilters,
} from "./resourceFilters";

describe("resource filters ↔ address", () => {
  it("reads every filter and the sort from the address", () => {
    const filters = filtersFromSearch(
      new URLSearchParams("kind=template&tag=samskaping&language=nn&owner=project&sort=most_used"),
    );
    expect(filters).toEqual({
      kind: "template",
      tag: "samskaping",
      language: "nn",
      owner: "project",
      sort: "most_used",
    });
  });

  it("an empty address is no filter, newest first", () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(EMPTY_FILTERS);
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
  });

  it("ignores values it does not know", () => {
    expect(filtersFromSearch(new URLSearchParams("kind=poster&language=de&sort=random&tag=%20%20"))).toEqual(
      EMPTY_FILTERS,
    );
  });

  it("writes only what is set, leaving the default sort out", () => {
    const filters: ResourceFilters = { ...EMPTY_FILTERS, kind: "film", owner: "ws-1" };
    expect(searchFromFilters(filters).toString()).toBe("kind=film&owner=ws-1");
    expect(searchFromFilters(EMPTY_FILTERS).toString()).toBe("");
    expect(searchFromFilters({ ...EMPTY_FILTERS, sort: "most_used" }).toString()).toBe("sort=most_used");
  });

  it("round-trips through the address", () => {
    const filters: ResourceFilters = {
      kind: "report",
      tag: "kulturskole 3.0",
      language: "nb",
      owner: "project",
      sort: "most_used",
    };
    expect(filtersFromSearch(new URLSearchParams(searchFromFilters(filters).toString()))).toEqual(filters);
  });

  it("sends the API only the filters that are set", () => {
    expect(apiQueryFromFilters({ ...EMPTY_FILTERS, tag: "verktøy" })).toEqual({ tag: "verktøy", sort: "newest" });
  });
});
