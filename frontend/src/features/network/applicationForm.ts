import type { Municipality } from "../../components/MunicipalityCombobox";
import type { Application, ApplicationDraft, MemberFunction } from "./api";

export interface TeamRow {
  key: string;
  name: string;
  email: string;
  function: MemberFunction;
}

export interface FormValues {
  municipalities: Municipality[];
  motivation: string;
  local_challenge: string;
  focus_area: string;
  planned_partners: string;
  anchoring_name: string;
  anchoring_role: string;
  anchoring_date: string;
  hours: string;
  team: TeamRow[];
}

let nextKey = 0;
export function newRowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

export function valuesFrom(application: Application): FormValues {
  return {
    municipalities: application.municipalities,
    motivation: application.motivation,
    local_challenge: application.local_challenge,
    focus_area: application.focus_area,
    planned_partners: application.planned_partners,
    anchoring_name: application.anchoring_name,
    anchoring_role: application.anchoring_role,
    anchoring_date: application.anchoring_date ?? "",
    hours: application.hours_per_semester != null ? String(application.hours_per_semester) : "",
    team: application.team.map((m) => ({ ...m, key: newRowKey() })),
  };
}

export const HOURS_PATTERN = /^\d{1,5}$/;

/** The PATCH body for the values; hours that are not a whole number are left out (not saved). */
export function draftFrom(values: FormValues): ApplicationDraft {
  const hours = values.hours.trim();
  const draft: ApplicationDraft = {
    municipality_numbers: values.municipalities.map((m) => m.number),
    motivation: values.motivation,
    local_challenge: values.local_challenge,
    focus_area: values.focus_area,
    planned_partners: values.planned_partners,
    anchoring_name: values.anchoring_name,
    anchoring_role: values.anchoring_role,
    anchoring_date: /^\d{4}-\d{2}-\d{2}$/.test(values.anchoring_date) ? values.anchoring_date : null,
    team: values.team.map(({ name, email, function: fn }) => ({ name, email, function: fn })),
  };
  if (hours === "") draft.hours_per_semester = null;
  else if (HOURS_PATTERN.test(hours)) draft.hours_per_semester = Number(hours);
  return draft;
}

/** Where the error summary sends the person for each field the API names. */
export const FIELD_IDS: Record<string, string> = {
  municipality_numbers: "app-municipalities",
  motivation: "app-motivation",
  local_challenge: "app-local-challenge",
  focus_area: "app-focus-area",
  planned_partners: "app-planned-partners",
  anchoring_name: "app-anchoring-name",
  anchoring_role: "app-anchoring-role",
  anchoring_date: "app-anchoring-date",
  hours_per_semester: "app-hours",
  team: "app-team-add",
};

export const FIELD_LABELS: Record<string, string> = {
  municipality_numbers: "application.municipalities",
  motivation: "application.motivation",
  local_challenge: "application.localChallenge",
  focus_area: "application.focusArea",
  planned_partners: "application.plannedPartners",
  anchoring_name: "application.anchoringName",
  anchoring_role: "application.anchoringRole",
  anchoring_date: "application.anchoringDate",
  hours_per_semester: "application.hours",
  team: "application.team",
};
