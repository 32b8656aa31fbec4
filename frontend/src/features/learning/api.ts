import {
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call, conflictCurrent } from "../../lib/problem";
import type { Visibility } from "../../lib/visibility";
import type { Me } from "../../lib/session";

// Shared with the other features from src/lib; named here too for learning's own files.
export { downloadFile, uploadFile, type StoredFile } from "../../lib/files";
export { conflictCurrent } from "../../lib/problem";
export { VISIBILITIES, visibilityRank, type Visibility } from "../../lib/visibility";

type Schemas = components["schemas"];
export type Project = Schemas["ProjectOut"];
export type ProjectIn = Schemas["ProjectIn"];
export type Partner = Schemas["Partner"];
export type Sector = Schemas["Sector"];
export type Phase = Schemas["Phase"];
export type Cycle = Schemas["CycleOut"];
export type CycleSummary = Schemas["CycleSummary"];
export type CycleUpdate = Schemas["CycleUpdate"];
export type CycleCreate = Schemas["CycleCreate"];
export type Entry = Schemas["EntryOut"];
export type EntryCreate = Schemas["EntryCreate"];
export type Measure = Schemas["MeasureOut"];
export type MeasureSummary = Schemas["MeasureSummary"];
export type MeasureCreate = Schemas["MeasureCreate"];
export type MeasureKind = Schemas["MeasureKind"];
export type Direction = Schemas["Direction"];
export type Point = Schemas["PointOut"];
export type PointIn = Schemas["PointIn"];
export type Shift = Schemas["ShiftOut"];
export type ChartType = Schemas["ChartType"];
export type ChartPhase = Schemas["PhaseOut"];
export type Signal = Schemas["SignalOut"];
export type PointUpdate = Schemas["PointUpdate"];
export type CycleMark = Schemas["CycleMark"];
export type Assessment = Schemas["AssessmentOut"];
export type AssessmentIn = Schemas["AssessmentIn"];
export type Overview = Schemas["Overview"];
export type Workspace = Schemas["WorkspaceOut"];

export const PHASES: Phase[] = ["plan", "act", "observe", "reflect", "done"];
/** The phases that have a text of their own. */
export const TEXT_PHASES = ["plan", "act", "observe", "reflect"] as const;
export type TextPhase = (typeof TEXT_PHASES)[number];
export const SECTORS: Sector[] = [
  "school",
  "kindergarten",
  "health",
  "elderly_care",
  "library",
  "youth",
  "volunteer",
  "business",
  "other",
];
export const KINDS: MeasureKind[] = ["outcome", "process", "balancing"];
export const CHART_TYPES: ChartType[] = ["run", "xmr", "p", "u"];
export const DIRECTIONS: Direction[] = ["up", "down"];
/** The IHI progress scale: 0.5 to 5 in steps of 0.5. */
export const SCORES: number[] = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);

export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function previousPhase(phase: Phase): Phase | null {
  const index = PHASES.indexOf(phase);
  return index > 0 ? (PHASES[index - 1] ?? null) : null;
}

/**
 * Whether the signed-in person may write the workspace's action learning (the API's rule:
 * its members and the project team; a withdrawn workspace is read-only except for the
 * project team). The list endpoints do not send `can_edit`, so the board and lists use this.
 */
export function canWrite(workspace: Workspace | undefined, me: Me | undefined): boolean {
  if (!workspace || !me) return false;
  if (me.role === "admin") return true;
  return workspace.my_role != null && workspace.status !== "withdrawn";
}

// -- workspace (shares the cache entry of the network pages) --------------------------------

export const workspaceQuery = (id: string) =>
  queryOptions({
    queryKey: ["workspaces", id],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}", {
          params: { path: { workspace_id: id } },
          signal,
        }),
      ),
  });

// -- overview and project -----------------------------------------------------------------

export const overviewQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "overview", workspaceId],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}/overview", {
          params: { path: { workspace_id: workspaceId } },
          signal,
        }),
      ),
  });

export const projectQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "project", workspaceId],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}/project", {
          params: { path: { workspace_id: workspaceId } },
          signal,
        }),
      ),
  });

export function useSaveProject(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectIn) =>
      call(
        api.PUT("/api/v1/workspaces/{workspace_id}/project", {
          params: { path: { workspace_id: workspaceId } },
          body,
        }),
      ),
    onSuccess: (project) => {
      queryClient.setQueryData(projectQuery(workspaceId).queryKey, project);
    },
  });
}

// -- cycles -------------------------------------------------------------------------------

/** Every cycle of the workspace the caller may read: all pages of the cursor list. */
export const cyclesQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "cycles", workspaceId],
    queryFn: async ({ signal }) => {
      const items: CycleSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: CycleSummary[]; next_cursor?: string | null } = await call(
          api.GET("/api/v1/workspaces/{workspace_id}/cycles", {
            params: {
              path: { workspace_id: workspaceId },
              query: { limit: 100, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? null;
      } while (cursor);
      return items;
    },
  });

export const cycleQuery = (id: string) =>
  queryOptions({
    queryKey: ["learning", "cycle", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/cycles/{cycle_id}", { params: { path: { cycle_id: id } }, signal })),
  });

export function patchCycle(id: string, body: CycleUpdate) {
  return call(api.PATCH("/api/v1/cycles/{cycle_id}", { params: { path: { cycle_id: id } }, body }));
}

function cycleChanged(queryClient: QueryClient, cycle: Cycle) {
  queryClient.setQueryData(cycleQuery(cycle.id).queryKey, cycle);
  void queryClient.invalidateQueries({ queryKey: ["learning", "cycles", cycle.workspace_id] });
  void queryClient.invalidateQueries({ queryKey: ["learning", "overview", cycle.workspace_id] });
  void queryClient.invalidateQueries({ queryKey: ["learning", "measure"] });
}

export function useCreateCycle(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CycleCreate) =>
      call(
        api.POST("/api/v1/workspaces/{workspace_id}/cycles", {
          params: { path: { workspace_id: workspaceId } },
          body,
        }),
      ),
    onSuccess: (cycle) => cycleChanged(queryClient, cycle),
  });
}

/** A change to a cycle; on success the cache holds the new cycle (and its new version). */
export function useUpdateCycle(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CycleUpdate) => patchCycle(id, body),
    onSuccess: (cycle) => cycleChanged(queryClient, cycle),
    onError: (error) => {
      // Someone else saved first: keep their cycle, so the next save is based on it.
      const current = conflictCurrent<Cycle>(error);
      if (current) queryClient.setQueryData(cycleQuery(id).queryKey, current);
    },
  });
}

/** Moving a card on the board: PATCH the phase with the version the board shows. */
export function useMoveCycle(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ cycle, phase }: { cycle: CycleSummary; phase: Phase }) =>
      patchCycle(cycle.id, { phase, version: cycle.version }),
    onSuccess: (cycle) => {
      queryClient.setQueryData<CycleSummary[]>(cyclesQuery(workspaceId).queryKey, (old) =>
        old?.map((c) => (c.id === cycle.id ? { ...c, ...cycle } : c)),
      );
      cycleChanged(queryClient, cycle);
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: ["learning", "cycles", workspaceId] });
    },
  });
}

// -- entries (the log) --------------------------------------------------------------------

/** The whole log of a cycle, oldest first. */
export const entriesQuery = (cycleId: string) =>
  queryOptions({
    queryKey: ["learning", "entries", cycleId],
    queryFn: async ({ signal }) => {
      const items: Entry[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Entry[]; next_cursor?: string | null } = await call(
          api.GET("/api/v1/cycles/{cycle_id}/entries", {
            params: { path: { cycle_id: cycleId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? null;
      } while (cursor);
      return items;
    },
  });

export function useCreateEntry(cycleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EntryCreate) =>
      call(api.POST("/api/v1/cycles/{cycle_id}/entries", { params: { path: { cycle_id: cycleId } }, body })),
    onSuccess: (entry) => {
      queryClient.setQueryData<Entry[]>(entriesQuery(cycleId).queryKey, (old) => [...(old ?? []), entry]);
      void queryClient.invalidateQueries({ queryKey: ["learning", "cycle", cycleId] });
      void queryClient.invalidateQueries({ queryKey: ["learning", "cycles", entry.workspace_id] });
      void queryClient.invalidateQueries({ queryKey: ["learning", "overview", entry.workspace_id] });
    },
  });
}

// -- measures -----------------------------------------------------------------------------

export const measuresQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "measures", workspaceId],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}/measures", {
          params: { path: { workspace_id: workspaceId } },
          signal,
        }),
      ),
  });

export const measureQuery = (id: string) =>
  queryOptions({
    queryKey: ["learning", "measure", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: id } }, signal })),
  });

function measureChanged(queryClient: QueryClient, measure: Measure) {
  queryClient.setQueryData(measureQuery(measure.id).queryKey, measure);
  void queryClient.invalidateQueries({ queryKey: ["learning", "measures", measure.workspace_id] });
  void queryClient.invalidateQueries({ queryKey: ["learning", "overview", measure.workspace_id] });
}

export function useCreateMeasure(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeasureCreate) =>
      call(
        api.POST("/api/v1/workspaces/{workspace_id}/measures", {
          params: { path: { workspace_id: workspaceId } },
          body,
        }),
      ),
    onSuccess: (measure) => measureChanged(queryClient, measure),
  });
}

export function useUpdateMeasureVisibility(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ visibility, version }: { visibility: Visibility; version: number }) =>
      call(
        api.PATCH("/api/v1/measures/{measure_id}", {
          params: { path: { measure_id: id } },
          body: { visibility, version },
        }),
      ),
    onSuccess: (measure) => measureChanged(queryClient, measure),
  });
}

export function useUpdateMeasureChart(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { chart: ChartType; shift_rule: boolean; version: number }) =>
      call(api.PATCH("/api/v1/measures/{measure_id}", { params: { path: { measure_id: id } }, body })),
    onSuccess: (measure) => measureChanged(queryClient, measure),
    onError: (error) => {
      const current = conflictCurrent<Measure>(error);
      if (current) measureChanged(queryClient, current);
    },
  });
}

/** Annotate a point, set its denominator or start a phase at it (checked against the measure's version). */
export function useUpdatePoint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ pointId, ...body }: PointUpdate & { pointId: string }) =>
      call(
        api.PATCH("/api/v1/measures/{measure_id}/points/{point_id}", {
          params: { path: { measure_id: id, point_id: pointId } },
          body,
        }),
      ),
    onSuccess: (measure) => measureChanged(queryClient, measure),
    onError: (error) => {
      const current = conflictCurrent<Measure>(error);
      if (current) measureChanged(queryClient, current);
    },
  });
}

export function useAddPoint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PointIn) =>
      call(api.POST("/api/v1/measures/{measure_id}/points", { params: { path: { measure_id: id } }, body })),
    onSuccess: (measure) => measureChanged(queryClient, measure),
  });
}

export function useDeletePoint(id: string, workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pointId: string) =>
      call(
        api.DELETE("/api/v1/measures/{measure_id}/points/{point_id}", {
          params: { path: { measure_id: id, point_id: pointId } },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["learning", "measure", id] });
      void queryClient.invalidateQueries({ queryKey: ["learning", "measures", workspaceId] });
      void queryClient.invalidateQueries({ queryKey: ["learning", "overview", workspaceId] });
    },
  });
}

// -- progress self-assessment ---------------------------------------------------------------

export const assessmentsQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "assessments", workspaceId],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}/assessments", {
          params: { path: { workspace_id: workspaceId } },
          signal,
        }),
      ),
  });

export function useSaveAssessment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentIn) =>
      call(
        api.PUT("/api/v1/workspaces/{workspace_id}/assessments", {
          params: { path: { workspace_id: workspaceId } },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["learning", "assessments", workspaceId] });
    },
  });
}

// -- driver diagram -----------------------------------------------------------------------

export type Diagram = Schemas["DiagramOut"];
export type DriverNode = Schemas["NodeOut"];
export type NodeKind = Schemas["NodeKind"];
export type NodeUpdate = Schemas["NodeUpdate"];

export const diagramQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "drivers", workspaceId],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/workspaces/{workspace_id}/drivers", { params: { path: { workspace_id: workspaceId } }, signal })),
  });

/** Every change to the diagram answers the whole diagram; a 409 carries the current one. */
export function useDiagramChange<T>(workspaceId: string, send: (body: T) => Promise<Diagram>) {
  const queryClient = useQueryClient();
  const key = diagramQuery(workspaceId).queryKey;
  return useMutation({
    mutationFn: send,
    onSuccess: (diagram) => queryClient.setQueryData(key, diagram),
    onError: (error) => {
      const current = conflictCurrent<Diagram>(error);
      if (current) queryClient.setQueryData(key, current);
    },
  });
}

export function useAddNode(workspaceId: string) {
  return useDiagramChange(workspaceId, (body: { kind: NodeKind; title: string; parent_id?: string | null }) =>
    call(
      api.POST("/api/v1/workspaces/{workspace_id}/drivers", {
        params: { path: { workspace_id: workspaceId } },
        body: { measure_ids: [], ...body },
      }),
    ),
  );
}

export function useUpdateNode(workspaceId: string) {
  return useDiagramChange(workspaceId, ({ nodeId, ...body }: NodeUpdate & { nodeId: string }) =>
    call(api.PATCH("/api/v1/drivers/{node_id}", { params: { path: { node_id: nodeId } }, body })),
  );
}

export function useSaveAim(workspaceId: string) {
  return useDiagramChange(workspaceId, (body: { how_much: string; measure_ids: string[]; version: number }) =>
    call(api.PUT("/api/v1/workspaces/{workspace_id}/drivers/aim", { params: { path: { workspace_id: workspaceId } }, body })),
  );
}

export function useRemoveNode(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (nodeId: string) => call(api.DELETE("/api/v1/drivers/{node_id}", { params: { path: { node_id: nodeId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: diagramQuery(workspaceId).queryKey }),
  });
}

export function useStartCycleFromIdea(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (nodeId: string) =>
      call(api.POST("/api/v1/drivers/{node_id}/cycles", { params: { path: { node_id: nodeId } }, body: {} })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: diagramQuery(workspaceId).queryKey });
      void queryClient.invalidateQueries({ queryKey: ["learning", "cycles", workspaceId] });
    },
  });
}
