import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";

type Schemas = components["schemas"];
export type Notification = Schemas["NotificationOut"];
export type EmailFrequency = Schemas["EmailFrequency"];
export type NotificationSettings = Schemas["NotificationSettingsOut"];
export type QueueItem = Schemas["QueueItem"];

export const EMAIL_FREQUENCIES: EmailFrequency[] = ["immediate", "daily", "weekly", "never"];

export const unreadCountKey = ["notifications", "unread-count"] as const;

export const unreadCountQuery = () =>
  queryOptions({
    queryKey: unreadCountKey,
    queryFn: ({ signal }) => call(api.GET("/api/v1/notifications/unread-count", { signal })),
    // The live stream says when it changes; this is only the fallback.
    refetchInterval: 5 * 60_000,
  });

export const notificationsQuery = (unreadOnly: boolean) =>
  infiniteQueryOptions({
    queryKey: ["notifications", "list", { unreadOnly }],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/notifications", {
          params: {
            query: { ...(unreadOnly ? { unread: true } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) =>
      call(
        api.POST("/api/v1/notifications/read", {
          body: "all" in which ? { ids: [], all: true } : { ids: which.ids, all: false },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
}

export const settingsQuery = () =>
  queryOptions({
    queryKey: ["notification-settings"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/me/notification-settings", { signal })),
  });

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: EmailFrequency) => call(api.PUT("/api/v1/me/notification-settings", { body: { email } })),
    onSuccess: (data) => queryClient.setQueryData(settingsQuery().queryKey, data),
  });
}


export function useUnsubscribe(token: string) {
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/unsubscribe", { params: { query: { token } } })),
  });
}

// -- mentor queue -------------------------------------------------------------------------

export const queueQuery = () =>
  infiniteQueryOptions({
    queryKey: ["mentor-queue"],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/mentor/queue", {
          params: { query: { ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

export function useMarkSeen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: { type: QueueItem["type"]; id: string }[]) =>
      call(api.POST("/api/v1/mentor/queue/seen", { body: { items } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["mentor-queue"] }),
  });
}

/** "3 days", "5 hours": the largest whole unit of a wait, for `feed.queue.waited_<unit>`. */
export function waitedUnit(seconds: number): { unit: "minutes" | "hours" | "days" | "weeks"; count: number } {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  if (minutes < 60) return { unit: "minutes", count: Math.max(1, minutes) };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: "hours", count: hours };
  const days = Math.floor(hours / 24);
  if (days < 14) return { unit: "days", count: days };
  return { unit: "weeks", count: Math.floor(days / 7) };
}
