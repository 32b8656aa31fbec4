import type { RouteObject } from "react-router";

import { NetworkProgressPage } from "./NetworkProgressPage";
import { ProgrammeOverviewPage } from "./OverviewPage";
import { ReportPage } from "./ReportPage";
import { ReportsPage } from "./ReportsPage";
import { WhatItTookPage } from "./WhatItTookPage";
import { WorkspaceProgressPage } from "./WorkspaceProgressPage";

/**
 * This feature's pages: `publicRoutes` need no sign-in (inside PublicLayout), `appRoutes` sit in
 * the signed-in AppShell, `adminRoutes` are for the project team only (inside RequireAdmin).
 */
export const publicRoutes: RouteObject[] = [{ path: "/what-it-took", element: <WhatItTookPage /> }];
export const appRoutes: RouteObject[] = [
  { path: "/progress", element: <NetworkProgressPage /> },
  { path: "/workspaces/:id/progress", element: <WorkspaceProgressPage /> },
  { path: "/workspaces/:id/reports", element: <ReportsPage /> },
  { path: "/reports/:id", element: <ReportPage /> },
];
export const adminRoutes: RouteObject[] = [{ path: "/admin/overview", element: <ProgrammeOverviewPage /> }];
