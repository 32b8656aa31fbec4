/** The resource bank's filters and sort, kept in the address so a view can be shared and reloaded. */

export const RESOURCE_KINDS = ["tool", "method", "template", "report", "film", "presentation", "link"] as const;
export type ResourceKindName = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_LANGUAGES = ["nb", "nn", "en"] as const;
export type ResourceLanguage = (typeof RESOURCE_LANGUAGES)[number];
export const RESOURCE_SORTS = ["newest", "most_used"] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

export interface ResourceFilters {
  kind: ResourceKindName | null;
  tag: string | null;
  language: ResourceLanguage | null;
  /** `project` (the project team's) or a workspace id. */
  owner: string | null;
  sort: ResourceSort;
}

export const EMPTY_FILTERS: ResourceFilters = { kind: null, tag: null, language: null, owner: null, sort: "newest" };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed ? trimmed : null;
}

/** Read the filters from `?kind=&tag=&language=&owner=&sort=`; unknown values are ignored. */
export function filtersFromSearch(params: URLSearchParams): ResourceFilters {
  return {
    kind: oneOf(RESOURCE_KINDS, params.get("kind")),
    tag: text(params.get("tag")),
    language: oneOf(RESOURCE_LANGUAGES, params.get("language")),
    owner: text(params.get("owner")),
    sort: oneOf(RESOURCE_SORTS, params.get("sort")) ?? "newest",
  };
}

/** The address parameters for the filters; defaults are left out so the address stays short. */
export function searchFromFilters(filters: ResourceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.tag?.trim()) params.set("tag", filters.tag.trim());
  if (filters.language) params.set("language", filters.language);
  if (filters.owner?.trim()) params.set("owner", filters.owner.trim());
  if (filters.sort !== "newest") params.set("sort", filters.sort);
  return params;
}

/** The query parameters for GET /api/v1/resources (only those that are set). */
export function apiQueryFromFilters(filters: ResourceFilters): {
  kind?: ResourceKindName;
  tag?: string;
  language?: ResourceLanguage;
  owner?: string;
  sort: ResourceSort;
} {
  return {
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.owner ? { owner: filters.owner } : {}),
    sort: filters.sort,
  };
}

export function hasFilters(filters: ResourceFilters): boolean {
  return Boolean(filters.kind || filters.tag || filters.language || filters.owner);
}
