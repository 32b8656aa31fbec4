import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../../lib/api-client";
import { call } from "../../lib/problem";
import { completeSignIn } from "../../lib/session";

export const PASSWORD_MIN_LENGTH = 10;

export interface Credentials {
  email: string;
  password: string;
}

/** POST /auth/login (form-urlencoded), then load /me and switch to the user's language. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ email, password }: Credentials) => {
      const token = await call(
        api.POST("/api/v1/auth/login", {
          body: { username: email, password },
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      );
      await completeSignIn(token.access_token, queryClient);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      call(api.POST("/api/v1/auth/password-reset", { body: { email } })),
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      call(api.POST("/api/v1/auth/password-reset/confirm", { body })),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ["invitation-preview", token],
    queryFn: () => call(api.POST("/api/v1/invitations/preview", { body: { token } })),
    enabled: token !== "",
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { token: string; name: string; password: string }) => {
      const token = await call(api.POST("/api/v1/invitations/accept", { body }));
      await completeSignIn(token.access_token, queryClient);
    },
  });
}
