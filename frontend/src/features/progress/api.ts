import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";

type Schemas = components["schemas"];
export type OverviewRow = Schemas["OverviewRow"];
export type ProgrammeOverview = Schemas["ProgrammeOverview"];
export type OverviewSort = Schemas["OverviewSort"];
export type Trend = Schemas["Trend"];
export type WorkspaceProgress = Schemas["WorkspaceProgress"];
export type ScorePoint = Schemas["ScorePoint"];
export type MeasureProgress = Schemas["MeasureProgress"];
export type NetworkProgress = Schemas["NetworkProgress"];
export type NetworkWorkspace = Schemas["NetworkWorkspace"];
export type Report = Schemas["ReportOut"];
export type ReportCreate = Schemas["ReportCreate"];
export type ReportUpdate = Schemas["ReportUpdate"];
export type ReportKind = Schemas["ReportKind"];
export type ReportPreview = Schemas["ReportPreview"];
export type ReportCycle = Schemas["ReportCycle"];
export type WhatItTook = Schemas["WhatItTook"];
export type SemesterFigures = Schemas["SemesterFigures"];
export type Summary = Schemas["Summary"];
export type Visibility = Schemas["Visibility"];
export type Phase = Schemas["Phase"];
export type CycleSummary = Schemas["CycleSummary"];
export type Workspace = Schemas["WorkspaceOut"];

export const VISIBILITIES: Visibility[] = ["workspace", "network", "observers", "public"];
export const PHASES: Phase[] = ["plan", "act", "observe", "reflect", "done"];
export const REPORT_KINDS: ReportKind[] = ["interim", "final"];

/** The overview's filters and order, as they stand in the page's address. */
export interface OverviewParams {
  tier: "pilot" | "observer" | null;
  county: string | null;
  mentor: string | null;
  inactive: boolean;
  sort: OverviewSort;
  order: "asc" | "desc";
}

/** The query string the API takes for these filters (the page and the CSV export use it). */
export function overviewApiQuery(p: OverviewParams) {
  return {
    ...(p.tier ? { tier: p.tier } : {}),
    ...(p.county ? { county: p.county } : {}),
    ...(p.mentor ? { mentor_id: p.mentor } : {}),
    ...(p.inactive ? { inactive: true } : {}),
    sort: p.sort,
    order: p.order,
  };
}

export const programmeOverviewQuery = (p: OverviewParams) =>
  queryOptions({
    queryKey: ["progress", "overview", overviewApiQuery(p)],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/progress/overview", { params: { query: overviewApiQuery(p) }, signal })),
    placeholderData: keepPreviousData,
  });

export function overviewCsv(p: OverviewParams): Promise<Blob> {
  return call(
    api.GET("/api/v1/progress/overview.csv", { params: { query: overviewApiQuery(p) }, parseAs: "blob" }),
  ) as Promise<Blob>;
}

export const countiesQuery = () =>
  queryOptions({
    queryKey: ["counties"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/counties", { signal })),
    staleTime: Infinity,
  });

export const workspaceQuery = (id: string) =>
  queryOptions({
    queryKey: ["workspaces", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/workspaces/{workspace_id}", { params: { path: { workspace_id: id } }, signal })),
  });

export const workspaceProgressQuery = (id: string) =>
  queryOptions({
    queryKey: ["progress", "workspace", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/workspaces/{workspace_id}/progress", { params: { path: { workspace_id: id } }, signal })),
  });

export const networkProgressQuery = () =>
  queryOptions({
    queryKey: ["progress", "network"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/progress/network", { signal })),
  });

export const whatItTookQuery = () =>
  queryOptions({
    queryKey: ["progress", "what-it-took"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/progress/what-it-took", { signal })),
  });

// -- reports ---------------------------------------------------------------------------------

/** The workspace's reports the caller may read, newest first. */
export const reportsQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["progress", "reports", workspaceId],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/workspaces/{workspace_id}/reports", { params: { path: { workspace_id: workspaceId } }, signal })),
  });

export const reportQuery = (id: string) =>
  queryOptions({
    queryKey: ["progress", "report", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/reports/{report_id}", { params: { path: { report_id: id } }, signal })),
  });

export const reportPreviewQuery = (id: string) =>
  queryOptions({
    queryKey: ["progress", "report", id, "preview"],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/reports/{report_id}/preview", { params: { path: { report_id: id } }, signal })),
    placeholderData: keepPreviousData,
  });

/** Every cycle of the workspace the caller may read (for the report's cycle picker). */
export const cyclesQuery = (workspaceId: string) =>
  queryOptions({
    queryKey: ["learning", "cycles", workspaceId],
    queryFn: async ({ signal }) => {
      const items: CycleSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: CycleSummary[]; next_cursor?: string | null } = await call(
          api.GET("/api/v1/workspaces/{workspace_id}/cycles", {
            params: { path: { workspace_id: workspaceId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? null;
      } while (cursor);
      return items;
    },
  });

export function useCreateReport(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportCreate) =>
      call(
        api.POST("/api/v1/workspaces/{workspace_id}/reports", { params: { path: { workspace_id: workspaceId } }, body }),
      ),
    onSuccess: (report) => {
      queryClient.setQueryData(reportQuery(report.id).queryKey, report);
      void queryClient.invalidateQueries({ queryKey: ["progress", "reports", workspaceId] });
    },
  });
}

export function patchReport(id: string, body: ReportUpdate) {
  return call(api.PATCH("/api/v1/reports/{report_id}", { params: { path: { report_id: id } }, body }));
}

export function useDeleteReport(report: Report) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/reports/{report_id}", { params: { path: { report_id: report.id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ["progress", "report", report.id] });
      void queryClient.invalidateQueries({ queryKey: ["progress", "reports", report.workspace_id] });
    },
  });
}

export function useShareReport(report: Report) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (visibility: Visibility) =>
      call(
        api.POST("/api/v1/reports/{report_id}/share", {
          params: { path: { report_id: report.id } },
          body: { visibility },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["progress", "report", report.id] });
      void queryClient.invalidateQueries({ queryKey: ["progress", "reports", report.workspace_id] });
    },
  });
}

export function reportPdf(id: string): Promise<Blob> {
  return call(
    api.GET("/api/v1/reports/{report_id}.pdf", { params: { path: { report_id: id } }, parseAs: "blob" }),
  ) as Promise<Blob>;
}

export function reportMarkdown(id: string): Promise<Blob> {
  return call(
    api.GET("/api/v1/reports/{report_id}.md", { params: { path: { report_id: id } }, parseAs: "blob" }),
  ) as Promise<Blob>;
}
