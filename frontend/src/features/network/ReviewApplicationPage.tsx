import {
  Alert,
  Button,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Radio,
  Tag,
  Textfield,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { ApplicationDetails } from "./ApplicationDetails";
import {
  OUTCOMES,
  applicationQuery,
  cohortQuery,
  useDecide,
  useSaveScores,
  type Application,
  type Cohort,
  type Outcome,
} from "./api";
import { municipalityNames } from "./labels";
import { MAX_SCORE, SCORE_VALUES, formatScore, weightShares, weightedTotal } from "./scoring";

interface Draft {
  score: number | null;
  comment: string;
}

export function ScoreTotal({ value, label }: { value: number | null; label: string }) {
  const { t } = useTranslation();
  const formatted = formatScore(value);
  return (
    <p className="score-total">
      <span className="score-total__label">{label}</span>{" "}
      <strong className="score-total__value" data-testid="score-total">
        {formatted ? t("review.scoreOf", { score: formatted, max: MAX_SCORE }) : t("review.noScore")}
      </strong>
    </p>
  );
}

function ScoringForm({ application, cohort, meId }: { application: Application; cohort: Cohort; meId: string }) {
  const { t } = useTranslation();
  const save = useSaveScores(application.id);
  const [saved, setSaved] = useState(false);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => {
    const mine = application.scores.filter((s) => s.reviewer_id === meId);
    return Object.fromEntries(
      cohort.criteria.map((c) => {
        const s = mine.find((x) => x.criterion_id === c.id);
        return [c.id, { score: s?.score ?? null, comment: s?.comment ?? "" }];
      }),
    );
  });
  const shares = weightShares(cohort.criteria);
  const myTotal = weightedTotal(
    cohort.criteria,
    Object.entries(drafts).map(([criterion_id, d]) => ({ criterion_id, score: d.score })),
  );
  const readOnly = application.status === "draft";

  function set(id: string, patch: Partial<Draft>) {
    setSaved(false);
    setDrafts((current) => ({ ...current, [id]: { ...(current[id] ?? { score: null, comment: "" }), ...patch } }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const scores = Object.entries(drafts)
      .filter(([, d]) => d.score !== null)
      .map(([criterion_id, d]) => ({ criterion_id, score: d.score as number, comment: d.comment }));
    save.mutate(scores, { onSuccess: () => setSaved(true) });
  }

  if (cohort.criteria.length === 0) {
    return <Paragraph className="empty-state">{t("review.noCriteria")}</Paragraph>;
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="scoring-heading">
      <Heading level={2} data-size="xs" id="scoring-heading">
        {t("review.scoringTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("review.scoringIntro", { max: MAX_SCORE })}</Paragraph>
      {cohort.criteria.map((c, index) => {
        const d = drafts[c.id] ?? { score: null, comment: "" };
        const others = application.scores.filter((s) => s.criterion_id === c.id && s.reviewer_id !== meId);
        return (
          <Fieldset key={c.id} className="criterion" disabled={readOnly}>
            <Fieldset.Legend>
              {index + 1}. {c.title}{" "}
              <span className="muted">{t("review.weight", { weight: c.weight, share: shares.get(c.id) ?? 0 })}</span>
            </Fieldset.Legend>
            {c.description && <Fieldset.Description>{c.description}</Fieldset.Description>}
            <div className="score-scale">
              {SCORE_VALUES.map((v) => (
                <Radio
                  key={v}
                  name={`score-${c.id}`}
                  value={String(v)}
                  label={String(v)}
                  checked={d.score === v}
                  onChange={() => set(c.id, { score: v })}
                />
              ))}
            </div>
            <Textfield
              id={`comment-${c.id}`}
              label={t("review.comment")}
              multiline
              rows={2}
              value={d.comment}
              onChange={(e) => set(c.id, { comment: e.target.value })}
            />
            {others.length > 0 && (
              <ul className="plain-list muted" aria-label={t("review.otherReviewers")}>
                {others.map((s) => (
                  <li key={s.reviewer_id}>
                    {t("review.otherScore", { name: s.reviewer_name, score: s.score })}
                    {s.comment && `: ${s.comment}`}
                  </li>
                ))}
              </ul>
            )}
          </Fieldset>
        );
      })}
      <div role="status" aria-live="polite">
        <ScoreTotal value={myTotal} label={t("review.myTotal")} />
      </div>
      {save.isError && <ValidationMessage>{problemMessage(save.error, t)}</ValidationMessage>}
      <div role="status" aria-live="polite" className="live-region">
        {saved && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("review.scoresSaved")}</Paragraph>
          </Alert>
        )}
      </div>
      {!readOnly && (
        <div className="form__actions">
          <Button type="submit" loading={save.isPending}>
            {save.isPending ? t("common.saving") : t("review.saveScores")}
          </Button>
        </div>
      )}
    </form>
  );
}

function DecisionForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const decide = useDecide(application.id);
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const [message, setMessage] = useState("");
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!outcome) {
      setMissing(true);
      return;
    }
    setMissing(false);
    decide.reset();
    setConfirming(true);
  }

  const names = municipalityNames(application.municipalities, t);
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="decision-heading">
      <Heading level={2} data-size="xs" id="decision-heading">
        {t("review.decisionTitle")}
      </Heading>
      <Fieldset>
        <Fieldset.Legend>{t("review.outcome")}</Fieldset.Legend>
        {OUTCOMES.map((o) => (
          <Radio
            key={o}
            name="outcome"
            value={o}
            label={t(`outcomes.${o}`)}
            description={t(`review.outcomeHint.${o}`)}
            checked={outcome === o}
            onChange={() => setOutcome(o)}
          />
        ))}
        {missing && <ValidationMessage>{t("review.outcomeRequired")}</ValidationMessage>}
      </Fieldset>
      <Textfield
        id="decision-message"
        label={t("review.message")}
        description={t("review.messageHint")}
        multiline
        rows={4}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      <div className="form__actions">
        <Button type="submit">{t("review.decide")}</Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t("review.confirmTitle")}
        confirmLabel={t("review.confirmDecide")}
        pending={decide.isPending}
        error={decide.isError ? problemMessage(decide.error, t) : undefined}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          outcome && decide.mutate({ outcome, message }, { onSuccess: () => setConfirming(false) })
        }
      >
        <Paragraph>
          {outcome ? t(`review.confirmBody.${outcome}`, { names, applicant: application.applicant.name }) : ""}
        </Paragraph>
      </ConfirmDialog>
    </form>
  );
}

export function ReviewApplicationPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { data: me } = useMe();
  const application = useQuery(applicationQuery(id));
  const cohortId = application.data?.cohort_id ?? "";
  const cohort = useQuery({ ...cohortQuery(cohortId), enabled: cohortId !== "" });
  const a = application.data;
  const names = a ? (a.municipalities.length ? municipalityNames(a.municipalities, t) : t("myApplications.noMunicipalities")) : "";
  usePageTitle(a ? t("review.reviewTitle", { names }) : t("review.title"));

  if (application.isPending) return <Loading />;
  if (application.isError || !a) {
    return (
      <>
        <PageHeading>{t("review.title")}</PageHeading>
        <QueryError error={application.error} onRetry={() => void application.refetch()} />
      </>
    );
  }

  return (
    <>
      <PageHeading>{t("review.reviewTitle", { names })}</PageHeading>
      <div className="row-list__tags">
        <Tag data-color="neutral">{a.cohort_name}</Tag>
        <Tag data-color={a.status === "submitted" ? "info" : a.status === "decided" ? "success" : "warning"}>
          {t(`applicationStatus.${a.status}`)}
        </Tag>
        {a.outcome && <Tag data-color="success">{t(`outcomes.${a.outcome}`)}</Tag>}
      </div>
      <Paragraph>
        {t("review.appliedBy", { name: a.applicant.name, email: a.applicant.email ?? "" })}
        {a.submitted_at && ` · ${t("myApplications.submittedAt", { when: formatDateTime(a.submitted_at) })}`}
      </Paragraph>
      <div className="score-summary">
        <ScoreTotal value={a.weighted_score ?? null} label={t("review.total")} />
        <Paragraph data-size="sm">{t("review.reviewerCount", { count: a.reviewer_count })}</Paragraph>
      </div>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/review">{t("review.backToBoard")}</RouterLink>
        </Link>
      </Paragraph>

      <div className="review-layout">
        <section aria-labelledby="application-heading" className="review-layout__application">
          <Heading level={2} data-size="xs" id="application-heading">
            {t("review.applicationTitle")}
          </Heading>
          <ApplicationDetails application={a} level={3} />
        </section>
        <div className="review-layout__side">
          {a.status === "draft" ? (
            <Paragraph className="empty-state">{t("review.draftNotice")}</Paragraph>
          ) : cohort.isPending ? (
            <Loading />
          ) : cohort.isError ? (
            <QueryError error={cohort.error} onRetry={() => void cohort.refetch()} />
          ) : (
            <ScoringForm key={`${a.id}`} application={a} cohort={cohort.data} meId={me?.id ?? ""} />
          )}
          {a.status === "submitted" && <DecisionForm application={a} />}
          {a.status === "decided" && a.outcome && (
            <Alert data-color="success" className="notice">
              <Heading level={2} data-size="2xs">
                {t("review.decidedTitle", { outcome: t(`outcomes.${a.outcome}`) })}
              </Heading>
              {a.decision_message && <Paragraph className="prose">{a.decision_message}</Paragraph>}
              {a.decided_at && <Paragraph data-size="sm">{formatDateTime(a.decided_at)}</Paragraph>}
              {a.workspace_id && (
                <Paragraph>
                  <Link asChild>
                    <RouterLink to={`/workspaces/${a.workspace_id}`}>{t("application.toWorkspace")}</RouterLink>
                  </Link>
                </Paragraph>
              )}
            </Alert>
          )}
        </div>
      </div>
    </>
  );
}
