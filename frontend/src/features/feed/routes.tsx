import type { RouteObject } from "react-router";

/**
 * This feature's pages: `publicRoutes` need no sign-in (inside PublicLayout), `appRoutes` sit in
 * the signed-in AppShell, `adminRoutes` are for the project team only (inside RequireAdmin).
 */
export const publicRoutes: RouteObject[] = [];
export const appRoutes: RouteObject[] = [];
export const adminRoutes: RouteObject[] = [];
