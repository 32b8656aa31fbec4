import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ME, json, mockFetch, problem, requestsTo } from "../test/http";
import { api } from "./api-client";
import { authStore } from "./auth-store";
import { call } from "./problem";

const token = (t: string) => ({ access_token: t, token_type: "bearer", expires_in: 900 });

describe("auth middleware", () => {
  beforeEach(() => {
    authStore.reset();
    authStore.setToken("old");
    authStore.markAuthenticated();
  });
  afterEach(() => authStore.reset());

  it("sends the bearer token and the UI language", async () => {
    const fetch = mockFetch({ "GET /api/v1/me": () => json(ME) });
    await call(api.GET("/api/v1/me"));
    const [request] = requestsTo(fetch, "GET /api/v1/me");
    expect(request?.headers.get("Authorization")).toBe("Bearer old");
    expect(request?.headers.get("Accept-Language")).toMatch(/^(nb|nn|en)$/);
  });

  it("on 401 refreshes once, then retries the call once with the new token", async () => {
    const fetch = mockFetch({
      "GET /api/v1/me": (r) =>
        r.headers.get("Authorization") === "Bearer new" ? json(ME) : problem(401, "not_authenticated"),
      "POST /api/v1/auth/refresh": () => json(token("new")),
    });
    const me = await call(api.GET("/api/v1/me"));
    expect(me.name).toBe(ME.name);
    expect(requestsTo(fetch, "POST /api/v1/auth/refresh")).toHaveLength(1);
    const calls = requestsTo(fetch, "GET /api/v1/me");
    expect(calls.map((r) => r.headers.get("Authorization"))).toEqual(["Bearer old", "Bearer new"]);
    expect(authStore.getToken()).toBe("new");
    expect(authStore.getSnapshot().status).toBe("authenticated");
  });

  it("retries a call with a body with the same body", async () => {
    const bodies: string[] = [];
    mockFetch({
      "PATCH /api/v1/me": async (r) => {
        bodies.push(await r.text());
        return r.headers.get("Authorization") === "Bearer new"
          ? json({ ...ME, name: "Ny" })
          : problem(401, "not_authenticated");
      },
      "POST /api/v1/auth/refresh": () => json(token("new")),
    });
    const me = await call(api.PATCH("/api/v1/me", { body: { name: "Ny" } }));
    expect(me.name).toBe("Ny");
    expect(bodies).toEqual(['{"name":"Ny"}', '{"name":"Ny"}']);
  });

  it("shares one refresh between calls that fail at the same time", async () => {
    const fetch = mockFetch({
      "GET /api/v1/me": (r) =>
        r.headers.get("Authorization") === "Bearer new" ? json(ME) : problem(401, "not_authenticated"),
      "POST /api/v1/auth/refresh": async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json(token("new"));
      },
    });
    await Promise.all([call(api.GET("/api/v1/me")), call(api.GET("/api/v1/me")), call(api.GET("/api/v1/me"))]);
    expect(requestsTo(fetch, "POST /api/v1/auth/refresh")).toHaveLength(1);
  });

  it("signs out when the refresh is refused", async () => {
    mockFetch({
      "GET /api/v1/me": () => problem(401, "not_authenticated"),
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_invalid"),
    });
    await expect(call(api.GET("/api/v1/me"))).rejects.toMatchObject({ status: 401 });
    expect(authStore.getSnapshot()).toEqual({ status: "anonymous", reason: "expired" });
    expect(authStore.getToken()).toBeNull();
  });

  it("signs out when the retried call is still 401", async () => {
    const fetch = mockFetch({
      "GET /api/v1/me": () => problem(401, "not_authenticated"),
      "POST /api/v1/auth/refresh": () => json(token("new")),
    });
    await expect(call(api.GET("/api/v1/me"))).rejects.toMatchObject({ status: 401 });
    expect(requestsTo(fetch, "GET /api/v1/me")).toHaveLength(2);
    expect(requestsTo(fetch, "POST /api/v1/auth/refresh")).toHaveLength(1);
    expect(authStore.getSnapshot()).toEqual({ status: "anonymous", reason: "expired" });
  });

  it("does not refresh after a failed sign-in", async () => {
    authStore.reset();
    const fetch = mockFetch({
      "POST /api/v1/auth/login": () => problem(401, "invalid_credentials"),
    });
    await expect(
      call(
        api.POST("/api/v1/auth/login", {
          body: { username: "a@b.no", password: "x" },
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    ).rejects.toMatchObject({ problem: { code: "invalid_credentials" } });
    expect(requestsTo(fetch, "POST /api/v1/auth/refresh")).toHaveLength(0);
    const [login] = requestsTo(fetch, "POST /api/v1/auth/login");
    expect(login?.headers.get("Content-Type")).toBe("application/x-www-form-urlencoded");
  });

  it("never keeps the token in web storage", async () => {
    mockFetch({
      "GET /api/v1/me": (r) =>
        r.headers.get("Authorization") === "Bearer new" ? json(ME) : problem(401, "not_authenticated"),
      "POST /api/v1/auth/refresh": () => json(token("new")),
    });
    await call(api.GET("/api/v1/me"));
    const stored = [
      ...Object.values({ ...localStorage }),
      ...Object.values({ ...sessionStorage }),
    ].join(" ");
    expect(stored).not.toContain("new");
  });
});
