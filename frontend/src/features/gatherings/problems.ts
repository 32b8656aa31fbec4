import type { TFunction } from "i18next";

import { ApiError, fieldErrors, problemCode, problemMessage } from "../../lib/problem";

/**
 * Why a registration was refused, in the person's language: the deadline (409), not for you
 * (403), or a field the server would not take (422: observers only online, a workspace that
 * is not yours).
 */
export function registrationProblem(error: unknown, t: TFunction): string {
  const code = problemCode(error);
  if (code === "registration_closed") return t("gatherings.registration.errors.registration_closed");
  if (code === "forbidden") return t("gatherings.registration.errors.forbidden");
  if (error instanceof ApiError && error.status === 422) {
    const fields = fieldErrors(error);
    if (fields.mode) return t("gatherings.registration.errors.mode");
    if (fields.workspace_id) return t("gatherings.registration.errors.workspace_id");
  }
  return problemMessage(error, t);
}

/** A gathering that could not be loaded: "not found" said about gatherings. */
export function gatheringProblem(error: unknown, t: TFunction): string {
  if (problemCode(error) === "not_found") return t("gatherings.errors.notFound");
  return problemMessage(error, t);
}
