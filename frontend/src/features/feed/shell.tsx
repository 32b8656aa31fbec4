import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

import { useMe } from "../../lib/session";
import { liveStore, startLiveEvents } from "./live";
import { NotificationBell } from "./NotificationBell";

/** What this feature adds to the signed-in frame: main-menu items (each an `<li>`). */
export function FeedNavItems() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <>
      <li>
        <NavLink to="/feed">{t("feed.nav")}</NavLink>
      </li>
      {(me?.role === "mentor" || me?.role === "admin") && (
        <li>
          <NavLink to="/mentor/queue">{t("feed.queue.nav")}</NavLink>
        </li>
      )}
      {me?.role === "admin" && (
        <li>
          <NavLink to="/admin/moderation">{t("feed.moderation.nav")}</NavLink>
        </li>
      )}
    </>
  );
}

/**
 * The stream opens a moment after the signed-in frame appears, so it does not compete with
 * the page's own first requests (and tools that wait for a quiet network get their moment);
 * when it opens, the unread count is read again, so nothing that came before is missed.
 */
const LIVE_DELAY_MS = 2500;

/** One event-stream connection per signed-in tab, for as long as the signed-in frame is shown. */
function LiveEvents() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      stop = startLiveEvents(queryClient);
    }, LIVE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      stop?.();
      liveStore.clearFeedItems();
    };
  }, [queryClient]);
  return null;
}

/** What this feature adds to the header's tools (beside the language switcher). */
export function FeedHeaderTools() {
  return (
    <>
      <LiveEvents />
      <NotificationBell />
    </>
  );
}
