/**
 * Assignments between gatherings: the bits worth testing on their own — which day it is in
 * Norway, whether an assignment is overdue, how many workspaces have answered, and how a
 * response editor keeps track of the version it is based on.
 */
import type { Assignment, AssignmentResponse, Visibility } from "./api";
import { OSLO } from "./time";

/** Today's date in Oslo, as YYYY-MM-DD (a due date is a Norwegian calendar day). */
export function osloToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: OSLO,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Past its due date: the due day itself still counts as in time. */
export function isPastDue(dueOn: string, today: string = osloToday()): boolean {
  return dueOn < today;
}

/** "answered x of y" for the project team, from `status`. */
export function answeredCount(assignment: Pick<Assignment, "status">): { answered: number; total: number } {
  const status = assignment.status ?? [];
  return { answered: status.filter((s) => s.answered).length, total: status.length };
}

/** My workspaces' responses (by workspace id) among those I may read. */
export function myResponses(
  assignment: Pick<Assignment, "responses">,
  myWorkspaceIds: string[],
): Map<string, AssignmentResponse> {
  const mine = new Set(myWorkspaceIds);
  return new Map(assignment.responses.filter((r) => mine.has(r.workspace_id)).map((r) => [r.workspace_id, r]));
}

export type MyState = "none" | "answered" | "partly" | "missing";

/** Whether my workspaces have answered: none to answer for, all, some, or none of them. */
export function myState(assignment: Pick<Assignment, "responses">, myWorkspaceIds: string[]): MyState {
  if (myWorkspaceIds.length === 0) return "none";
  const answered = myResponses(assignment, myWorkspaceIds).size;
  if (answered === myWorkspaceIds.length) return "answered";
  return answered === 0 ? "missing" : "partly";
}

/** Overdue is marked only while something is still missing (mine, or for the team anyone's). */
export function isOverdue(
  assignment: Pick<Assignment, "due_on" | "responses" | "status">,
  myWorkspaceIds: string[],
  isAdmin: boolean,
  today: string = osloToday(),
): boolean {
  if (!isPastDue(assignment.due_on, today)) return false;
  if (isAdmin) {
    const { answered, total } = answeredCount(assignment);
    return answered < total;
  }
  const state = myState(assignment, myWorkspaceIds);
  return state === "missing" || state === "partly";
}

// -- the response editor ------------------------------------------------------------------

export interface EditorState {
  body: string;
  visibility: Visibility;
  /** The saved version this text is based on; 0 before the first response. */
  version: number;
  /** Changed since the last save or load. */
  dirty: boolean;
  /** The text I had when a save was refused as stale, kept so nothing is lost. */
  unsaved: string | null;
  conflict: boolean;
}

export function initialEditor(saved: AssignmentResponse | undefined): EditorState {
  return {
    body: saved?.body ?? "",
    visibility: saved?.visibility ?? "workspace",
    version: saved?.version ?? 0,
    dirty: false,
    unsaved: null,
    conflict: false,
  };
}

export type EditorAction =
  | { type: "edit"; body?: string; visibility?: Visibility }
  | { type: "saved"; saved: AssignmentResponse }
  | { type: "conflict" }
  /** The server's copy arrived (refetch or reload after a conflict). */
  | { type: "server"; saved: AssignmentResponse | undefined; reload?: boolean };

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "edit":
      return {
        ...state,
        body: action.body ?? state.body,
        visibility: action.visibility ?? state.visibility,
        dirty: true,
      };
    case "saved":
      return { ...initialEditor(action.saved), unsaved: null };
    case "conflict":
      return { ...state, conflict: true };
    case "server": {
      const version = action.saved?.version ?? 0;
      if (action.reload) {
        // Take what was saved; keep my text beside it so it can be copied in.
        return { ...initialEditor(action.saved), unsaved: state.dirty ? state.body : null };
      }
      // Someone saved meanwhile and I have nothing unsaved: show their text.
      if (version > state.version && !state.dirty && !state.conflict) {
        return { ...initialEditor(action.saved), unsaved: state.unsaved };
      }
      return state;
    }
  }
}
