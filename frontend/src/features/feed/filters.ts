/** The feed's filters and how they live in the address (so a filtered feed can be shared and reloaded). */

export const FEED_KINDS = ["reflection", "entry", "measure", "post", "summary", "resource", "answer", "report"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface FeedFilters {
  following?: boolean;
  workspaceId?: string;
  topic?: string;
  kind?: string;
}

const UUIDISH = /^[0-9A-Za-z-]{1,64}$/;

export function isFeedKind(value: string | null | undefined): value is FeedKind {
  return value != null && (FEED_KINDS as readonly string[]).includes(value);
}

/** URL → filters. Unknown or malformed values are ignored rather than sent to the API. */
export function filtersFromParams(params: URLSearchParams): FeedFilters {
  const filters: FeedFilters = {};
  if (params.get("following") === "1" || params.get("following") === "true") filters.following = true;
  const workspace = params.get("workspace");
  if (workspace && UUIDISH.test(workspace)) filters.workspaceId = workspace;
  const topic = params.get("topic")?.trim();
  if (topic) filters.topic = topic.slice(0, 100);
  const kind = params.get("kind");
  if (isFeedKind(kind)) filters.kind = kind;
  return filters;
}

/** Filters → URL, keeping any other parameters that were there. Empty values are dropped. */
export function paramsFromFilters(filters: FeedFilters, base?: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of ["following", "workspace", "topic", "kind"]) next.delete(key);
  if (filters.following) next.set("following", "1");
  if (filters.workspaceId) next.set("workspace", filters.workspaceId);
  if (filters.topic?.trim()) next.set("topic", filters.topic.trim());
  if (filters.kind) next.set("kind", filters.kind);
  return next;
}

/** Filters → the API's query parameters. */
export function feedQueryParams(filters: FeedFilters): {
  following?: boolean;
  workspace_id?: string;
  topic?: string;
  kind?: string;
} {
  return {
    ...(filters.following ? { following: true } : {}),
    ...(filters.workspaceId ? { workspace_id: filters.workspaceId } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
  };
}

export function hasFilters(filters: FeedFilters): boolean {
  return Boolean(filters.following || filters.workspaceId || filters.topic || filters.kind);
}
