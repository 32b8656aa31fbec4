import type { RouteObject } from "react-router";

import { FeedPage } from "./FeedPage";
import { MentorQueuePage } from "./MentorQueuePage";
import { ModerationPage } from "./ModerationPage";
import { NotificationSettingsPage, NotificationsPage } from "./NotificationsPage";
import { UnsubscribePage } from "./UnsubscribePage";

/**
 * This feature's pages: `publicRoutes` need no sign-in (inside PublicLayout), `appRoutes` sit in
 * the signed-in AppShell, `adminRoutes` are for the project team only (inside RequireAdmin).
 */
export const publicRoutes: RouteObject[] = [{ path: "/unsubscribe", element: <UnsubscribePage /> }];
export const appRoutes: RouteObject[] = [
  { path: "/feed", element: <FeedPage /> },
  { path: "/notifications", element: <NotificationsPage /> },
  { path: "/notifications/settings", element: <NotificationSettingsPage /> },
  { path: "/mentor/queue", element: <MentorQueuePage /> },
];
export const adminRoutes: RouteObject[] = [{ path: "/admin/moderation", element: <ModerationPage /> }];
