// What the feed offers the other features and the app shell (eslint.config.js: a feature is
// imported through its index, never file by file).
export { CollapsedComments } from "./CollapsedComments";
export { CommentThread } from "./CommentThread";
export { FollowWorkspaceButton } from "./FollowButtons";
export { NotificationSettingsForm } from "./NotificationsPage";
export { ShareFeedNote } from "./ShareFeedNote";
export { FeedHeaderTools, FeedNavItems } from "./shell";
