import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import type { components } from "../../api/schema";
import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";

type Schemas = components["schemas"];
export type GatheringSummary = Schemas["GatheringSummary"];
export type Gathering = Schemas["GatheringOut"];
export type GatheringIn = Schemas["GatheringIn"];
export type GatheringUpdate = Schemas["GatheringUpdate"];
export type MyRegistration = Schemas["MyRegistration"];
export type RegistrationIn = Schemas["RegistrationIn"];
export type Registration = Schemas["RegistrationOut"];
export type Mode = Schemas["Mode"];
export type RegistrationStatus = Schemas["RegistrationStatus"];
export type AgendaItem = Schemas["AgendaItemOut"];
export type Material = Schemas["Material"];
export type SeatPool = Schemas["SeatPoolOut"];
export type GroupWork = Schemas["GroupWork"];
export type Group = Schemas["GroupOut"];
export type GroupIn = Schemas["GroupIn"];
export type Prompt = Schemas["PromptOut"];
export type PromptIn = Schemas["PromptIn"];
export type Answer = Schemas["AnswerOut"];
export type Revision = Schemas["RevisionOut"];
export type WorkspaceRef = Schemas["WorkspaceOut"];

export const MODES: Mode[] = ["in_person", "online", "not_attending"];

const byId = (id: string) => ({ params: { path: { gathering_id: id } } });

// -- gatherings ---------------------------------------------------------------------------

export const gatheringsQuery = (when: "upcoming" | "past") =>
  queryOptions({
    queryKey: ["gatherings", "list", when],
    queryFn: ({ signal }) => call(api.GET("/api/v1/gatherings", { params: { query: { when } }, signal })),
  });

export const gatheringQuery = (id: string) =>
  queryOptions({
    queryKey: ["gatherings", id],
    queryFn: ({ signal }) => call(api.GET("/api/v1/gatherings/{gathering_id}", { ...byId(id), signal })),
  });

export function useSaveGathering(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GatheringIn | GatheringUpdate) =>
      id
        ? call(api.PATCH("/api/v1/gatherings/{gathering_id}", { ...byId(id), body: body as GatheringUpdate }))
        : call(api.POST("/api/v1/gatherings", { body: body as GatheringIn })),
    onSuccess: (gathering) => {
      queryClient.setQueryData(gatheringQuery(gathering.id).queryKey, gathering);
      void queryClient.invalidateQueries({ queryKey: ["gatherings", "list"] });
    },
  });
}

export function useRegister(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RegistrationIn) =>
      call(api.PUT("/api/v1/gatherings/{gathering_id}/registration", { ...byId(id), body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["gatherings"] });
    },
  });
}

// -- registrations (project team) ---------------------------------------------------------

export const registrationsQuery = (id: string) =>
  queryOptions({
    queryKey: ["gatherings", id, "registrations"],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/gatherings/{gathering_id}/registrations", { ...byId(id), signal })),
  });

export function useAttendance(id: string) {
  const queryClient = useQueryClient();
  const key = registrationsQuery(id).queryKey;
  return useMutation({
    mutationFn: ({ registrationId, attended }: { registrationId: string; attended: boolean }) =>
      call(
        api.PUT("/api/v1/gatherings/{gathering_id}/registrations/{registration_id}/attendance", {
          params: { path: { gathering_id: id, registration_id: registrationId } },
          body: { attended },
        }),
      ),
    // Ticked at once (the list is used at the door); put back if the server says no.
    onMutate: ({ registrationId, attended }) => {
      const before = queryClient.getQueryData(key)?.find((r) => r.id === registrationId)?.attended ?? null;
      queryClient.setQueryData(key, (rows) =>
        rows?.map((r) => (r.id === registrationId ? { ...r, attended } : r)),
      );
      return { before };
    },
    onError: (_error, { registrationId }, context) => {
      queryClient.setQueryData(key, (rows) =>
        rows?.map((r) => (r.id === registrationId ? { ...r, attended: context?.before ?? null } : r)),
      );
    },
  });
}

// -- files (need the bearer token, so they go through the API client) ----------------------

export function calendarFile(id: string): Promise<Blob> {
  return call(api.GET("/api/v1/gatherings/{gathering_id}/calendar.ics", { ...byId(id), parseAs: "blob" }));
}

export function registrationsCsv(id: string): Promise<Blob> {
  return call(api.GET("/api/v1/gatherings/{gathering_id}/registrations.csv", { ...byId(id), parseAs: "blob" }));
}

export const summaryQuery = (id: string, format: "md" | "html") =>
  queryOptions({
    queryKey: ["gatherings", id, "summary", format],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/gatherings/{gathering_id}/summary", {
          params: { path: { gathering_id: id }, query: { format } },
          parseAs: "text",
          signal,
        }),
      ) as Promise<string>,
  });

// -- personal calendar address ------------------------------------------------------------

export const myCalendarQuery = () =>
  queryOptions({
    queryKey: ["me", "calendar"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/me/calendar", { signal })),
    staleTime: Infinity,
  });

export function useResetCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/me/calendar/reset")),
    onSuccess: (feed) => queryClient.setQueryData(myCalendarQuery().queryKey, feed),
  });
}

// -- workspaces to pick from (project team) -----------------------------------------------

export const allWorkspacesQuery = () =>
  queryOptions({
    queryKey: ["workspaces", "all-for-gatherings"],
    queryFn: async ({ signal }) => {
      const all: WorkspaceRef[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: { items: WorkspaceRef[]; next_cursor?: string | null } = await call(
          api.GET("/api/v1/workspaces", {
            params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        all.push(...page.items);
        cursor = page.next_cursor ?? null;
        if (!cursor) break;
      }
      return all;
    },
    staleTime: 60_000,
  });

// -- group work ---------------------------------------------------------------------------

/** How often the group room asks for what others wrote (ms). */
export const LIVE_INTERVAL = 10_000;

export const groupWorkQuery = (id: string) =>
  queryOptions({
    queryKey: ["gatherings", id, "groups"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/gatherings/{gathering_id}/groups", { ...byId(id), signal })),
    refetchInterval: LIVE_INTERVAL,
    refetchIntervalInBackground: false,
  });

export function useAddGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GroupIn) => call(api.POST("/api/v1/gatherings/{gathering_id}/groups", { ...byId(id), body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: groupWorkQuery(id).queryKey }),
  });
}

export function useAddPrompt(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PromptIn) => call(api.POST("/api/v1/gatherings/{gathering_id}/prompts", { ...byId(id), body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: groupWorkQuery(id).queryKey }),
  });
}

/** One save of a shared answer, with the version it was based on (409 when stale). */
export function saveAnswer(groupId: string, promptId: string, body: string, version: number): Promise<Answer> {
  return call(
    api.PUT("/api/v1/groups/{group_id}/answers/{prompt_id}", {
      params: { path: { group_id: groupId, prompt_id: promptId } },
      body: { body, version },
    }),
  );
}

export const historyQuery = (groupId: string, promptId: string) =>
  queryOptions({
    queryKey: ["groups", groupId, "answers", promptId, "history"],
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/groups/{group_id}/answers/{prompt_id}/history", {
          params: { path: { group_id: groupId, prompt_id: promptId } },
          signal,
        }),
      ),
  });

// -- assignments (work between gatherings) ------------------------------------------------

export type Assignment = Schemas["AssignmentOut"];
export type AssignmentIn = Schemas["AssignmentIn"];
export type AssignmentResponse = Schemas["AssignmentResponseOut"];
export type AssignmentStatus = Schemas["AssignmentStatus"];
export type Visibility = Schemas["Visibility"];

export const VISIBILITIES: Visibility[] = ["workspace", "network", "observers", "public"];

export const allGatheringsQuery = () =>
  queryOptions({
    queryKey: ["gatherings", "list", "all"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/gatherings", { params: { query: { when: "all" } }, signal })),
  });

export const assignmentsQuery = () =>
  queryOptions({
    queryKey: ["assignments", "list"],
    queryFn: ({ signal }) => call(api.GET("/api/v1/assignments", { signal })),
  });

export const assignmentQuery = (id: string) =>
  queryOptions({
    queryKey: ["assignments", id],
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/assignments/{assignment_id}", { params: { path: { assignment_id: id } }, signal })),
  });

export function useCreateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignmentIn) => call(api.POST("/api/v1/assignments", { body })),
    onSuccess: (assignment) => {
      queryClient.setQueryData(assignmentQuery(assignment.id).queryKey, assignment);
      void queryClient.invalidateQueries({ queryKey: assignmentsQuery().queryKey });
    },
  });
}

/** One workspace's response, sent with the version it was based on (409 `conflict` when stale). */
export function useSaveResponse(assignmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      workspaceId,
      body,
      visibility,
      version,
    }: {
      workspaceId: string;
      body: string;
      visibility: Visibility;
      version: number;
    }) =>
      call(
        api.PUT("/api/v1/assignments/{assignment_id}/responses/{workspace_id}", {
          params: { path: { assignment_id: assignmentId, workspace_id: workspaceId } },
          body: { body, visibility, version },
        }),
      ),
    onSuccess: (assignment) => {
      queryClient.setQueryData(assignmentQuery(assignment.id).queryKey, assignment);
      void queryClient.invalidateQueries({ queryKey: assignmentsQuery().queryKey });
    },
  });
}
