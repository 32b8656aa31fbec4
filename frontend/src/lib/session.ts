import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import type { components } from "../api/schema";
import i18n, { isLocale } from "../i18n";
import { api, refreshAccessToken } from "./api-client";
import { authStore, type AuthSnapshot } from "./auth-store";
import { call } from "./problem";

export type Me = components["schemas"]["MeOut"];
export type MeUpdate = components["schemas"]["MeUpdate"];

export const meQueryKey = ["me"] as const;

export function meQueryOptions() {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => call(api.GET("/api/v1/me", { signal })),
    staleTime: 60_000,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeUpdate) => call(api.PATCH("/api/v1/me", { body })),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}

export function useAuth(): AuthSnapshot {
  return useSyncExternalStore(authStore.subscribe, authStore.getSnapshot, authStore.getSnapshot);
}

export function applyLocale(locale: string | undefined) {
  if (isLocale(locale) && i18n.language !== locale) {
    void i18n.changeLanguage(locale);
  }
}

/**
 * Finish a sign-in with a fresh access token: load /me, switch to the user's language,
 * then announce the signed-in state (which lets the router move on).
 */
export async function completeSignIn(token: string, queryClient: QueryClient): Promise<void> {
  authStore.setToken(token);
  try {
    const me = await queryClient.fetchQuery(meQueryOptions());
    applyLocale(me.locale);
  } catch {
    // The shell loads /me again and shows its own error.
  }
  authStore.markAuthenticated();
}

let started: Promise<void> | null = null;

/** On app start: try the refresh cookie once. Signed in if it works, signed out otherwise. */
export function startSession(queryClient: QueryClient): Promise<void> {
  started ??= (async () => {
    let token: string | null = null;
    try {
      token = await refreshAccessToken();
    } catch {
      token = null;
    }
    if (token) {
      await completeSignIn(token, queryClient);
    } else {
      authStore.signOut();
    }
  })();
  return started;
}

/** For tests only. */
export function resetSessionForTests() {
  started = null;
}

export async function signOut(queryClient: QueryClient): Promise<void> {
  try {
    await api.POST("/api/v1/auth/logout");
  } catch {
    // Signed out locally even if the server could not be reached.
  }
  authStore.signOut("signedOut");
  queryClient.clear();
}
