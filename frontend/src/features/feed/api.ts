import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";
import { conflictCurrent } from "../../lib/problem";
import { feedQueryParams, type FeedFilters } from "./filters";
import { liveStore } from "./live";

type Schemas = components["schemas"];
export type FeedItem = Schemas["FeedItemOut"];
export type PostCreate = Schemas["PostCreate"];
export type Post = Schemas["PostOut"];
export type PostUpdate = Schemas["PostUpdate"];
export type Follows = Schemas["Follows"];
export type Comment = Schemas["CommentOut"];
export type CommentPage = Schemas["CommentPage"];
export type CommentCreate = Schemas["CommentCreate"];
export type CommentUpdate = Schemas["CommentUpdate"];
export type Person = Schemas["Person"];
export type ReactionKind = Schemas["ReactionKind"];
export type Reactions = Schemas["ReactionsOut"];
export type Report = Schemas["ModerationReportOut"];
export type Visibility = Schemas["Visibility"];

export const REACTION_KINDS: ReactionKind[] = ["useful", "inspiring"];

/** A thing that can carry comments and reactions. */
export interface Target {
  targetType: string;
  targetId: string;
}

// -- feed ---------------------------------------------------------------------------------

export const FEED_PAGE = 20;

export const feedQuery = (filters: FeedFilters) =>
  infiniteQueryOptions({
    queryKey: ["feed", "list", filters],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/feed", {
          params: {
            query: { ...feedQueryParams(filters), limit: FEED_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

export function useCreatePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PostCreate) => call(api.POST("/api/v1/posts", { body })),
    // The writer asked for it: the feed starts over from the top (new items included).
    onSuccess: () => {
      liveStore.clearFeedItems();
      return queryClient.resetQueries({ queryKey: ["feed", "list"] });
    },
  });
}

export const postQuery = (postId: string) =>
  queryOptions({
    queryKey: ["posts", postId],
    queryFn: ({ signal }) => call(api.GET("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } }, signal })),
  });

/** A change to one of my posts, sent with the `version` it is based on (a 409 carries the current post). */
export function useUpdatePost(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PostUpdate) =>
      call(api.PATCH("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } }, body })),
    onSuccess: (post) => {
      queryClient.setQueryData(postQuery(postId).queryKey, post);
      // The card stays where it is; its title and excerpt are reloaded.
      return queryClient.invalidateQueries({ queryKey: ["feed", "list"] });
    },
    onError: (error) => {
      const current = conflictCurrent<Post>(error);
      if (current) queryClient.setQueryData(postQuery(postId).queryKey, current);
    },
  });
}

type FeedPages = { pages: { items: FeedItem[] }[]; pageParams: unknown[] };

/** Delete a post (its author or the project team): it leaves every cached feed list at once. */
export function useDeletePost(postId: string, onDeleted: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } } })),
    onSuccess: () => {
      queryClient.setQueriesData<FeedPages>({ queryKey: ["feed", "list"] }, (old) =>
        old
          ? {
              ...old,
              pages: old.pages.map((page) => ({
                ...page,
                items: page.items.filter((i) => !(i.source_type === "post" && i.source_id === postId)),
              })),
            }
          : old,
      );
      queryClient.removeQueries({ queryKey: postQuery(postId).queryKey });
      onDeleted();
      return queryClient.invalidateQueries({ queryKey: ["feed", "list"], refetchType: "none" });
    },
  });
}

// -- follows ------------------------------------------------------------------------------

export const followsQuery = () =>
  queryOptions({
    queryKey: ["follows"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/follows", { signal })),
    staleTime: 30_000,
  });

export function useFollowWorkspace(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      follow
        ? call(api.PUT("/api/v1/follows/workspaces/{workspace_id}", { params: { path: { workspace_id: workspaceId } } }))
        : call(
            api.DELETE("/api/v1/follows/workspaces/{workspace_id}", { params: { path: { workspace_id: workspaceId } } }),
          ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["follows"] }),
  });
}

export function useFollowTopic(topic: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      follow
        ? call(api.PUT("/api/v1/follows/topics/{topic}", { params: { path: { topic } } }))
        : call(api.DELETE("/api/v1/follows/topics/{topic}", { params: { path: { topic } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["follows"] }),
  });
}

// -- comments -----------------------------------------------------------------------------

export const commentsKey = (target: Target) => ["comments", target.targetType, target.targetId] as const;

export const commentsQuery = (target: Target) =>
  infiniteQueryOptions({
    queryKey: commentsKey(target),
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/comments", {
          params: {
            query: {
              target_type: target.targetType,
              target_id: target.targetId,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

/** People who can read the target (only the team's when the comment is private). */
export const mentionableQuery = (target: Target, q: string, isPrivate = false) =>
  queryOptions({
    queryKey: ["comments", "mentionable", target.targetType, target.targetId, q, isPrivate],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/comments/mentionable", {
          params: {
            query: {
              target_type: target.targetType,
              target_id: target.targetId,
              q,
              ...(isPrivate ? { private: true } : {}),
            },
          },
          signal,
        }),
      ),
    staleTime: 60_000,
  });

function useInvalidateThread(target: Target) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: commentsKey(target) }),
      // Marked stale, not reloaded: a reload could push new items in above the reader.
      queryClient.invalidateQueries({ queryKey: ["feed", "list"], refetchType: "none" }),
    ]);
}

export function useCreateComment(target: Target) {
  const invalidate = useInvalidateThread(target);
  return useMutation({
    mutationFn: (body: Omit<CommentCreate, "target_type" | "target_id">) =>
      call(
        api.POST("/api/v1/comments", {
          body: { ...body, target_type: target.targetType, target_id: target.targetId },
        }),
      ),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateComment(target: Target, commentId: string) {
  const invalidate = useInvalidateThread(target);
  return useMutation({
    mutationFn: (body: CommentUpdate) =>
      call(api.PATCH("/api/v1/comments/{comment_id}", { params: { path: { comment_id: commentId } }, body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteComment(target: Target, commentId: string) {
  const invalidate = useInvalidateThread(target);
  return useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/comments/{comment_id}", { params: { path: { comment_id: commentId } } })),
    onSuccess: () => invalidate(),
  });
}

// -- reactions ----------------------------------------------------------------------------

export const reactionsKey = (target: Target) => ["reactions", target.targetType, target.targetId] as const;

export const reactionsQuery = (target: Target) =>
  queryOptions({
    queryKey: reactionsKey(target),
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/reactions", {
          params: { query: { target_type: target.targetType, target_id: target.targetId } },
          signal,
        }),
      ),
  });

export function useReact(target: Target) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, on }: { kind: ReactionKind; on: boolean }) => {
      const body = { target_type: target.targetType, target_id: target.targetId, kind };
      return on ? call(api.PUT("/api/v1/reactions", { body })) : call(api.DELETE("/api/v1/reactions", { body }));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: reactionsKey(target) }),
        queryClient.invalidateQueries({ queryKey: ["feed", "list"], refetchType: "none" }),
      ]),
  });
}

// -- moderation ---------------------------------------------------------------------------

export function useReport() {
  return useMutation({
    mutationFn: (body: { target_type: "comment" | "post"; target_id: string; reason: string }) =>
      call(api.POST("/api/v1/reports", { body })),
  });
}

export const reportsQuery = () =>
  infiniteQueryOptions({
    queryKey: ["moderation", "reports"],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/moderation/reports", {
          params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

export function useHide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { target_type: "comment" | "post"; target_id: string; reason: string }) =>
      call(api.POST("/api/v1/moderation/hide", { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["moderation"] }),
        queryClient.invalidateQueries({ queryKey: ["comments"] }),
        queryClient.invalidateQueries({ queryKey: ["feed"] }),
      ]),
  });
}
