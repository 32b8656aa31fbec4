import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, Outlet, useLocation } from "react-router";

import { Loading } from "../components/Loading";
import type { LoginLocationState } from "../features/auth/LoginPage";
import { startSession, useAuth, useMe } from "../lib/session";
import { NotFoundPage } from "../components/NotFoundPage";

/** Waits for the start-up refresh, so no page flashes as signed out while it runs. */
export function SessionGate() {
  const auth = useAuth();
  const queryClient = useQueryClient();
  useEffect(() => {
    void startSession(queryClient);
  }, [queryClient]);
  if (auth.status === "unknown") return <Loading fullPage />;
  return <Outlet />;
}

/** Signed-in pages: otherwise to /login, remembering where the person wanted to go. */
export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === "authenticated") return <Outlet />;
  const state: LoginLocationState =
    auth.reason === "signedOut"
      ? { notice: "signedOut" }
      : {
          from: `${location.pathname}${location.search}${location.hash}`,
          ...(auth.reason === "expired" ? { notice: "sessionExpired" as const } : {}),
        };
  return <Navigate to="/login" replace state={state} />;
}

/** Pages for the project team only; anyone else gets "not found" (they need not know it exists). */
export function RequireAdmin() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.data?.role !== "admin") return <NotFoundPage />;
  return <Outlet />;
}
