/**
 * The signed-in state of this tab. The access token lives only in this module's memory:
 * never in localStorage or sessionStorage. The refresh token is an HttpOnly cookie that
 * this code never sees.
 */
export type AuthStatus = "unknown" | "authenticated" | "anonymous";
export type SignOutReason = "expired" | "signedOut";

export interface AuthSnapshot {
  status: AuthStatus;
  reason?: SignOutReason;
}

let accessToken: string | null = null;
let snapshot: AuthSnapshot = { status: "unknown" };
const listeners = new Set<() => void>();

function publish(next: AuthSnapshot) {
  snapshot = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot(): AuthSnapshot {
    return snapshot;
  },
  getToken(): string | null {
    return accessToken;
  },
  /** Keep a new access token without announcing a sign-in (used by refresh and before /me). */
  setToken(token: string): void {
    accessToken = token;
  },
  /** Announce that this tab is signed in. */
  markAuthenticated(): void {
    if (snapshot.status !== "authenticated") publish({ status: "authenticated" });
  },
  signOut(reason?: SignOutReason): void {
    accessToken = null;
    if (snapshot.status !== "anonymous" || snapshot.reason !== reason) {
      publish(reason ? { status: "anonymous", reason } : { status: "anonymous" });
    }
  },
  /** For tests only. */
  reset(): void {
    accessToken = null;
    snapshot = { status: "unknown" };
    listeners.clear();
  },
};
