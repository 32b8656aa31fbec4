import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "../api/schema";
import { currentLocale } from "../i18n";
import { authStore } from "./auth-store";

/** Paths that do their own authentication: never retried after a refresh. */
const SELF_AUTHENTICATING = ["/api/v1/auth/", "/api/v1/invitations/preview", "/api/v1/invitations/accept"];

function isSelfAuthenticating(schemaPath: string): boolean {
  return SELF_AUTHENTICATING.some((prefix) => schemaPath.startsWith(prefix));
}

const baseUrl = typeof window !== "undefined" ? window.location.origin : "";

/** The one typed client for the Samklang API (types generated from openapi.json). */
export const api = createClient<paths>({
  baseUrl,
  credentials: "same-origin",
  // Look fetch up at call time, so tests can replace it at the network boundary.
  fetch: (request: Request) => globalThis.fetch(request),
});

let refreshing: Promise<string | null> | null = null;

async function doRefresh(): Promise<string | null> {
  const { data, response } = await api.POST("/api/v1/auth/refresh");
  if (data) {
    authStore.setToken(data.access_token);
    return data.access_token;
  }
  if (response.status === 401) return null;
  throw new Error(`refresh failed with HTTP ${response.status}`);
}

/**
 * Trade the refresh cookie for a new access token. Only one refresh runs at a time (in this
 * tab, and across tabs where Web Locks exist), because presenting a rotated refresh token
 * revokes the whole family. Resolves to null when the cookie is missing or no longer valid;
 * rejects on network trouble.
 */
export function refreshAccessToken(): Promise<string | null> {
  if (!refreshing) {
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    const run = locks
      ? (async () => await locks.request("samklang-refresh", () => doRefresh()))()
      : doRefresh();
    refreshing = run.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

const pending = new Map<string, Request>();

/**
 * Adds `Authorization: Bearer` and `Accept-Language`; on a 401 from an ordinary call it
 * refreshes once and retries once. Still 401 (or no refresh possible): the tab is signed out.
 */
export const authMiddleware: Middleware = {
  onRequest({ request, schemaPath, id }) {
    request.headers.set("Accept-Language", currentLocale());
    const token = authStore.getToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    if (!isSelfAuthenticating(schemaPath)) {
      pending.set(id, request.clone());
    }
    return request;
  },
  async onResponse({ response, schemaPath, id }) {
    const original = pending.get(id);
    pending.delete(id);
    if (
      response.status !== 401 ||
      !original ||
      isSelfAuthenticating(schemaPath) ||
      !original.headers.has("Authorization") // sent signed out: nothing to renew
    ) {
      return response;
    }
    let token: string | null;
    try {
      token = await refreshAccessToken();
    } catch {
      return response; // network trouble: leave the session alone, report the 401
    }
    if (!token) {
      authStore.signOut("expired");
      return response;
    }
    const retry = new Request(original);
    retry.headers.set("Authorization", `Bearer ${token}`);
    const second = await globalThis.fetch(retry);
    if (second.status === 401) authStore.signOut("expired");
    return second;
  },
  onError({ id }) {
    pending.delete(id);
  },
};

api.use(authMiddleware);
