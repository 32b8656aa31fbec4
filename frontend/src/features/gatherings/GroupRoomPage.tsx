import {
  Alert,
  Button,
  Checkbox,
  Details,
  Fieldset,
  Heading,
  Paragraph,
  Tag,
  Textfield,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian, joinNames } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import {
  allWorkspacesQuery,
  groupWorkQuery,
  useAddGroup,
  useAddPrompt,
  type Answer,
  type Gathering,
  type Group,
  type GroupWork,
} from "./api";
import { AnswerBlock } from "./AnswerEditor";
import { BackToCalendar, GatheringError, useGatheringFromRoute } from "./GatheringPage";
import { formatOsloTime } from "./time";
import "./gatherings.css";

export function GroupRoomPage() {
  const { t } = useTranslation();
  const { gathering } = useGatheringFromRoute();
  usePageTitle(gathering.data ? t("gatherings.groups.title", { title: gathering.data.title }) : t("gatherings.page.groups"));
  if (gathering.isPending) return <Loading />;
  if (gathering.isError) return <GatheringError error={gathering.error} onRetry={() => void gathering.refetch()} />;
  return <GroupRoom gathering={gathering.data} />;
}

function GroupRoom({ gathering }: { gathering: Gathering }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const work = useQuery(groupWorkQuery(gathering.id));
  const isAdmin = me?.role === "admin";

  // My own save goes straight into the shared view, without waiting for the next refresh.
  function onSaved(saved: Answer) {
    queryClient.setQueryData(groupWorkQuery(gathering.id).queryKey, (old: GroupWork | undefined) =>
      old
        ? {
            ...old,
            groups: old.groups.map((g) =>
              g.id === saved.group_id
                ? { ...g, answers: g.answers.map((a) => (a.prompt_id === saved.prompt_id ? saved : a)) }
                : g,
            ),
          }
        : old,
    );
  }

  return (
    <>
      <PageHeading>{t("gatherings.groups.title", { title: gathering.title })}</PageHeading>
      <Paragraph>{t("gatherings.groups.intro")}</Paragraph>
      {work.isSuccess && (
        <Paragraph data-size="sm" className="muted">
          {t("gatherings.groups.live")} · {t("gatherings.groups.lastUpdated", { time: formatOsloTime(new Date(work.dataUpdatedAt).toISOString()) })}
        </Paragraph>
      )}
      {isAdmin && <GroupAdmin gathering={gathering} />}
      {work.isPending ? (
        <Loading />
      ) : work.isError ? (
        problemCode(work.error) === "forbidden" ? (
          <Alert data-color="info" className="notice">
            <Paragraph>{t("gatherings.groups.forbidden")}</Paragraph>
          </Alert>
        ) : (
          <QueryError error={work.error} onRetry={() => void work.refetch()} />
        )
      ) : (
        <Rounds work={work.data} onSaved={onSaved} myWorkspaces={new Set(me?.memberships.map((m) => m.workspace_id))} />
      )}
      <BackToCalendar />
    </>
  );
}

function Rounds({
  work,
  onSaved,
  myWorkspaces,
}: {
  work: GroupWork;
  onSaved: (a: Answer) => void;
  myWorkspaces: Set<string>;
}) {
  const { t } = useTranslation();
  if (work.groups.length === 0) return <Paragraph className="empty-state">{t("gatherings.groups.empty")}</Paragraph>;
  const rounds = [...new Set([...work.groups.map((g) => g.round), ...work.prompts.map((p) => p.round)])].sort((a, b) => a - b);
  const several = rounds.length > 1;
  return (
    <>
      {rounds.map((round) => {
        const groups = work.groups.filter((g) => g.round === round);
        const prompts = work.prompts.filter((p) => p.round === round);
        const list = (
          <ul className="group-grid">
            {groups.map((g) => (
              <GroupCard key={g.id} level={several ? 3 : 2} group={g} prompts={prompts} onSaved={onSaved} mine={g.workspaces.some((w) => myWorkspaces.has(w.id ?? ""))} />
            ))}
          </ul>
        );
        return several ? (
          <section key={round} className="section" aria-labelledby={`round-${round}`}>
            <Heading level={2} data-size="sm" id={`round-${round}`}>
              {t("gatherings.groups.round", { number: String(round) })}
            </Heading>
            {list}
          </section>
        ) : (
          <div key={round}>{list}</div>
        );
      })}
    </>
  );
}

function GroupCard({
  group,
  prompts,
  onSaved,
  mine,
  level,
}: {
  level: 2 | 3;
  group: Group;
  prompts: GroupWork["prompts"];
  onSaved: (a: Answer) => void;
  mine: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <li className={`group-card${mine ? " group-card--mine" : ""}`} aria-labelledby={headingId} data-testid="group-card">
      <Heading level={level} data-size="xs" id={headingId}>
        {group.name}
      </Heading>
      {mine && (
        <div>
          <Tag data-size="sm" data-color="accent">
            {t("gatherings.groups.yourGroup")}
          </Tag>
        </div>
      )}
      {group.municipalities.length > 0 && (
        <Paragraph data-size="sm">
          <strong>{t("gatherings.groups.municipalities")}:</strong> {joinNames(group.municipalities, t("common.and"))}
        </Paragraph>
      )}
      {group.workspaces.length > 0 && (
        <Paragraph data-size="sm">
          <strong>{t("gatherings.groups.workspaces")}:</strong>{" "}
          {joinNames(
            group.workspaces.map((w) => w.name ?? ""),
            t("common.and"),
          )}
        </Paragraph>
      )}
      {prompts.length === 0 ? (
        <Paragraph className="muted">{t("gatherings.groups.noPrompts")}</Paragraph>
      ) : (
        prompts.map((p) => {
          const answer = group.answers.find((a) => a.prompt_id === p.id) ?? {
            group_id: group.id,
            prompt_id: p.id,
            body: "",
            body_html: "",
            version: 0,
            updated_at: null,
            updated_by: null,
          };
          return (
            <AnswerBlock key={p.id} groupId={group.id} prompt={p} answer={answer} canEdit={group.can_edit} onSaved={onSaved} />
          );
        })
      )}
      {!group.can_edit && <Paragraph data-size="sm" className="muted">{t("gatherings.groups.readOnly")}</Paragraph>}
    </li>
  );
}

function GroupAdmin({ gathering }: { gathering: Gathering }) {
  const { t } = useTranslation();
  return (
    <Details>
      <Details.Summary>{t("gatherings.groups.admin.title")}</Details.Summary>
      <Details.Content>
        <div className="section">
          <NewGroupForm gatheringId={gathering.id} />
          <NewPromptForm gatheringId={gathering.id} />
        </div>
      </Details.Content>
    </Details>
  );
}

function NewGroupForm({ gatheringId }: { gatheringId: string }) {
  const { t } = useTranslation();
  const add = useAddGroup(gatheringId);
  const workspaces = useQuery(allWorkspacesQuery());
  const [name, setName] = useState("");
  const [round, setRound] = useState("1");
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState("");
  const sorted = [...(workspaces.data ?? [])].sort((a, b) => compareNorwegian(a.name, b.name));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = t("gatherings.edit.requiredField");
    if (chosen.length === 0) next.workspace_ids = t("gatherings.groups.admin.groupWorkspacesRequired");
    const r = Number(round);
    if (!Number.isInteger(r) || r < 1 || r > 20) next.round = t("gatherings.edit.numberInvalid");
    setErrors(next);
    if (Object.keys(next).length) return;
    add.mutate(
      { name: name.trim(), workspace_ids: chosen, municipality_numbers: [], round: r },
      {
        onSuccess: (group) => {
          setDone(t("gatherings.groups.admin.groupAdded", { name: group.name }));
          setName("");
          setChosen([]);
        },
      },
    );
  }
  const server = add.isError ? fieldErrors(add.error) : {};
  const all = { ...server, ...errors };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t("gatherings.groups.admin.newGroup")}>
      <Heading level={2} data-size="xs">
        {t("gatherings.groups.admin.newGroup")}
      </Heading>
      <div className="form__row">
        <Textfield label={t("gatherings.groups.admin.groupName")} description={t("gatherings.groups.admin.groupNameHelp")} value={name} onChange={(e) => setName(e.target.value)} error={all.name} />
        <Textfield label={t("gatherings.groups.admin.groupRound")} inputMode="numeric" value={round} onChange={(e) => setRound(e.target.value)} error={all.round} />
      </div>
      <Fieldset>
        <Fieldset.Legend>{t("gatherings.groups.admin.groupWorkspaces")}</Fieldset.Legend>
        {workspaces.isPending ? (
          <Loading />
        ) : workspaces.isError ? (
          <QueryError error={workspaces.error} onRetry={() => void workspaces.refetch()} />
        ) : (
          <div className="checkbox-grid">
            {sorted.map((w) => (
              <Checkbox
                key={w.id}
                label={w.name}
                value={w.id}
                checked={chosen.includes(w.id)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, w.id] : c.filter((x) => x !== w.id)))}
              />
            ))}
          </div>
        )}
        {all.workspace_ids && <ValidationMessage>{all.workspace_ids}</ValidationMessage>}
      </Fieldset>
      {add.isError && Object.keys(server).length === 0 && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(add.error, t)}</Paragraph>
        </Alert>
      )}
      <p role="status" className="live-region">
        {done}
      </p>
      <div className="form__actions">
        <Button type="submit" loading={add.isPending}>
          {t("gatherings.groups.admin.addGroup")}
        </Button>
      </div>
    </form>
  );
}

function NewPromptForm({ gatheringId }: { gatheringId: string }) {
  const { t } = useTranslation();
  const add = useAddPrompt(gatheringId);
  const [text, setText] = useState("");
  const [round, setRound] = useState("1");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState("");

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    const next: Record<string, string> = {};
    if (!text.trim()) next.text = t("gatherings.groups.admin.promptRequired");
    const r = Number(round);
    if (!Number.isInteger(r) || r < 1 || r > 20) next.round = t("gatherings.edit.numberInvalid");
    setErrors(next);
    if (Object.keys(next).length) return;
    add.mutate(
      { text: text.trim(), round: r },
      {
        onSuccess: () => {
          setDone(t("gatherings.groups.admin.promptAdded"));
          setText("");
        },
      },
    );
  }
  const server = add.isError ? fieldErrors(add.error) : {};
  const all = { ...server, ...errors };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t("gatherings.groups.admin.newPrompt")}>
      <Heading level={2} data-size="xs">
        {t("gatherings.groups.admin.newPrompt")}
      </Heading>
      <Textfield label={t("gatherings.groups.admin.promptText")} multiline rows={2} value={text} onChange={(e) => setText(e.target.value)} error={all.text} />
      <Textfield label={t("gatherings.groups.admin.promptRound")} inputMode="numeric" value={round} onChange={(e) => setRound(e.target.value)} error={all.round} />
      {add.isError && Object.keys(server).length === 0 && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(add.error, t)}</Paragraph>
        </Alert>
      )}
      <p role="status" className="live-region">
        {done}
      </p>
      <div className="form__actions">
        <Button type="submit" loading={add.isPending}>
          {t("gatherings.groups.admin.addPrompt")}
        </Button>
      </div>
    </form>
  );
}
