import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { useLive } from "./live";
import { unreadCountQuery } from "./notificationsApi";
import "./feed.css";

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * The bell in the header: a link to the notification centre whose accessible name carries
 * the unread count ("Varsler, 3 uleste"). New notifications that arrive while the page is
 * open are announced once in a polite live region.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useQuery(unreadCountQuery());
  const count = unread.data?.unread ?? 0;
  const { notificationTick, notificationTitle, state } = useLive();
  const [announcement, setAnnouncement] = useState("");

  // Say each notification that arrives while the page is open, once.
  useEffect(() => {
    if (notificationTick === 0) return;
    setAnnouncement(
      notificationTitle ? t("feed.bell.arrived", { title: notificationTitle }) : t("feed.bell.arrivedUntitled"),
    );
  }, [notificationTick, notificationTitle, t]);

  const label = count > 0 ? t("feed.bell.labelUnread", { count }) : t("feed.bell.label");
  return (
    <>
      <RouterLink
        to="/notifications"
        className="bell"
        aria-label={label}
        data-testid="notification-bell"
        data-live={state}
      >
        <BellIcon />
        {count > 0 && (
          <span className="bell__count" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        )}
      </RouterLink>
      <div role="status" aria-live="polite" className="visually-hidden" data-testid="bell-announcement">
        {announcement}
      </div>
    </>
  );
}
