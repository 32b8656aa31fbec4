import { describe, expect, it } from "vitest";

import type { AssignmentResponse, AssignmentStatus } from "./api";
import {
  answeredCount,
  editorReducer,
  initialEditor,
  isOverdue,
  isPastDue,
  myState,
  osloToday,
  type EditorState,
} from "./assignments";

function response(workspaceId: string, version: number, body = `svar ${version}`): AssignmentResponse {
  return {
    workspace_id: workspaceId,
    workspace_name: workspaceId,
    body,
    body_html: `<p>${body}</p>`,
    visibility: "workspace",
    version,
    updated_at: "2027-03-01T10:00:00Z",
    updated_by: "Per Pilot",
  };
}

function status(workspaceId: string, answered: boolean): AssignmentStatus {
  return { workspace_id: workspaceId, workspace_name: workspaceId, answered, answered_at: answered ? "2027-03-01T10:00:00Z" : null };
}

describe("due dates", () => {
  it("takes today's date in Oslo, not in UTC", () => {
    // 23:30 UTC on 31 March is already 1 April in Oslo (summer time, UTC+2).
    expect(osloToday(new Date("2027-03-31T23:30:00Z"))).toBe("2027-04-01");
    expect(osloToday(new Date("2027-01-15T22:59:00Z"))).toBe("2027-01-15");
  });

  it("counts the due day itself as in time", () => {
    expect(isPastDue("2027-04-01", "2027-04-01")).toBe(false);
    expect(isPastDue("2027-03-31", "2027-04-01")).toBe(true);
  });

  it("marks overdue only while an answer is missing", () => {
    const missing = { due_on: "2027-03-01", responses: [], status: [status("a", true), status("b", false)] };
    const done = { due_on: "2027-03-01", responses: [response("a", 1)], status: [status("a", true)] };
    expect(isOverdue(missing, ["a"], false, "2027-03-02")).toBe(true);
    expect(isOverdue(done, ["a"], false, "2027-03-02")).toBe(false);
    expect(isOverdue(missing, [], true, "2027-03-02")).toBe(true);
    expect(isOverdue(done, [], true, "2027-03-02")).toBe(false);
    expect(isOverdue(missing, ["a"], false, "2027-03-01")).toBe(false);
    // Someone without a workspace has nothing to be late with.
    expect(isOverdue(missing, [], false, "2027-03-02")).toBe(false);
  });
});

describe("who has answered", () => {
  it("counts answered of all workspaces", () => {
    expect(answeredCount({ status: [status("a", true), status("b", false), status("c", true)] })).toEqual({
      answered: 2,
      total: 3,
    });
    expect(answeredCount({ status: [] })).toEqual({ answered: 0, total: 0 });
  });

  it("tells my workspaces' state from the responses I can read", () => {
    const a = { responses: [response("a", 1), response("x", 2)] };
    expect(myState(a, [])).toBe("none");
    expect(myState(a, ["a"])).toBe("answered");
    expect(myState(a, ["a", "b"])).toBe("partly");
    expect(myState(a, ["b"])).toBe("missing");
  });
});

describe("the response editor's version", () => {
  it("starts at version 0 without a response, and at the saved version with one", () => {
    expect(initialEditor(undefined)).toMatchObject({ body: "", version: 0, visibility: "workspace", dirty: false });
    expect(initialEditor(response("a", 3))).toMatchObject({ body: "svar 3", version: 3 });
  });

  it("sends the version it read, and takes the new one after saving", () => {
    let s: EditorState = initialEditor(undefined);
    s = editorReducer(s, { type: "edit", body: "Første utkast" });
    expect(s).toMatchObject({ body: "Første utkast", version: 0, dirty: true });
    s = editorReducer(s, { type: "saved", saved: response("a", 1, "Første utkast") });
    expect(s).toMatchObject({ version: 1, dirty: false, conflict: false });
  });

  it("shows what others saved only when I have changed nothing", () => {
    const clean = initialEditor(response("a", 1));
    expect(editorReducer(clean, { type: "server", saved: response("a", 2, "deres") })).toMatchObject({
      body: "deres",
      version: 2,
    });
    const dirty = editorReducer(clean, { type: "edit", body: "mitt" });
    expect(editorReducer(dirty, { type: "server", saved: response("a", 2, "deres") })).toBe(dirty);
    // An older or equal copy never replaces anything.
    expect(editorReducer(clean, { type: "server", saved: response("a", 1, "gammel") })).toBe(clean);
  });

  it("after a conflict, reloading takes the saved version and keeps my text beside it", () => {
    let s = editorReducer(initialEditor(response("a", 1)), { type: "edit", body: "mitt" });
    s = editorReducer(s, { type: "conflict" });
    expect(s.conflict).toBe(true);
    // A background refetch does not pull the text away while the conflict is shown.
    expect(editorReducer(s, { type: "server", saved: response("a", 2, "deres") })).toBe(s);
    s = editorReducer(s, { type: "server", saved: response("a", 2, "deres"), reload: true });
    expect(s).toMatchObject({ body: "deres", version: 2, conflict: false, dirty: false, unsaved: "mitt" });
    s = editorReducer(s, { type: "edit", body: "deres og mitt" });
    s = editorReducer(s, { type: "saved", saved: response("a", 3, "deres og mitt") });
    expect(s).toMatchObject({ version: 3, unsaved: null });
  });
});
