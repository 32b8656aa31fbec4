import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import type { components, paths } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";

export { uploadFile } from "../../lib/files";
import type { Locale } from "../../i18n";
import type { ResourceFilters } from "./resourceFilters";
import { apiQueryFromFilters } from "./resourceFilters";

type Schemas = components["schemas"];
export type Topic = Schemas["TopicOut"];
export type QuestionSummary = Schemas["QuestionSummary"];
export type Question = Schemas["QuestionOut"];
export type QuestionStatus = Schemas["QuestionStatus"];
// Derived from the question and the endpoint, so a rename of the schema (its name clashes with
// the gatherings' AnswerOut) does not matter here.
export type Answer = NonNullable<Question["answer"]>;
export type AnswerIn = paths["/api/v1/questions/{question_id}/answer"]["put"]["requestBody"]["content"]["application/json"];
export type QuestionCreate = Schemas["QuestionCreate"];
export type SimilarQuestion = Schemas["SimilarQuestion"];
export type FaqTopic = Schemas["FaqTopic"];
/** The whole FAQ, its pages put together (the API pages it by cursor like every list). */
export type Faq = { topics: FaqTopic[] };
export type FaqItem = Schemas["FaqItem"];
export type Resource = Schemas["ResourceOut"];
export type ResourceCreate = Schemas["ResourceCreate"];
export type ResourceUpdate = Schemas["ResourceUpdate"];
export type ResourceKind = Schemas["ResourceKind"];
export type Visibility = Schemas["Visibility"];
export type CollectionSummary = Schemas["CollectionSummary"];
export type Collection = Schemas["CollectionOut"];
export type SearchHit = Schemas["SearchHit"];
export type SearchType = SearchHit["type"];
export type StoredFile = Schemas["FileOut"];
export type Person = Schemas["Person"];

export const VISIBILITIES: Visibility[] = ["workspace", "network", "observers", "public"];
export const SEARCH_TYPES: SearchType[] = ["question", "resource", "cycle", "entry", "gathering", "workspace"];

/** A topic's name in the UI language. */
export function topicName(topic: Topic, locale: Locale): string {
  return locale === "nn" ? topic.name_nn : locale === "en" ? topic.name_en : topic.name_nb;
}

// -- topics and FAQ ------------------------------------------------------------------------

export const topicsQuery = () =>
  queryOptions({
    queryKey: ["knowledge", "topics"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/topics", { signal })),
    staleTime: 5 * 60_000,
  });

/** The FAQ: what the caller sees depends on being signed in, so the key says which. */
export const faqQuery = (signedIn: boolean) =>
  queryOptions({
    queryKey: ["knowledge", "faq", signedIn],
    queryFn: async ({ signal }): Promise<Faq> => {
      const topics: FaqTopic[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(api.GET("/api/v1/faq", { params: { query: { limit: 100, cursor } }, signal }));
        topics.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return { topics };
    },
  });

// -- questions -----------------------------------------------------------------------------

export interface QuestionListFilters {
  mine: boolean;
  status: "open" | "answered" | null;
  topic: string | null;
}

export const questionsQuery = (filters: QuestionListFilters) =>
  infiniteQueryOptions({
    queryKey: ["knowledge", "questions", filters],
    queryFn: ({ signal, pageParam }) =>
      call(
        api.GET("/api/v1/questions", {
          params: {
            query: {
              ...(filters.mine ? { mine: true } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.topic ? { topic: filters.topic } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const questionQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge", "question", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/questions/{question_id}", { params: { path: { question_id: id } }, signal })),
  });

export const queueQuery = () =>
  queryOptions({
    queryKey: ["knowledge", "queue"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/questions/queue", { signal })),
  });

export function fetchSimilar(q: string, signal: AbortSignal): Promise<SimilarQuestion[]> {
  return call(api.GET("/api/v1/questions/similar", { params: { query: { q } }, signal }));
}

/** Questions matching a text (the merge dialog's search). */
export function searchQuestions(q: string, signal?: AbortSignal) {
  return call(api.GET("/api/v1/questions", { params: { query: { q, limit: 10 } }, signal }));
}

export function setVote(id: string, vote: boolean): Promise<Question> {
  const params = { params: { path: { question_id: id } } };
  return call(
    vote
      ? api.POST("/api/v1/questions/{question_id}/votes", params)
      : api.DELETE("/api/v1/questions/{question_id}/votes", params),
  );
}

function storeQuestion(queryClient: QueryClient, question: Question) {
  queryClient.setQueryData(questionQuery(question.id).queryKey, question);
  void queryClient.invalidateQueries({ queryKey: ["knowledge", "questions"] });
  void queryClient.invalidateQueries({ queryKey: ["knowledge", "queue"] });
  void queryClient.invalidateQueries({ queryKey: ["knowledge", "faq"] });
}

export function useVote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, vote }: { id: string; vote: boolean }) => setVote(id, vote),
    onSuccess: (question) => storeQuestion(queryClient, question),
  });
}

export function useAsk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QuestionCreate) => call(api.POST("/api/v1/questions", { body })),
    onSuccess: (question) => storeQuestion(queryClient, question),
  });
}

export function useAssign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string | null) =>
      call(
        api.PUT("/api/v1/questions/{question_id}/assignee", {
          params: { path: { question_id: id } },
          body: { user_id: userId },
        }),
      ),
    onSuccess: (question) => storeQuestion(queryClient, question),
  });
}

export function useAnswer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AnswerIn) =>
      call(api.PUT("/api/v1/questions/{question_id}/answer", { params: { path: { question_id: id } }, body })),
    onSuccess: (question) => storeQuestion(queryClient, question),
  });
}

export function useMerge(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intoId: string) =>
      call(
        api.POST("/api/v1/questions/{question_id}/merge", {
          params: { path: { question_id: id } },
          body: { into_id: intoId },
        }),
      ),
    onSuccess: (survivor) => {
      storeQuestion(queryClient, survivor);
      void queryClient.invalidateQueries({ queryKey: questionQuery(id).queryKey });
    },
  });
}

// -- resources -----------------------------------------------------------------------------

export const resourcesQuery = (filters: ResourceFilters) =>
  infiniteQueryOptions({
    queryKey: ["knowledge", "resources", filters],
    queryFn: ({ signal, pageParam }) =>
      call(
        api.GET("/api/v1/resources", {
          params: { query: { ...apiQueryFromFilters(filters), ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const resourceQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge", "resource", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } }, signal })),
  });

export function useCreateResource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResourceCreate) => call(api.POST("/api/v1/resources", { body })),
    onSuccess: (resource) => {
      queryClient.setQueryData(resourceQuery(resource.id).queryKey, resource);
      void queryClient.invalidateQueries({ queryKey: ["knowledge", "resources"] });
    },
  });
}

export function useUpdateResource(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResourceUpdate) =>
      call(api.PATCH("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } }, body })),
    onSuccess: (resource) => {
      queryClient.setQueryData(resourceQuery(resource.id).queryKey, resource);
      void queryClient.invalidateQueries({ queryKey: ["knowledge", "resources"] });
    },
  });
}

export function useDeleteResource(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: resourceQuery(id).queryKey });
      void queryClient.invalidateQueries({ queryKey: ["knowledge", "resources"] });
      void queryClient.invalidateQueries({ queryKey: ["knowledge", "collections"] });
    },
  });
}

/**
 * Download a file resource (counts one use). The request carries the bearer token, so it goes
 * through the API client, and the file is saved from a blob URL.
 */
export async function downloadResource(resource: Resource): Promise<void> {
  const blob = await call(
    api.GET("/api/v1/resources/{resource_id}/download", {
      params: { path: { resource_id: resource.id } },
      parseAs: "blob",
    }),
  );
  const url = URL.createObjectURL(blob as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = resource.file?.name ?? resource.title;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An address resource opened: count the use (the redirect itself is not followed). */
export function countLinkUse(resource: Resource): void {
  void api
    .GET("/api/v1/resources/{resource_id}/download", {
      params: { path: { resource_id: resource.id } },
      parseAs: "stream",
      redirect: "manual",
    })
    .catch(() => undefined);
}

// -- collections ---------------------------------------------------------------------------

export const collectionsQuery = () =>
  queryOptions({
    queryKey: ["knowledge", "collections"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/collections", { signal })),
  });

export const collectionQuery = (id: string) =>
  queryOptions({
    queryKey: ["knowledge", "collections", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/collections/{collection_id}", { params: { path: { collection_id: id } }, signal })),
  });

// -- search --------------------------------------------------------------------------------

export const searchQuery = (q: string, type: SearchType | null) =>
  infiniteQueryOptions({
    queryKey: ["knowledge", "search", q, type],
    queryFn: ({ signal, pageParam }) =>
      call(
        api.GET("/api/v1/search", {
          params: { query: { q, ...(type ? { type } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

// -- workspaces (for the owner filter and chooser) -------------------------------------------

export const workspacesQuery = () =>
  queryOptions({
    queryKey: ["knowledge", "workspaces"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/workspaces", { params: { query: { limit: 100 } }, signal })),
    staleTime: 5 * 60_000,
  });
