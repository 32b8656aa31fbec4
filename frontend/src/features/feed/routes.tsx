import type { RouteObject } from "react-router";

import { FeedPage } from "./FeedPage";
import { MentorQueuePage } from "./MentorQueuePage";
import { ModerationPage } from "./ModerationPage";
import { NotificationSettingsPage, NotificationsPage } from "./NotificationsPage";
import { PostPage } from "./PostPage";
import { UnsubscribePage } from "./UnsubscribePage";

/**
 * This feature's pages: `publicRoutes` need no sign-in (inside PublicLayout), `appRoutes` sit in
 * the signed-in AppShell, `adminRoutes` are for the project team only (inside RequireAdmin).
 *
 * A post (`/posts/:postId`, where the feed, notifications and emails link) sits in the signed-in
 * frame like the other detail pages whose API also answers signed-out readers (resources,
 * reports): a signed-out visitor signs in first and comes back to the post.
 */
export const publicRoutes: RouteObject[] = [{ path: "/unsubscribe", element: <UnsubscribePage /> }];
export const appRoutes: RouteObject[] = [
  { path: "/feed", element: <FeedPage /> },
  { path: "/posts/:postId", element: <PostPage /> },
  { path: "/notifications", element: <NotificationsPage /> },
  { path: "/notifications/settings", element: <NotificationSettingsPage /> },
  { path: "/mentor/queue", element: <MentorQueuePage /> },
];
export const adminRoutes: RouteObject[] = [{ path: "/admin/moderation", element: <ModerationPage /> }];
