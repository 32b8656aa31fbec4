import { Button, Fieldset, Heading, Link, Paragraph, Radio, Tag, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { WorkspaceLearningNav } from "../../components/WorkspaceLearningNav";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import {
  REPORT_KINDS,
  reportsQuery,
  useCreateReport,
  workspaceQuery,
  type ReportKind,
  type Workspace,
} from "./api";
import { isoToday } from "./download";
import "./progress.css";

export function canWriteReports(workspace: Workspace | undefined, role: string | undefined): boolean {
  if (!workspace || !role) return false;
  if (role === "admin") return true;
  return workspace.my_role != null && workspace.status !== "withdrawn";
}

/** Half a year back from `end` (YYYY-MM-DD): a sensible first period for an interim report. */
export function defaultPeriodStart(end: string): string {
  const [y, m, d] = end.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 - 6, Math.min(d, 28)));
  return date.toISOString().slice(0, 10);
}

/** The workspace's reports and a form for a new one. */
export function ReportsPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const workspace = useQuery(workspaceQuery(id));
  const reports = useQuery(reportsQuery(id));
  const { data: me } = useMe();
  const heading = workspace.data
    ? t("progress.reports.titleOf", { name: workspace.data.name })
    : t("progress.reports.title");
  usePageTitle(heading);
  const canEdit = canWriteReports(workspace.data, me?.role);

  return (
    <>
      <PageHeading>{heading}</PageHeading>
      <WorkspaceLearningNav workspaceId={id} />
      <Paragraph>{t("progress.reports.intro")}</Paragraph>
      {reports.isPending || workspace.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <QueryError error={reports.error} onRetry={() => void reports.refetch()} />
      ) : workspace.isError ? (
        <QueryError error={workspace.error} onRetry={() => void workspace.refetch()} />
      ) : (
        <>
          <section className="section" aria-labelledby="reports-list">
            <Heading level={2} data-size="sm" id="reports-list">
              {t("progress.reports.listHeading")}
            </Heading>
            {reports.data.length === 0 ? (
              <Paragraph className="empty-state">{t("progress.reports.empty")}</Paragraph>
            ) : (
              <ul className="row-list" data-testid="report-list">
                {reports.data.map((r) => (
                  <li key={r.id} className="row-list__item">
                    <div className="row-list__main">
                      <Link asChild>
                        <RouterLink to={`/reports/${r.id}`}>{r.title}</RouterLink>
                      </Link>
                      <Paragraph data-size="sm" className="muted">
                        {t("progress.reports.period", {
                          start: formatDate(r.period_start),
                          end: formatDate(r.period_end),
                        })}{" "}
                        · {t("progress.reports.updated", { time: formatDateTime(r.updated_at) })}
                      </Paragraph>
                    </div>
                    <div className="row-list__tags">
                      <Tag data-size="sm" data-color="info">
                        {t(`progress.kind.${r.kind}`)}
                      </Tag>{" "}
                      <Tag data-size="sm" data-color="neutral">
                        {t(`learning.visibility.${r.visibility}`)}
                      </Tag>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canEdit && <NewReportForm workspace={workspace.data} />}
        </>
      )}
    </>
  );
}

function NewReportForm({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateReport(workspace.id);
  const today = isoToday();
  const [kind, setKind] = useState<ReportKind>("interim");
  const [title, setTitle] = useState("");
  const [start, setStart] = useState(defaultPeriodStart(today));
  const [end, setEnd] = useState(today);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const errors: Record<string, string> = {};
    if (!title.trim()) errors.title = t("progress.report.titleRequired");
    if (!start) errors.period_start = t("progress.report.dateRequired");
    if (!end) errors.period_end = t("progress.report.dateRequired");
    if (start && end && end < start) errors.period_end = t("progress.report.endBeforeStart");
    setLocal(errors);
    if (Object.keys(errors).length) return;
    create.mutate(
      { kind, title: title.trim(), period_start: start, period_end: end, foreword: "", cycle_ids: [], visibility: "workspace" },
      { onSuccess: (report) => void navigate(`/reports/${report.id}`) },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  const error = (f: string) => local[f] ?? server[f];
  const summary: SummaryError[] = (
    [
      ["title", "new-report-title"],
      ["period_start", "new-report-start"],
      ["period_end", "new-report-end"],
    ] as const
  ).flatMap(([f, id]) => (error(f) ? [{ fieldId: id, message: error(f) ?? "" }] : []));
  if (create.isError && summary.length === 0) summary.push({ message: problemMessage(create.error, t) });

  return (
    <section className="section" aria-labelledby="new-report">
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="new-report">
        <Heading level={2} data-size="sm" id="new-report">
          {t("progress.reports.newHeading")}
        </Heading>
        <FormErrorSummary key={attempt} errors={summary} />
        <Fieldset>
          <Fieldset.Legend>{t("progress.report.kind")}</Fieldset.Legend>
          {REPORT_KINDS.map((k) => (
            <Radio
              key={k}
              name="new-report-kind"
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
              label={t(`progress.kind.${k}`)}
              description={t(`progress.kindHint.${k}`)}
            />
          ))}
        </Fieldset>
        <Textfield
          id="new-report-title"
          label={t("progress.report.title")}
          description={t("progress.report.titleHint", { example: t(`progress.kind.${kind}`) + " – " + workspace.name })}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={error("title")}
          required
        />
        <div className="form__row">
          <Textfield
            id="new-report-start"
            type="date"
            label={t("progress.report.periodStart")}
            value={start}
            onChange={(e) => setStart(e.target.value)}
            error={error("period_start")}
            required
          />
          <Textfield
            id="new-report-end"
            type="date"
            label={t("progress.report.periodEnd")}
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            error={error("period_end")}
            required
          />
        </div>
        <div className="form__actions">
          <Button type="submit" loading={create.isPending}>
            {t("progress.reports.create")}
          </Button>
        </div>
      </form>
    </section>
  );
}
