import type { QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { refreshAccessToken } from "../../lib/api-client";
import { authStore } from "../../lib/auth-store";
import { currentLocale } from "../../i18n";
import { unreadCountKey } from "./notificationsApi";
import { connectEvents, type ConnectionState, type SseMessage } from "./sse";

/** A new feed item announced by the live stream (what the banner needs to filter on). */
export interface LiveFeedItem {
  id: string;
  kind?: string;
  workspaceId?: string | null;
}

interface LiveSnapshot {
  state: ConnectionState;
  /** Feed items announced since the feed was last (re)loaded, newest last, no duplicates. */
  feedItems: LiveFeedItem[];
  /** Bumped on every `notification` event (the bell announces when it changes). */
  notificationTick: number;
  /** The title of the newest notification that arrived live. */
  notificationTitle: string;
}

const initial: LiveSnapshot = { state: "closed", feedItems: [], notificationTick: 0, notificationTitle: "" };
let snapshot: LiveSnapshot = initial;
const listeners = new Set<() => void>();

function set(next: Partial<LiveSnapshot>) {
  snapshot = { ...snapshot, ...next };
  for (const listener of listeners) listener();
}

export const liveStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot(): LiveSnapshot {
    return snapshot;
  },
  addFeedItem(item: LiveFeedItem) {
    if (snapshot.feedItems.some((i) => i.id === item.id)) return;
    set({ feedItems: [...snapshot.feedItems, item] });
  },
  /** The reader loaded the new items (or a fresh feed): the banner starts over. */
  clearFeedItems() {
    if (snapshot.feedItems.length > 0) set({ feedItems: [] });
  },
  setState(state: ConnectionState) {
    if (snapshot.state !== state) set({ state });
  },
  notificationArrived(title: string) {
    set({ notificationTick: snapshot.notificationTick + 1, notificationTitle: title });
  },
  /** For tests only. */
  reset() {
    snapshot = initial;
  },
};

export function useLive(): LiveSnapshot {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getSnapshot, liveStore.getSnapshot);
}

function parse(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** What one message from /api/v1/events does to the app's state. */
export function handleLiveMessage(message: SseMessage, queryClient: QueryClient) {
  if (message.event === "notification") {
    const data = parse(message.data);
    const unread = data.unread_count ?? data.unread;
    if (typeof unread === "number") {
      queryClient.setQueryData(["notifications", "unread-count"], { unread });
    }
    void queryClient.invalidateQueries({ queryKey: ["notifications"] });
    // A "notification" event that only carries the count (read elsewhere) announces nothing.
    if (str(data.id)) liveStore.notificationArrived(str(data.title) ?? "");
  } else if (message.event === "feed_item") {
    const data = parse(message.data);
    const id = str(data.id) ?? str(data.feed_item_id);
    if (!id) return;
    const workspace = (data.workspace ?? null) as Record<string, unknown> | string | null;
    const workspaceId =
      str(data.workspace_id) ??
      (typeof workspace === "string" ? workspace : workspace ? str(workspace.id) : undefined) ??
      null;
    liveStore.addFeedItem({ id, kind: str(data.kind), workspaceId });
  }
}

/** One event-stream connection for this tab while it is signed in. Returns the stop function. */
export function startLiveEvents(queryClient: QueryClient): () => void {
  return connectEvents({
    url: "/api/v1/events",
    getToken: () => authStore.getToken(),
    refresh: () => refreshAccessToken(),
    headers: () => ({ "Accept-Language": currentLocale() }),
    onMessage: (message) => handleLiveMessage(message, queryClient),
    onState: (state) => {
      liveStore.setState(state);
      // Whatever arrived while the stream was closed is in the count, not in the stream.
      if (state === "open") void queryClient.invalidateQueries({ queryKey: unreadCountKey });
    },
    onUnauthorized: () => liveStore.setState("closed"),
  });
}
