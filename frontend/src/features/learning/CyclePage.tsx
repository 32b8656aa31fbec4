import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  PHASES,
  TEXT_PHASES,
  conflictCurrent,
  cycleQuery,
  measuresQuery,
  nextPhase,
  previousPhase,
  useUpdateCycle,
  type Cycle,
  type Phase,
} from "./api";
import { CommentThread } from "../feed";
import { ShareFeedNote } from "../feed";
import { CycleLog } from "./CycleLog";
import { PhaseText } from "./PhaseText";
import { ShareControl, WorkspaceLearningPage, formatHours } from "./shared";

function PhaseSteps({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const update = useUpdateCycle(cycle.id);
  const [moved, setMoved] = useState<Phase | null>(null);
  const current = PHASES.indexOf(cycle.phase);
  const next = nextPhase(cycle.phase);
  const previous = previousPhase(cycle.phase);

  function move(phase: Phase) {
    setMoved(null);
    update.mutate({ phase, version: cycle.version }, { onSuccess: () => setMoved(phase) });
  }

  return (
    <section className="section" aria-labelledby="phase-heading">
      <Heading level={2} data-size="sm" id="phase-heading">
        {t("learning.cycle.phaseTitle")}
      </Heading>
      <ol className="phase-steps" aria-label={t("learning.cycle.stepsLabel")}>
        {PHASES.map((p, i) => (
          <li
            key={p}
            className={i < current ? "phase-steps__step phase-steps__step--past" : i === current ? "phase-steps__step phase-steps__step--current" : "phase-steps__step"}
            aria-current={i === current ? "step" : undefined}
          >
            <span className="phase-steps__number" aria-hidden="true">
              {i < current ? "✓" : i + 1}
            </span>
            <span className="phase-steps__name">{t(`learning.phase.${p}`)}</span>
            <span className="visually-hidden">
              {i < current
                ? ` (${t("learning.cycle.stepPast")})`
                : i === current
                  ? ` (${t("learning.cycle.currentPhase")})`
                  : ""}
            </span>
            {i <= current && cycle.phase_entered[p] && (
              <span className="phase-steps__date">{formatDate(cycle.phase_entered[p])}</span>
            )}
          </li>
        ))}
      </ol>
      {cycle.can_edit && (
        <div className="form__actions">
          {previous && (
            <Button variant="secondary" onClick={() => move(previous)} aria-disabled={update.isPending || undefined}>
              ← {t("learning.cycle.moveBack", { phase: t(`learning.phase.${previous}`) })}
            </Button>
          )}
          {next && (
            <Button onClick={() => move(next)} loading={update.isPending}>
              {t("learning.cycle.moveOn", { phase: t(`learning.phase.${next}`) })} →
            </Button>
          )}
        </div>
      )}
      <div role="status" aria-live="polite" className="live-region">
        {moved && (
          <Paragraph data-size="sm" className="learning-saved">
            {t("learning.cycle.moved", { phase: t(`learning.phase.${moved}`) })}
          </Paragraph>
        )}
      </div>
      {update.isError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {conflictCurrent(update.error) ? t("learning.cycle.phaseConflict") : problemMessage(update.error, t)}
          </Paragraph>
        </Alert>
      )}
    </section>
  );
}

function HoursForm({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const update = useUpdateCycle(cycle.id);
  const [hours, setHours] = useState(String(cycle.hours_spent));
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const value = Number(hours.replace(",", "."));
    if (hours.trim() === "" || !Number.isFinite(value) || value < 0) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    update.mutate({ hours_spent: value, version: cycle.version }, { onSuccess: () => setSaved(true) });
  }

  const server = update.isError ? fieldErrors(update.error) : {};
  return (
    <form onSubmit={onSubmit} noValidate className="learning-inline">
      <Textfield
        id="cycle-hours"
        label={t("learning.cycle.hours")}
        description={t("learning.cycle.hoursHint")}
        inputMode="decimal"
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        error={invalid ? t("learning.cycle.hoursInvalid") : server.hours_spent}
      />
      <Button type="submit" variant="secondary" loading={update.isPending}>
        {t("learning.cycle.saveHours")}
      </Button>
      <div role="status" aria-live="polite" className="live-region">
        {saved && <Paragraph data-size="sm" className="learning-saved">{t("learning.cycle.hoursSaved")}</Paragraph>}
      </div>
      {update.isError && !server.hours_spent && (
        <Paragraph data-size="sm" className="learning-error">
          {conflictCurrent(update.error) ? t("learning.cycle.tryAgain") : problemMessage(update.error, t)}
        </Paragraph>
      )}
    </form>
  );
}

function LinkedMeasures({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const measures = useQuery(measuresQuery(cycle.workspace_id));
  const update = useUpdateCycle(cycle.id);
  const [chosen, setChosen] = useState<string[]>(cycle.measure_ids);
  const [saved, setSaved] = useState(false);
  const changed =
    chosen.length !== cycle.measure_ids.length || chosen.some((id) => !cycle.measure_ids.includes(id));

  return (
    <section className="section" aria-labelledby="measures-heading">
      <Heading level={2} data-size="sm" id="measures-heading">
        {t("learning.cycle.measuresTitle")}
      </Heading>
      {measures.isPending ? (
        <Loading />
      ) : measures.isError ? (
        <QueryError error={measures.error} onRetry={() => void measures.refetch()} />
      ) : measures.data.length === 0 ? (
        <Paragraph className="muted">
          {t("learning.cycle.noMeasures")}{" "}
          <Link asChild>
            <RouterLink to={`/workspaces/${cycle.workspace_id}/measures`}>{t("learning.cycle.toMeasures")}</RouterLink>
          </Link>
        </Paragraph>
      ) : cycle.can_edit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            update.mutate({ measure_ids: chosen, version: cycle.version }, { onSuccess: () => setSaved(true) });
          }}
          className="section"
        >
          <Fieldset>
            <Fieldset.Legend>{t("learning.cycle.measuresLegend")}</Fieldset.Legend>
            {measures.data.map((m) => (
              <Checkbox
                key={m.id}
                value={m.id}
                label={m.name}
                checked={chosen.includes(m.id)}
                onChange={(e) =>
                  setChosen((list) => (e.target.checked ? [...list, m.id] : list.filter((id) => id !== m.id)))
                }
              />
            ))}
          </Fieldset>
          <div className="form__actions">
            <Button type="submit" variant="secondary" loading={update.isPending} aria-disabled={!changed || undefined}>
              {t("learning.cycle.saveMeasures")}
            </Button>
          </div>
          <div role="status" aria-live="polite" className="live-region">
            {saved && <Paragraph data-size="sm" className="learning-saved">{t("learning.cycle.measuresSaved")}</Paragraph>}
          </div>
          {update.isError && (
            <Paragraph data-size="sm" className="learning-error">
              {conflictCurrent(update.error) ? t("learning.cycle.tryAgain") : problemMessage(update.error, t)}
            </Paragraph>
          )}
        </form>
      ) : cycle.measure_ids.length === 0 ? (
        <Paragraph className="muted">{t("learning.cycle.noLinkedMeasures")}</Paragraph>
      ) : null}
      {measures.data && cycle.measure_ids.length > 0 && (
        <ul className="plain-list">
          {measures.data
            .filter((m) => cycle.measure_ids.includes(m.id))
            .map((m) => (
              <li key={m.id}>
                <Link asChild>
                  <RouterLink to={`/measures/${m.id}`}>{t("learning.cycle.openMeasure", { name: m.name })}</RouterLink>
                </Link>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

function CycleView({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const share = useUpdateCycle(cycle.id);
  return (
    <WorkspaceLearningPage workspaceId={cycle.workspace_id} title={() => cycle.title}>
      {() => (
        <>
          <Paragraph data-size="sm">
            <Link asChild>
              <RouterLink to={`/workspaces/${cycle.workspace_id}/cycles`}>← {t("learning.cycle.backToBoard")}</RouterLink>
            </Link>
          </Paragraph>
          <dl className="facts">
            <dt>{t("learning.cycle.phase")}</dt>
            <dd>{t(`learning.phase.${cycle.phase}`)}</dd>
            <dt>{t("learning.cycle.hours")}</dt>
            <dd>{t("learning.board.hours", { hours: formatHours(cycle.hours_spent) })}</dd>
            <dt>{t("learning.cycle.started")}</dt>
            <dd>{formatDate(cycle.phase_entered.plan ?? cycle.created_at)}</dd>
          </dl>
          <PhaseSteps cycle={cycle} />
          <section className="section" aria-labelledby="share-heading">
            <Heading level={2} data-size="sm" id="share-heading">
              {t("learning.share.heading")}
            </Heading>
            <ShareControl
              level={cycle.visibility}
              canEdit={cycle.can_edit}
              what={t("learning.share.whatCycle")}
              pending={share.isPending}
              error={share.error}
              onChange={(visibility, done) =>
                share.mutate({ visibility, version: cycle.version }, { onSuccess: done })
              }
            />
            <ShareFeedNote />
          </section>
          <section className="section" aria-labelledby="texts-heading">
            <Heading level={2} data-size="sm" id="texts-heading">
              {t("learning.cycle.textsTitle")}
            </Heading>
            <div className="phase-texts">
              {TEXT_PHASES.map((field) => (
                <PhaseText key={field} cycle={cycle} field={field} />
              ))}
            </div>
          </section>
          {cycle.can_edit && <HoursForm cycle={cycle} />}
          <LinkedMeasures cycle={cycle} />
          <CycleLog cycle={cycle} />
          <CommentThread targetType="cycle" targetId={cycle.id} />
        </>
      )}
    </WorkspaceLearningPage>
  );
}

export function CyclePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const cycle = useQuery(cycleQuery(id));
  usePageTitle(cycle.data?.title ?? t("learning.cycle.loadingTitle"));
  if (cycle.isPending) return <Loading />;
  if (cycle.isError) {
    return (
      <>
        <PageHeading>{t("learning.cycle.loadingTitle")}</PageHeading>
        <QueryError error={cycle.error} onRetry={() => void cycle.refetch()} />
      </>
    );
  }
  return <CycleView key={cycle.data.id} cycle={cycle.data} />;
}
