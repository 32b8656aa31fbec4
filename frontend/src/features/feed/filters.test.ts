import { describe, expect, it } from "vitest";

import { feedQueryParams, filtersFromParams, hasFilters, paramsFromFilters } from "./filters";

describe("feed filters ↔ URL", () => {
  it("reads every filter from the address", () => {
    const params = new URLSearchParams("following=1&workspace=ws-1&topic=inkludering&kind=reflection");
    expect(filtersFromParams(params)).toEqual({
      following: true,
      workspaceId: "ws-1",
      topic: "inkludering",
      kind: "reflection",
    });
  });

  it("ignores unknown kinds, malformed ids and empty values", () => {
    const params = new URLSearchParams("following=0&workspace=%3Cscript%3E&topic=%20%20&kind=everything");
    expect(filtersFromParams(params)).toEqual({});
    expect(hasFilters(filtersFromParams(params))).toBe(false);
  });

  it("writes filters back and keeps other parameters", () => {
    const next = paramsFromFilters(
      { following: true, kind: "post", topic: " samarbeid " },
      new URLSearchParams("kind=entry&workspace=old&tab=x"),
    );
    expect(next.toString()).toBe("tab=x&following=1&topic=samarbeid&kind=post");
  });

  it("round-trips", () => {
    const filters = { following: true, workspaceId: "abc-123", topic: "kor", kind: "measure" };
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
  });

  it("turns filters into the API's query parameters", () => {
    expect(feedQueryParams({ following: true, workspaceId: "w", topic: "t", kind: "post" })).toEqual({
      following: true,
      workspace_id: "w",
      topic: "t",
      kind: "post",
    });
    expect(feedQueryParams({})).toEqual({});
  });
});
