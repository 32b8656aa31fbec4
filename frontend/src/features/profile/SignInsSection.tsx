import { Alert, Button, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "../../api/schema";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { api } from "../../lib/api-client";
import { formatDateTime } from "../../lib/format";
import { call, problemMessage } from "../../lib/problem";

export type SignIn = components["schemas"]["SignInOut"];

export const signInsQuery = queryOptions({
  queryKey: ["me", "sign-ins"],
  queryFn: ({ signal }) => call(api.GET("/api/v1/me/sign-ins", { signal })),
});

/** "Firefox on Linux" from a user-agent string; the raw string when nothing is recognised. */
export function describeAgent(agent: string | null | undefined, unknown: string): string {
  if (!agent) return unknown;
  const browsers: [string, string][] = [
    ["Edg/", "Edge"],
    ["OPR/", "Opera"],
    ["Firefox/", "Firefox"],
    ["Chrome/", "Chrome"],
    ["Chromium/", "Chromium"],
    ["Safari/", "Safari"],
  ];
  const systems: [string, string][] = [
    ["iPhone", "iPhone"],
    ["iPad", "iPad"],
    ["Android", "Android"],
    ["Windows", "Windows"],
    ["Mac OS X", "macOS"],
    ["Macintosh", "macOS"],
    ["Linux", "Linux"],
  ];
  const browser = browsers.find(([token]) => agent.includes(token))?.[1] ?? null;
  const system = systems.find(([token]) => agent.includes(token))?.[1] ?? null;
  if (browser && system) return `${browser} · ${system}`;
  return browser ?? system ?? agent.slice(0, 80);
}

/** My active sign-ins (browsers and devices), each of which I can sign out. */
export function SignInsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const signIns = useQuery(signInsQuery);
  const [ending, setEnding] = useState<SignIn | null>(null);
  const end = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE("/api/v1/me/sign-ins/{sign_in_id}", { params: { path: { sign_in_id: id } } })),
    onSuccess: async () => {
      setEnding(null);
      await queryClient.invalidateQueries({ queryKey: signInsQuery.queryKey });
    },
  });

  return (
    <section aria-labelledby="sign-ins-heading" className="sign-ins">
      <Heading level={2} data-size="sm" id="sign-ins-heading">
        {t("profile.signIns.title")}
      </Heading>
      <Paragraph>{t("profile.signIns.intro")}</Paragraph>
      {signIns.isPending ? (
        <Loading />
      ) : signIns.isError ? (
        <Alert data-color="danger">
          <Paragraph>{problemMessage(signIns.error, t)}</Paragraph>
        </Alert>
      ) : signIns.data.length === 0 ? (
        <Paragraph>{t("profile.signIns.empty")}</Paragraph>
      ) : (
        <ul className="sign-ins__list">
          {signIns.data.map((item) => {
            const device = describeAgent(item.user_agent, t("profile.signIns.unknownDevice"));
            return (
              <li key={item.id} className="sign-ins__item">
                <div>
                  <Paragraph>
                    <strong>{device}</strong>{" "}
                    {item.current && <Tag data-color="success">{t("profile.signIns.thisDevice")}</Tag>}
                  </Paragraph>
                  <Paragraph data-size="sm">
                    {t("profile.signIns.details", {
                      started: formatDateTime(item.started_at),
                      active: formatDateTime(item.last_active_at),
                      ip: item.ip_address ?? "–",
                    })}
                  </Paragraph>
                </div>
                {!item.current && (
                  <Button
                    variant="secondary"
                    data-size="sm"
                    onClick={() => {
                      end.reset();
                      setEnding(item);
                    }}
                    aria-label={t("profile.signIns.endLabel", { device })}
                  >
                    {t("profile.signIns.end")}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={ending !== null}
        title={t("profile.signIns.confirmTitle")}
        confirmLabel={t("profile.signIns.end")}
        onConfirm={() => ending && end.mutate(ending.id)}
        onClose={() => setEnding(null)}
        pending={end.isPending}
        error={end.isError ? problemMessage(end.error, t) : undefined}
        danger
      >
        <Paragraph>
          {t("profile.signIns.confirmBody", {
            device: describeAgent(ending?.user_agent, t("profile.signIns.unknownDevice")),
          })}
        </Paragraph>
      </ConfirmDialog>
    </section>
  );
}
