import { Button, Field, Heading, Label, Link, Paragraph, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { allGatheringsQuery, assignmentsQuery, useCreateAssignment, type Assignment } from "./api";
import { answeredCount, isOverdue, isPastDue, myState, osloToday } from "./assignments";
import { formatOsloRange } from "./time";
import "./gatherings.css";

/** The workspaces I answer for (mentors comment, they do not answer). */
export function useMyWorkspaces() {
  const { data: me } = useMe();
  return (me?.memberships ?? []).filter((m) => m.role !== "mentor");
}

/** Assignments between gatherings: due dates, my workspace's status, and for the team a count. */
export function AssignmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t("gatherings.assignments.title"));
  const { data: me } = useMe();
  const isAdmin = me?.role === "admin";
  const list = useQuery(assignmentsQuery());
  const listId = useId();

  return (
    <>
      <PageHeading>{t("gatherings.assignments.title")}</PageHeading>
      <Paragraph>{t("gatherings.assignments.intro")}</Paragraph>
      <section className="section" aria-labelledby={listId}>
        <Heading level={2} data-size="sm" id={listId}>
          {t("gatherings.assignments.listHeading")}
        </Heading>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <Paragraph className="empty-state">{t("gatherings.assignments.empty")}</Paragraph>
        ) : (
          <ul className="row-list">
            {[...list.data]
              .sort((a, b) => a.due_on.localeCompare(b.due_on))
              .map((a) => (
                <AssignmentRow key={a.id} assignment={a} isAdmin={isAdmin} />
              ))}
          </ul>
        )}
      </section>
      {isAdmin && <NewAssignment />}
      <Paragraph>
        <Link asChild>
          <RouterLink to="/gatherings">{t("gatherings.page.backToCalendar")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}

export function DueDate({ dueOn }: { dueOn: string }) {
  const { t } = useTranslation();
  return (
    <>
      {t("gatherings.assignments.due")} <time dateTime={dueOn}>{formatDate(dueOn)}</time>
    </>
  );
}

function AssignmentRow({ assignment: a, isAdmin }: { assignment: Assignment; isAdmin: boolean }) {
  const { t } = useTranslation();
  const mine = useMyWorkspaces().map((m) => m.workspace_id);
  const today = osloToday();
  const state = myState(a, mine);
  const overdue = isOverdue(a, mine, isAdmin, today);
  const count = answeredCount(a);
  return (
    <li className="row-list__item">
      <div className="row-list__main">
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={`/assignments/${a.id}`}>{a.title}</RouterLink>
          </Link>
        </Heading>
        <Paragraph data-size="sm">
          <DueDate dueOn={a.due_on} />
        </Paragraph>
        {isAdmin && (
          <Paragraph data-size="sm" data-testid="answered-count">
            {t("gatherings.assignments.answeredOf", { answered: String(count.answered), total: String(count.total) })}
          </Paragraph>
        )}
      </div>
      <div className="row-list__tags">
        {overdue && (
          <Tag data-size="sm" data-color="danger">
            {t("gatherings.assignments.overdue")}
          </Tag>
        )}
        {!overdue && isPastDue(a.due_on, today) && (
          <Tag data-size="sm" data-color="neutral">
            {t("gatherings.assignments.closed")}
          </Tag>
        )}
        {state !== "none" && (
          <Tag data-size="sm" data-color={state === "answered" ? "success" : state === "partly" ? "warning" : "neutral"}>
            {t(`gatherings.assignments.mine.${state}`)}
          </Tag>
        )}
      </div>
    </li>
  );
}

function NewAssignment() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const headingId = useId();
  const create = useCreateAssignment();
  const gatherings = useQuery(allGatheringsQuery());
  const [title, setTitle] = useState("");
  const [instructions, setInstructions] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [gatheringId, setGatheringId] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!title.trim()) errors.title = t("gatherings.assignments.form.titleRequired");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) errors.due_on = t("gatherings.assignments.form.dueRequired");
    setLocal(errors);
    setAttempt((n) => n + 1);
    if (Object.keys(errors).length > 0) return;
    create.mutate(
      { title: title.trim(), instructions, due_on: dueOn, gathering_id: gatheringId || null },
      { onSuccess: (created) => void navigate(`/assignments/${created.id}`, { state: { created: true } }) },
    );
  }

  const errors = { ...(create.isError ? fieldErrors(create.error) : {}), ...local };
  const ids: Record<string, string> = {
    title: "assignment-title",
    instructions: "assignment-instructions",
    due_on: "assignment-due",
    gathering_id: "assignment-gathering",
  };
  const summary: SummaryError[] = Object.entries(errors).map(([field, message]) => ({ fieldId: ids[field], message }));
  if (create.isError && summary.length === 0) summary.push({ message: problemMessage(create.error, t) });

  return (
    <section className="section panel" aria-labelledby={headingId}>
      <Heading level={2} data-size="sm" id={headingId}>
        {t("gatherings.assignments.form.heading")}
      </Heading>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormErrorSummary key={attempt} errors={summary} />
        <Textfield
          id="assignment-title"
          label={t("gatherings.assignments.form.title")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title}
          required
        />
        <Textfield
          id="assignment-instructions"
          label={t("gatherings.assignments.form.instructions")}
          description={t("gatherings.assignments.form.instructionsHelp")}
          multiline
          rows={6}
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
          error={errors.instructions}
        />
        <Textfield
          id="assignment-due"
          type="date"
          label={t("gatherings.assignments.form.dueOn")}
          value={dueOn}
          onChange={(e) => setDueOn(e.target.value)}
          error={errors.due_on}
          required
        />
        <Field>
          <Label htmlFor="assignment-gathering">{t("gatherings.assignments.form.gathering")}</Label>
          <Paragraph data-size="sm" className="field-description">
            {gatherings.isError
              ? t("gatherings.assignments.form.gatheringsFailed", { message: problemMessage(gatherings.error, t) })
              : t("gatherings.assignments.form.gatheringHelp")}
          </Paragraph>
          <Select id="assignment-gathering" value={gatheringId} onChange={(e) => setGatheringId(e.target.value)}>
            <Select.Option value="">{t("gatherings.assignments.form.noGathering")}</Select.Option>
            {(gatherings.data ?? []).map((g) => (
              <Select.Option key={g.id} value={g.id}>
                {`${g.title} (${formatOsloRange(g.starts_at, g.ends_at)})`}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <div className="form__actions">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t("common.saving") : t("gatherings.assignments.form.create")}
          </Button>
        </div>
      </form>
    </section>
  );
}
