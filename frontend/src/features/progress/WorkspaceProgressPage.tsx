import { Heading, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { WorkspaceLearningNav } from "../../components/WorkspaceLearningNav";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { RunChart } from "../learning";
import { workspaceProgressQuery, type WorkspaceProgress } from "./api";
import { formatScore } from "./overview";
import { SmallMultiple } from "./SmallMultiples";
import "./progress.css";

/** A workspace's progress, as far as its visibility lets the reader see it. */
export function WorkspaceProgressPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const progress = useQuery(workspaceProgressQuery(id));
  const heading = progress.data
    ? t("progress.workspace.titleOf", { name: progress.data.name })
    : t("progress.workspace.title");
  usePageTitle(heading);
  return (
    <>
      <PageHeading>{heading}</PageHeading>
      <WorkspaceLearningNav workspaceId={id} />
      {progress.isPending ? (
        <Loading />
      ) : progress.isError ? (
        <QueryError error={progress.error} onRetry={() => void progress.refetch()} />
      ) : (
        <ProgressView progress={progress.data} />
      )}
    </>
  );
}

function ProgressView({ progress: p }: { progress: WorkspaceProgress }) {
  const { t } = useTranslation();
  const semesters = p.scores.map((s) => s.semester);
  return (
    <>
      <Paragraph>
        <Link asChild>
          <RouterLink to={`/workspaces/${p.workspace_id}/reports`}>{t("progress.workspace.reportsLink")}</RouterLink>
        </Link>
      </Paragraph>

      <section className="section" aria-labelledby="progress-aim">
        <Heading level={2} data-size="sm" id="progress-aim">
          {t("progress.workspace.aim")}
        </Heading>
        {p.aim ? (
          <>
            {p.aim.aim_what_html.trim() ? (
              <div className="prose" dangerouslySetInnerHTML={{ __html: p.aim.aim_what_html }} />
            ) : (
              <Paragraph className="muted">{t("progress.workspace.noAim")}</Paragraph>
            )}
            <dl className="facts">
              {p.aim.aim_for_whom && (
                <>
                  <dt>{t("progress.workspace.forWhom")}</dt>
                  <dd>{p.aim.aim_for_whom}</dd>
                </>
              )}
              {p.aim.aim_by_when && (
                <>
                  <dt>{t("progress.workspace.byWhen")}</dt>
                  <dd>{formatDate(p.aim.aim_by_when)}</dd>
                </>
              )}
            </dl>
          </>
        ) : (
          <Paragraph className="muted">{t("progress.workspace.aimHidden")}</Paragraph>
        )}
      </section>

      <section className="section" aria-labelledby="progress-phase">
        <Heading level={2} data-size="sm" id="progress-phase">
          {t("progress.workspace.currentPhase")}
        </Heading>
        {p.current_cycles.length === 0 ? (
          <Paragraph className="muted">{t("progress.workspace.noCurrentCycles")}</Paragraph>
        ) : (
          <ul className="plain-list">
            {p.current_cycles.map((c) => (
              <li key={c.id}>
                <Link asChild>
                  <RouterLink to={`/cycles/${c.id}`}>{c.title}</RouterLink>
                </Link>{" "}
                <Tag data-size="sm" data-color="info">
                  {t(`progress.phase.${c.phase}`)}
                </Tag>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="progress-scores">
        <Heading level={2} data-size="sm" id="progress-scores">
          {t("progress.workspace.scores")}
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t("progress.scaleHint")}
        </Paragraph>
        {p.scores.length === 0 ? (
          <Paragraph className="muted">{t("progress.workspace.noScores")}</Paragraph>
        ) : (
          <div className="progress-scores">
            <div className="progress-scores__chart">
              <SmallMultiple
                workspace={{ workspace_id: p.workspace_id, name: p.name, scores: p.scores }}
                semesters={semesters}
              />
            </div>
            <table className="progress-table progress-table--plain">
              <caption>{t("progress.workspace.scoresCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("progress.workspace.semester")}</th>
                  <th scope="col">{t("progress.workspace.score")}</th>
                </tr>
              </thead>
              <tbody>
                {p.scores.map((s) => (
                  <tr key={s.semester}>
                    <th scope="row">{s.semester}</th>
                    <td className="numeric">{formatScore(s.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="progress-measures">
        <Heading level={2} data-size="sm" id="progress-measures">
          {t("progress.workspace.measures")}
        </Heading>
        {p.measures.length === 0 ? (
          <Paragraph className="muted">{t("progress.workspace.noMeasures")}</Paragraph>
        ) : (
          p.measures.map((m) => (
            <section key={m.id} className="progress-measure" aria-labelledby={`measure-${m.id}`}>
              <Heading level={3} data-size="xs" id={`measure-${m.id}`}>
                {m.name}
              </Heading>
              <RunChart
                name={m.name}
                unit={m.unit}
                points={m.points}
                median={m.median ?? null}
                target={m.target ?? null}
                shifts={m.shifts}
                cycleStarts={[]}
              />
            </section>
          ))
        )}
      </section>

      <section className="section" aria-labelledby="progress-reflections">
        <Heading level={2} data-size="sm" id="progress-reflections">
          {t("progress.workspace.reflections")}
        </Heading>
        {p.reflections.length === 0 ? (
          <Paragraph className="muted">{t("progress.workspace.noReflections")}</Paragraph>
        ) : (
          <ul className="plain-list progress-reflections">
            {p.reflections.map((r) => (
              <li key={r.cycle_id}>
                <article aria-labelledby={`reflection-${r.cycle_id}`}>
                  <Heading level={3} data-size="xs" id={`reflection-${r.cycle_id}`}>
                    <Link asChild>
                      <RouterLink to={`/cycles/${r.cycle_id}`}>{r.title}</RouterLink>
                    </Link>
                  </Heading>
                  {r.reflect_at && (
                    <Paragraph data-size="sm" className="muted">
                      {formatDate(r.reflect_at)}
                    </Paragraph>
                  )}
                  <div className="prose" dangerouslySetInnerHTML={{ __html: r.reflect_html }} />
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
