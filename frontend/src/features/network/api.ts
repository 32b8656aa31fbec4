import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";
import { meQueryKey } from "../../lib/session";

type Schemas = components["schemas"];
export type Workspace = Schemas["WorkspaceOut"];
export type WorkspaceUpdate = Schemas["WorkspaceUpdate"];
export type Member = Schemas["MemberOut"];
export type MemberAdd = Schemas["MemberAdd"];
export type MemberUpdate = Schemas["MemberUpdate"];
export type MemberFunction = Schemas["MemberFunction"];
export type WorkspaceRole = Schemas["WorkspaceRole"];
export type Tier = Schemas["Tier"];
export type WorkspaceStatus = Schemas["WorkspaceStatus"];
export type Cohort = Schemas["CohortOut"];
export type CohortIn = Schemas["CohortIn"];
export type Application = Schemas["ApplicationOut"];
export type ApplicationDraft = Schemas["ApplicationDraft"];
export type ApplicationStatus = Schemas["ApplicationStatus"];
export type Outcome = Schemas["Outcome"];
export type TeamMember = Schemas["TeamMember"];
export type ScoreIn = Schemas["ScoreIn"];

export const TIERS: Tier[] = ["pilot", "observer"];
export const WORKSPACE_STATUSES: WorkspaceStatus[] = ["active", "withdrawn", "alumni"];
export const WORKSPACE_ROLES: WorkspaceRole[] = ["coordinator", "member"];
export const FUNCTIONS: MemberFunction[] = [
  "culture_school_leader",
  "teacher",
  "school_owner",
  "other_sector",
  "other",
];
export const OUTCOMES: Outcome[] = ["pilot", "observer", "declined"];

// -- registry and cohorts -----------------------------------------------------------------

export const countiesQuery = () =>
  queryOptions({
    queryKey: ["counties"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/counties", { signal })),
    staleTime: Infinity,
  });

export const cohortsQuery = () =>
  queryOptions({
    queryKey: ["cohorts"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/cohorts", { signal })),
    staleTime: 60_000,
  });

export const cohortQuery = (id: string) =>
  queryOptions({
    queryKey: ["cohorts", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: id } }, signal })),
    staleTime: 60_000,
  });

export function useSaveCohort(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CohortIn) =>
      id
        ? call(api.PUT("/api/v1/cohorts/{cohort_id}", { params: { path: { cohort_id: id } }, body }))
        : call(api.POST("/api/v1/cohorts", { body })),
    onSuccess: (cohort) => {
      queryClient.setQueryData(cohortQuery(cohort.id).queryKey, cohort);
      void queryClient.invalidateQueries({ queryKey: ["cohorts"], exact: true });
    },
  });
}

// -- workspaces ---------------------------------------------------------------------------

export interface DirectoryFilters {
  tier?: Tier;
  county?: string;
}

export const workspacesQuery = (filters: DirectoryFilters) =>
  infiniteQueryOptions({
    queryKey: ["workspaces", "list", filters],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/workspaces", {
          params: {
            query: {
              ...(filters.tier ? { tier: filters.tier } : {}),
              ...(filters.county ? { county: filters.county } : {}),
              limit: 20,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

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

export const membersQuery = (id: string) =>
  queryOptions({
    queryKey: ["workspaces", id, "members"],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/workspaces/{workspace_id}/members", {
          params: { path: { workspace_id: id } },
          signal,
        }),
      ),
  });

export function useUpdateWorkspace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkspaceUpdate) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspace_id}", {
          params: { path: { workspace_id: id } },
          body,
        }),
      ),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceQuery(id).queryKey, workspace);
      void queryClient.invalidateQueries({ queryKey: ["workspaces", "list"] });
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

function useMemberChanged(id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["workspaces", id] });
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
}

export function useAddMember(id: string) {
  const changed = useMemberChanged(id);
  return useMutation({
    mutationFn: (body: MemberAdd) =>
      call(
        api.POST("/api/v1/workspaces/{workspace_id}/members", {
          params: { path: { workspace_id: id } },
          body,
        }),
      ),
    onSuccess: changed,
  });
}

export function useUpdateMember(id: string) {
  const changed = useMemberChanged(id);
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: MemberUpdate }) =>
      call(
        api.PATCH("/api/v1/workspaces/{workspace_id}/members/{user_id}", {
          params: { path: { workspace_id: id, user_id: userId } },
          body,
        }),
      ),
    onSuccess: changed,
  });
}

export function useRemoveMember(id: string) {
  const changed = useMemberChanged(id);
  return useMutation({
    mutationFn: (userId: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspace_id}/members/{user_id}", {
          params: { path: { workspace_id: id, user_id: userId } },
        }),
      ),
    onSuccess: changed,
  });
}

// -- applications -------------------------------------------------------------------------

export interface ApplicationFilters {
  sort?: "newest" | "score";
  status?: ApplicationStatus;
}

export const applicationsQuery = (filters: ApplicationFilters = {}) =>
  infiniteQueryOptions({
    queryKey: ["applications", "list", filters],
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/applications", {
          params: {
            query: {
              sort: filters.sort ?? "newest",
              ...(filters.status ? { status: filters.status } : {}),
              limit: 50,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });

export const applicationQuery = (id: string) =>
  queryOptions({
    queryKey: ["applications", id],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/applications/{application_id}", {
          params: { path: { application_id: id } },
          signal,
        }),
      ),
  });

export function useCreateApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cohortId: string) =>
      call(api.POST("/api/v1/applications", { body: { cohort_id: cohortId } })),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationQuery(application.id).queryKey, application);
      void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
    },
  });
}

/** One autosave: PATCH with the version the draft was based on. */
export function patchApplication(id: string, body: ApplicationDraft) {
  return call(
    api.PATCH("/api/v1/applications/{application_id}", {
      params: { path: { application_id: id } },
      body,
    }),
  );
}

export function useSubmitApplication(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/applications/{application_id}/submit", {
          params: { path: { application_id: id } },
        }),
      ),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationQuery(id).queryKey, application);
      void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
    },
  });
}

export function useSaveScores(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scores: ScoreIn[]) =>
      call(
        api.PUT("/api/v1/applications/{application_id}/scores", {
          params: { path: { application_id: id } },
          body: { scores },
        }),
      ),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationQuery(id).queryKey, application);
      void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
    },
  });
}

export function useDecide(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { outcome: Outcome; message: string }) =>
      call(
        api.POST("/api/v1/applications/{application_id}/decision", {
          params: { path: { application_id: id } },
          body,
        }),
      ),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationQuery(id).queryKey, application);
      void queryClient.invalidateQueries({ queryKey: ["applications", "list"] });
      void queryClient.invalidateQueries({ queryKey: ["workspaces"] });
    },
  });
}
