import type { TFunction } from "i18next";

import type { components } from "../api/schema";

export type Problem = components["schemas"]["Problem"];

/** An answer from the API that was not a success, with its problem details when it sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** The API could not be reached at all. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("network_error", { cause });
    this.name = "NetworkError";
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.status === "number";
}

/** The problem code of an error: the API's `code`, `network_error`, or `unknown`. */
export function problemCode(error: unknown): string {
  if (error instanceof NetworkError) return "network_error";
  if (error instanceof ApiError) {
    if (error.problem) return error.problem.code;
    if (error.status >= 500) return "internal_error";
    return "unknown";
  }
  if (isProblem(error)) return error.code;
  return "unknown";
}

function problemOf(error: unknown): Problem | null {
  if (error instanceof ApiError) return error.problem;
  if (isProblem(error)) return error;
  return null;
}

/**
 * A message for the person, in their language: the translation of the problem's `code`
 * when we have one, else the server's `detail`, else a generic message.
 */
export function problemMessage(error: unknown, t: TFunction): string {
  const code = problemCode(error);
  const key = `errors.codes.${code}`;
  if (code !== "unknown" && t(key as never, { defaultValue: "" }) !== "") {
    return t(key as never);
  }
  const problem = problemOf(error);
  if (problem?.detail) return problem.detail;
  return t("errors.codes.unknown");
}

/** Per-field messages from the problem's `errors[]`, keyed by field name (`body.` prefix dropped). */
export function fieldErrors(error: unknown): Record<string, string> {
  const problem = problemOf(error);
  const result: Record<string, string> = {};
  for (const item of problem?.errors ?? []) {
    const field = item.field.replace(/^body\./, "");
    if (!(field in result)) result[field] = item.message;
  }
  return result;
}

type FetchResult<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Await an openapi-fetch call and return its data, or throw ApiError / NetworkError.
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new NetworkError(cause);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, isProblem(result.error) ? result.error : null);
  }
  return result.data as T;
}

/**
 * What a 409 carries in `current` (someone else saved first), if anything. `valid` checks
 * the shape where the caller relies on it.
 */
export function conflictCurrent<T>(error: unknown, valid: (current: object) => boolean = () => true): T | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = (error.problem as { current?: unknown } | null)?.current;
  if (typeof current !== "object" || current === null) return null;
  return valid(current) ? (current as T) : null;
}
