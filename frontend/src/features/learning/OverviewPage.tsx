import {
  Button,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { Verdict } from "../../components/Verdict";
import { formatDateTime } from "../../lib/format";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  PHASES,
  SCORES,
  assessmentsQuery,
  overviewQuery,
  useSaveAssessment,
  type Assessment,
  type Visibility,
} from "./api";
import { formatValue } from "./RunChart";
import { ServerHtml, VisibilityField, VisibilityTag, WorkspaceLearningPage, formatHours } from "./shared";

function AssessmentForm({ workspaceId, existing }: { workspaceId: string; existing: Assessment[] }) {
  const { t } = useTranslation();
  const save = useSaveAssessment(workspaceId);
  const [semester, setSemester] = useState("");
  const [score, setScore] = useState("");
  const [evidence, setEvidence] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("workspace");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const replacing = existing.find((a) => a.semester.toLowerCase() === semester.trim().toLowerCase());

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setSaved(null);
    const errors: Record<string, string> = {};
    if (!semester.trim()) errors.semester = t("learning.assessment.semesterRequired");
    if (!score) errors.score = t("learning.assessment.scoreRequired");
    setLocal(errors);
    if (Object.keys(errors).length) return;
    save.mutate(
      { semester: semester.trim(), score: Number(score), evidence, visibility },
      {
        onSuccess: (a) => {
          setSaved(a.semester);
          setSemester("");
          setScore("");
          setEvidence("");
        },
      },
    );
  }

  const server = save.isError ? fieldErrors(save.error) : {};
  const error = (f: string) => local[f] ?? server[f];
  const summary: SummaryError[] = (
    [
      ["semester", "assessment-semester"],
      ["score", "assessment-score"],
      ["evidence", "assessment-evidence"],
    ] as const
  ).flatMap(([f, id]) => (error(f) ? [{ fieldId: id, message: error(f) ?? "" }] : []));
  if (save.isError && summary.length === 0) summary.push({ message: problemMessage(save.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="assessment-form-heading">
      <Heading level={3} data-size="xs" id="assessment-form-heading">
        {t("learning.assessment.formTitle")}
      </Heading>
      <FormErrorSummary key={attempt} errors={summary} />
      <div className="form__row">
        <Textfield
          id="assessment-semester"
          label={t("learning.assessment.semester")}
          description={t("learning.assessment.semesterHint")}
          value={semester}
          onChange={(e) => {
            const value = e.target.value;
            setSemester(value);
            const found = existing.find((a) => a.semester.toLowerCase() === value.trim().toLowerCase());
            if (found) {
              setScore(String(found.score));
              setEvidence(found.evidence);
              setVisibility(found.visibility);
            }
          }}
          error={error("semester")}
          required
        />
        <Field>
          <Label htmlFor="assessment-score">{t("learning.assessment.score")}</Label>
          <Select
            id="assessment-score"
            value={score}
            onChange={(e) => setScore(e.target.value)}
            aria-invalid={error("score") ? true : undefined}
            aria-describedby="assessment-score-hint"
          >
            <Select.Option value="">{t("learning.assessment.chooseScore")}</Select.Option>
            {SCORES.map((s) => (
              <Select.Option key={s} value={String(s)}>
                {formatValue(s)}
              </Select.Option>
            ))}
          </Select>
          <Paragraph data-size="sm" className="muted" id="assessment-score-hint">
            {t("learning.assessment.scoreHint")}
          </Paragraph>
          {error("score") && <Paragraph data-size="sm" className="learning-error">{error("score")}</Paragraph>}
        </Field>
      </div>
      {replacing && (
        <Paragraph data-size="sm" className="muted">
          {t("learning.assessment.replaces", { semester: replacing.semester })}
        </Paragraph>
      )}
      <Textfield
        id="assessment-evidence"
        label={t("learning.assessment.evidence")}
        description={t("learning.assessment.evidenceHint")}
        multiline
        rows={4}
        value={evidence}
        onChange={(e) => setEvidence(e.target.value)}
        error={error("evidence")}
      />
      <VisibilityField id="assessment-visibility" value={visibility} onChange={setVisibility} />
      <div className="form__actions">
        <Button type="submit" loading={save.isPending}>
          {t("learning.assessment.save")}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="live-region">
        {saved && <Paragraph data-size="sm" className="learning-saved">{t("learning.assessment.saved", { semester: saved })}</Paragraph>}
      </div>
    </form>
  );
}

function Assessments({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const list = useQuery(assessmentsQuery(workspaceId));
  return (
    <section className="section" aria-labelledby="assessment-heading">
      <Heading level={2} data-size="sm" id="assessment-heading">
        {t("learning.assessment.title")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("learning.assessment.intro")}
      </Paragraph>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Paragraph className="empty-state">{t("learning.assessment.empty")}</Paragraph>
      ) : (
        <ul className="assessment-list" data-testid="assessments">
          {list.data.map((a) => (
            <li key={a.id} className="assessment">
              <div className="assessment__head">
                <Heading level={3} data-size="2xs">
                  {a.semester}
                </Heading>
                <span className="assessment__score">
                  {t("learning.assessment.scoreOf", { score: formatValue(a.score) })}
                </span>
                <VisibilityTag level={a.visibility} />
              </div>
              <meter min={0.5} max={5} value={a.score} aria-label={t("learning.assessment.meterLabel", { semester: a.semester })}>
                {formatValue(a.score)}
              </meter>
              <ServerHtml html={a.evidence_html} empty={t("learning.assessment.noEvidence")} />
            </li>
          ))}
        </ul>
      )}
      {canEdit && list.data && <AssessmentForm workspaceId={workspaceId} existing={list.data} />}
    </section>
  );
}

function OverviewContent({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const overview = useQuery(overviewQuery(workspaceId));
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <QueryError error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const total = PHASES.reduce((sum, p) => sum + (o.cycles_by_phase[p] ?? 0), 0);
  return (
    <>
      <dl className="learning-stats">
        <div className="learning-stat">
          <dt>{t("learning.overview.hoursTotal")}</dt>
          <dd data-testid="hours-total">{formatHours(o.hours_total)}</dd>
        </div>
        <div className="learning-stat">
          <dt>{t("learning.overview.cycleCount")}</dt>
          <dd>{total}</dd>
        </div>
        <div className="learning-stat">
          <dt>{t("learning.overview.measureCount")}</dt>
          <dd>{o.measures.length}</dd>
        </div>
      </dl>

      <section className="section" aria-labelledby="by-phase-heading">
        <Heading level={2} data-size="sm" id="by-phase-heading">
          {t("learning.overview.byPhase")}
        </Heading>
        <table className="learning-table phase-bars">
          <caption className="visually-hidden">{t("learning.overview.byPhase")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("learning.cycle.phase")}</th>
              <th scope="col">{t("learning.overview.count")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("learning.overview.share")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {PHASES.map((p) => {
              const n = o.cycles_by_phase[p] ?? 0;
              return (
                <tr key={p}>
                  <th scope="row">{t(`learning.phase.${p}`)}</th>
                  <td className="learning-table__number">{n}</td>
                  <td className="phase-bars__cell" aria-hidden="true">
                    <span className="phase-bars__bar" style={{ width: `${total ? (n / total) * 100 : 0}%` }} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="section" aria-labelledby="current-heading">
        <Heading level={2} data-size="sm" id="current-heading">
          {t("learning.overview.current")}
        </Heading>
        {o.current_cycles.length === 0 ? (
          <Paragraph className="empty-state">{t("learning.overview.noCurrent")}</Paragraph>
        ) : (
          <ul className="card-list">
            {o.current_cycles.map((c) => (
              <li key={c.id} className="cycle-card">
                <Heading level={3} data-size="2xs">
                  <Link asChild>
                    <RouterLink to={`/cycles/${c.id}`}>{c.title}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph data-size="sm">
                  <Tag data-size="sm" data-color="accent">
                    {t(`learning.phase.${c.phase}`)}
                  </Tag>{" "}
                  {t("learning.board.hours", { hours: formatHours(c.hours_spent) })} ·{" "}
                  {t("learning.board.entries", { count: c.entry_count })}
                </Paragraph>
              </li>
            ))}
          </ul>
        )}
        <Paragraph>
          <Link asChild>
            <RouterLink to={`/workspaces/${workspaceId}/cycles`}>{t("learning.overview.toBoard")}</RouterLink>
          </Link>
        </Paragraph>
      </section>

      <section className="section" aria-labelledby="latest-heading">
        <Heading level={2} data-size="sm" id="latest-heading">
          {t("learning.overview.latest")}
        </Heading>
        {o.latest_entries.length === 0 ? (
          <Paragraph className="empty-state">{t("learning.overview.noEntries")}</Paragraph>
        ) : (
          <ul className="learning-timeline">
            {o.latest_entries.map((e) => (
              <li key={e.id} className="learning-timeline__item">
                <div className="learning-timeline__meta">
                  <Tag data-size="sm" data-color="accent">
                    {t(`learning.phase.${e.phase}`)}
                  </Tag>
                  <span>
                    {t("learning.log.byline", {
                      author: e.author_name ?? t("learning.log.unknownAuthor"),
                      when: formatDateTime(e.created_at),
                    })}
                  </span>
                  <Link asChild>
                    <RouterLink to={`/cycles/${e.cycle_id}`}>{t("learning.overview.openCycle")}</RouterLink>
                  </Link>
                </div>
                <ServerHtml html={e.body_html} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="measures-heading">
        <Heading level={2} data-size="sm" id="measures-heading">
          {t("learning.overview.measures")}
        </Heading>
        {o.measures.length === 0 ? (
          <Paragraph className="empty-state">{t("learning.measures.empty")}</Paragraph>
        ) : (
          <ul className="plain-list">
            {o.measures.map((m) => (
              <li key={m.id}>
                <Link asChild>
                  <RouterLink to={`/measures/${m.id}`}>{m.name}</RouterLink>
                </Link>{" "}
                <span className="muted">
                  ({t("learning.overview.pointCount", { count: m.point_count })}
                  {m.target != null ? ` · ${t("learning.overview.targetIs", { value: formatValue(m.target) })}` : ""})
                </span>{" "}
                <Verdict verdict={m.verdict} compact />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function OverviewPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  return (
    <WorkspaceLearningPage workspaceId={id} title={() => t("learning.overview.title")}>
      {(_, canEdit) => (
        <>
          <OverviewContent workspaceId={id} />
          <Assessments workspaceId={id} canEdit={canEdit} />
        </>
      )}
    </WorkspaceLearningPage>
  );
}
