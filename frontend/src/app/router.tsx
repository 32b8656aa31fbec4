import { createBrowserRouter } from "react-router";

import { AppShell } from "../components/AppShell";
import { NotFoundPage } from "../components/NotFoundPage";
import { PublicLayout } from "../components/PublicLayout";
import { ForgotPasswordPage } from "../features/auth/ForgotPasswordPage";
import { InvitationPage } from "../features/auth/InvitationPage";
import { LoginPage } from "../features/auth/LoginPage";
import { ResetPasswordPage } from "../features/auth/ResetPasswordPage";
import { HomePage } from "../features/home/HomePage";
import { CycleBoardPage } from "../features/learning/CycleBoardPage";
import { CyclePage } from "../features/learning/CyclePage";
import { MeasurePage } from "../features/learning/MeasurePage";
import { MeasuresPage } from "../features/learning/MeasuresPage";
import { DriversPage } from "../features/learning/DriversPage";
import { OverviewPage } from "../features/learning/OverviewPage";
import { ProjectPage } from "../features/learning/ProjectPage";
import { ApplicationPage } from "../features/network/ApplicationPage";
import { ApplyPage } from "../features/network/ApplyPage";
import { CohortEditPage, CohortsPage } from "../features/network/CohortsPage";
import { ComparePage } from "../features/network/ComparePage";
import { MyApplicationsPage } from "../features/network/MyApplicationsPage";
import { ReviewApplicationPage } from "../features/network/ReviewApplicationPage";
import { ReviewBoardPage } from "../features/network/ReviewBoardPage";
import { WorkspaceDirectoryPage } from "../features/network/WorkspaceDirectoryPage";
import { WorkspacePage } from "../features/network/WorkspacePage";
import { AssignmentPage } from "../features/gatherings/AssignmentPage";
import { AssignmentsPage } from "../features/gatherings/AssignmentsPage";
import { GatheringEditPage, GatheringNewPage } from "../features/gatherings/GatheringEditPage";
import { GatheringPage } from "../features/gatherings/GatheringPage";
import { GatheringsPage } from "../features/gatherings/GatheringsPage";
import { GroupRoomPage } from "../features/gatherings/GroupRoomPage";
import { RegistrationsPage } from "../features/gatherings/RegistrationsPage";
import { SummaryPage } from "../features/gatherings/SummaryPage";
import * as feed from "../features/feed/routes";
import * as knowledge from "../features/knowledge/routes";
import * as privacy from "../features/privacy/routes";
import * as progress from "../features/progress/routes";
import { ProfilePage } from "../features/profile/ProfilePage";
import { RequireAdmin, RequireAuth, SessionGate } from "./guards";

export const routes = [
  {
    element: <SessionGate />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: "/login", element: <LoginPage /> },
          { path: "/forgot-password", element: <ForgotPasswordPage /> },
          { path: "/reset-password", element: <ResetPasswordPage /> },
          { path: "/invitation", element: <InvitationPage /> },
          ...feed.publicRoutes,
          ...knowledge.publicRoutes,
          ...progress.publicRoutes,
          ...privacy.publicRoutes,
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            children: [
              { path: "/", element: <HomePage /> },
              { path: "/profile", element: <ProfilePage /> },
              { path: "/workspaces", element: <WorkspaceDirectoryPage /> },
              { path: "/workspaces/:id", element: <WorkspacePage /> },
              { path: "/workspaces/:id/overview", element: <OverviewPage /> },
              { path: "/workspaces/:id/project", element: <ProjectPage /> },
              { path: "/workspaces/:id/cycles", element: <CycleBoardPage /> },
              { path: "/workspaces/:id/measures", element: <MeasuresPage /> },
              { path: "/workspaces/:id/drivers", element: <DriversPage /> },
              { path: "/cycles/:id", element: <CyclePage /> },
              { path: "/measures/:id", element: <MeasurePage /> },
              { path: "/apply", element: <ApplyPage /> },
              { path: "/applications", element: <MyApplicationsPage /> },
              { path: "/applications/:id", element: <ApplicationPage /> },
              { path: "/gatherings", element: <GatheringsPage /> },
              { path: "/gatherings/:id", element: <GatheringPage /> },
              { path: "/gatherings/:id/groups", element: <GroupRoomPage /> },
              { path: "/gatherings/:id/summary", element: <SummaryPage /> },
              { path: "/assignments", element: <AssignmentsPage /> },
              { path: "/assignments/:id", element: <AssignmentPage /> },
              ...feed.appRoutes,
              ...knowledge.appRoutes,
              ...progress.appRoutes,
              {
                element: <RequireAdmin />,
                children: [
                  { path: "/review", element: <ReviewBoardPage /> },
                  { path: "/review/compare", element: <ComparePage /> },
                  { path: "/review/:id", element: <ReviewApplicationPage /> },
                  { path: "/admin/cohorts", element: <CohortsPage /> },
                  { path: "/admin/cohorts/new", element: <CohortEditPage /> },
                  { path: "/admin/cohorts/:id", element: <CohortEditPage /> },
                  { path: "/gatherings/new", element: <GatheringNewPage /> },
                  { path: "/gatherings/:id/edit", element: <GatheringEditPage /> },
                  { path: "/gatherings/:id/registrations", element: <RegistrationsPage /> },
                  ...feed.adminRoutes,
                  ...knowledge.adminRoutes,
                  ...progress.adminRoutes,
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
