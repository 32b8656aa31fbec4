import type { RouteObject } from "react-router";

import { AccountDeletedPage } from "./AccountDeletedPage";

/** `publicRoutes` need no sign-in (inside PublicLayout). */
export const publicRoutes: RouteObject[] = [{ path: "/account-deleted", element: <AccountDeletedPage /> }];
