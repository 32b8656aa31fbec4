import { vi } from "vitest";

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function problem(status: number, code: string, detail?: string, errors?: { field: string; message: string }[]) {
  return new Response(
    JSON.stringify({ type: "about:blank", title: code, status, code, detail, ...(errors ? { errors } : {}) }),
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

export const ME = {
  id: "u1",
  email: "admin@demo.samklang.no",
  name: "Prosjektteamet Demo",
  role: "admin" as const,
  locale: "nb" as const,
  memberships: [],
};

/**
 * Replace fetch at the network boundary: routes are "METHOD /path" → handler.
 * Returns the mock, whose calls hold the Request objects.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const mock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(input);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = routes[key];
    if (!handler) throw new Error(`unexpected request ${key}`);
    return handler(request);
  });
  vi.stubGlobal("fetch", mock);
  return mock;
}

export function requestsTo(mock: ReturnType<typeof mockFetch>, key: string): Request[] {
  // Like the mock itself, take a string or URL too (the live events' loop fetches one).
  return mock.mock.calls
    .map(([input]) => (input instanceof Request ? input : new Request(input)))
    .filter((r) => `${r.method} ${new URL(r.url).pathname}` === key);
}
