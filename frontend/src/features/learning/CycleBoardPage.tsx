import { Alert, Button, Heading, Link, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  PHASES,
  cyclesQuery,
  nextPhase,
  previousPhase,
  useCreateCycle,
  useMoveCycle,
  type CycleSummary,
  type Phase,
  type Visibility,
} from "./api";
import { VisibilityField, VisibilityTag, WorkspaceLearningPage, formatHours } from "./shared";

function NewCycleForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (title: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateCycle(workspaceId);
  const [title, setTitle] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("workspace");
  const [missing, setMissing] = useState(false);
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (!title.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    create.mutate(
      { title: title.trim(), visibility, plan: "", measure_ids: [] },
      {
        onSuccess: (cycle) => {
          setTitle("");
          onCreated(cycle.title);
        },
      },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  const titleError = missing ? t("learning.board.titleRequired") : server.title;
  const summary: SummaryError[] = [];
  if (titleError) summary.push({ fieldId: "new-cycle-title", message: titleError });
  if (create.isError && !server.title) summary.push({ message: problemMessage(create.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="new-cycle-heading">
      <Heading level={2} data-size="xs" id="new-cycle-heading">
        {t("learning.board.newTitle")}
      </Heading>
      <FormErrorSummary key={attempt} errors={summary} />
      <Textfield
        id="new-cycle-title"
        label={t("learning.board.cycleTitle")}
        description={t("learning.board.cycleTitleHint")}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={titleError}
        required
      />
      <VisibilityField id="new-cycle-visibility" value={visibility} onChange={setVisibility} />
      <div className="form__actions">
        <Button type="submit" loading={create.isPending}>
          {t("learning.board.create")}
        </Button>
      </div>
    </form>
  );
}

function CycleCard({
  cycle,
  canEdit,
  onMove,
  moving,
}: {
  cycle: CycleSummary;
  canEdit: boolean;
  onMove: (cycle: CycleSummary, phase: Phase, direction: "next" | "previous") => void;
  moving: boolean;
}) {
  const { t } = useTranslation();
  const next = nextPhase(cycle.phase);
  const previous = previousPhase(cycle.phase);
  return (
    <li className="cycle-card" data-testid="cycle-card">
      <Heading level={3} data-size="2xs">
        <Link asChild>
          <RouterLink to={`/cycles/${cycle.id}`} id={`cycle-link-${cycle.id}`}>
            {cycle.title}
          </RouterLink>
        </Link>
      </Heading>
      <Paragraph data-size="sm" className="cycle-card__facts">
        {t("learning.board.hours", { hours: formatHours(cycle.hours_spent) })} ·{" "}
        {t("learning.board.entries", { count: cycle.entry_count })}
      </Paragraph>
      <VisibilityTag level={cycle.visibility} />
      {canEdit && (
        <div className="cycle-card__moves">
          {previous && (
            <Button
              variant="tertiary"
              data-size="sm"
              id={`move-previous-${cycle.id}`}
              aria-disabled={moving || undefined}
              onClick={() => !moving && onMove(cycle, previous, "previous")}
              aria-label={t("learning.board.moveToLabel", { title: cycle.title, phase: t(`learning.phase.${previous}`) })}
            >
              ← {t(`learning.phase.${previous}`)}
            </Button>
          )}
          {next && (
            <Button
              variant="secondary"
              data-size="sm"
              id={`move-next-${cycle.id}`}
              aria-disabled={moving || undefined}
              onClick={() => !moving && onMove(cycle, next, "next")}
              aria-label={t("learning.board.moveToLabel", { title: cycle.title, phase: t(`learning.phase.${next}`) })}
            >
              {t(`learning.phase.${next}`)} →
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

function Board({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const cycles = useQuery(cyclesQuery(workspaceId));
  const move = useMoveCycle(workspaceId);
  const [announcement, setAnnouncement] = useState("");
  const focusAfter = useRef<{ id: string; direction: "next" | "previous" } | null>(null);

  // After a move, keep focus on the moved card (its button in the new column).
  useEffect(() => {
    const target = focusAfter.current;
    if (!target || move.isPending) return;
    const button =
      document.getElementById(`move-${target.direction}-${target.id}`) ??
      document.getElementById(`cycle-link-${target.id}`);
    if (button) {
      focusAfter.current = null;
      button.focus();
    }
  });

  if (cycles.isPending) return <Loading />;
  if (cycles.isError) return <QueryError error={cycles.error} onRetry={() => void cycles.refetch()} />;

  function onMove(cycle: CycleSummary, phase: Phase, direction: "next" | "previous") {
    setAnnouncement("");
    move.mutate(
      { cycle, phase },
      {
        onSuccess: () => {
          focusAfter.current = { id: cycle.id, direction };
          setAnnouncement(t("learning.board.moved", { title: cycle.title, phase: t(`learning.phase.${phase}`) }));
        },
      },
    );
  }

  return (
    <>
      <div role="status" aria-live="polite" className="live-region cycle-board__status">
        {announcement}
      </div>
      {move.isError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemMessage(move.error, t)} {t("learning.board.moveFailed")}
          </Paragraph>
        </Alert>
      )}
      {cycles.data.length === 0 && (
        <Paragraph className="empty-state">{t("learning.board.empty")}</Paragraph>
      )}
      <div className="cycle-board" data-testid="cycle-board">
        {PHASES.map((phase) => {
          const inPhase = cycles.data.filter((c) => c.phase === phase);
          return (
            <section key={phase} className="cycle-board__column" aria-labelledby={`column-${phase}`} data-phase={phase}>
              <Heading level={2} data-size="2xs" id={`column-${phase}`} className="cycle-board__heading">
                {t(`learning.phase.${phase}`)} <span className="cycle-board__count">({inPhase.length})</span>
              </Heading>
              {inPhase.length === 0 ? (
                <Paragraph data-size="sm" className="muted">
                  {t("learning.board.columnEmpty")}
                </Paragraph>
              ) : (
                <ul className="cycle-board__cards">
                  {inPhase.map((c) => (
                    <CycleCard
                      key={c.id}
                      cycle={c}
                      canEdit={canEdit}
                      onMove={onMove}
                      moving={move.isPending}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}

export function CycleBoardPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [created, setCreated] = useState<string | null>(null);
  return (
    <WorkspaceLearningPage workspaceId={id} title={() => t("learning.board.title")}>
      {(_, canEdit) => (
        <>
          <Paragraph>{t("learning.board.intro")}</Paragraph>
          <div role="status" aria-live="polite" className="live-region">
            {created && (
              <Alert data-color="success" className="notice">
                <Paragraph>{t("learning.board.created", { title: created })}</Paragraph>
              </Alert>
            )}
          </div>
          <Board workspaceId={id} canEdit={canEdit} />
          {canEdit && <NewCycleForm workspaceId={id} onCreated={setCreated} />}
        </>
      )}
    </WorkspaceLearningPage>
  );
}
