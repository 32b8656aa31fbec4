import type { TFunction } from "i18next";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import type { NetworkWorkspace } from "./api";
import { formatScore } from "./overview";

const WIDTH = 240;
const HEIGHT = 150;
const M = { top: 12, right: 12, bottom: 30, left: 30 };
/** The IHI progress scale. */
const Y_MIN = 0.5;
const Y_MAX = 5;
const Y_TICKS = [1, 2, 3, 4, 5];

/** The chart's words: what a screen reader hears for one workspace. */
export function describeScores(workspace: NetworkWorkspace, t: TFunction): string {
  if (workspace.scores.length === 0) return t("progress.network.descNone");
  const list = workspace.scores
    .map((s) => t("progress.network.descPoint", { semester: s.semester, score: formatScore(s.score) }))
    .join("; ");
  const last = workspace.scores[workspace.scores.length - 1];
  const first = workspace.scores[0];
  const change =
    workspace.scores.length > 1 && first && last
      ? last.score > first.score
        ? t("progress.network.descUp")
        : last.score < first.score
          ? t("progress.network.descDown")
          : t("progress.network.descFlat")
      : "";
  return [t("progress.network.descList", { list }), change].filter(Boolean).join(" ");
}

/** One small chart: a workspace's progress score by semester, on the shared semester axis. */
export function SmallMultiple({ workspace, semesters }: { workspace: NetworkWorkspace; semesters: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const innerW = WIDTH - M.left - M.right;
  const innerH = HEIGHT - M.top - M.bottom;
  const step = semesters.length > 1 ? innerW / (semesters.length - 1) : 0;
  const x = (semester: string) => {
    const index = semesters.indexOf(semester);
    return M.left + (semesters.length > 1 ? index * step : innerW / 2);
  };
  const y = (score: number) => M.top + innerH - ((score - Y_MIN) / (Y_MAX - Y_MIN)) * innerH;
  const points = workspace.scores.filter((s) => semesters.includes(s.semester));
  const line = points.map((s) => `${x(s.semester).toFixed(1)},${y(s.score).toFixed(1)}`).join(" ");
  const labelEvery = Math.max(1, Math.ceil(semesters.length / 4));

  return (
    <figure className="small-multiple" data-testid="small-multiple">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="small-multiple__svg"
      >
        <title id={titleId}>{t("progress.network.chartTitle", { name: workspace.name })}</title>
        <desc id={descId}>{describeScores(workspace, t)}</desc>
        <g className="small-multiple__axis" aria-hidden="true">
          {Y_TICKS.map((v) => (
            <g key={v}>
              <line className="small-multiple__grid" x1={M.left} x2={M.left + innerW} y1={y(v)} y2={y(v)} />
              <text x={M.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {v}
              </text>
            </g>
          ))}
          {semesters.map((s, i) =>
            i % labelEvery === 0 || i === semesters.length - 1 ? (
              <text key={s} x={x(s)} y={HEIGHT - 10} textAnchor="middle">
                {s}
              </text>
            ) : null,
          )}
        </g>
        {points.length > 1 && <polyline className="small-multiple__line" points={line} />}
        {points.map((s) => (
          <circle
            key={s.semester}
            className="small-multiple__point"
            data-testid="small-multiple-point"
            cx={x(s.semester)}
            cy={y(s.score)}
            r={4}
          />
        ))}
        {points.length === 0 && (
          <text x={M.left + innerW / 2} y={M.top + innerH / 2} textAnchor="middle" aria-hidden="true">
            {t("progress.network.noScores")}
          </text>
        )}
      </svg>
      <figcaption className="small-multiple__caption" aria-hidden="true">
        {workspace.name}
      </figcaption>
    </figure>
  );
}

/** Every pilot's chart side by side, on the same scales, so they can be compared at a glance. */
export function SmallMultiples({ workspaces, semesters }: { workspaces: NetworkWorkspace[]; semesters: string[] }) {
  return (
    <ul className="small-multiples" data-testid="small-multiples">
      {workspaces.map((w) => (
        <li key={w.workspace_id}>
          <SmallMultiple workspace={w} semesters={semesters} />
        </li>
      ))}
    </ul>
  );
}

/** The same figures as a table: one row per workspace, one column per semester. */
export function ScoresTable({ workspaces, semesters }: { workspaces: NetworkWorkspace[]; semesters: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("progress.network.tableCaption")}>
      <table className="progress-table progress-table--plain" data-testid="network-table">
        <caption>{t("progress.network.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("progress.network.workspace")}</th>
            {semesters.map((s) => (
              <th key={s} scope="col">
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {workspaces.map((w) => (
            <tr key={w.workspace_id}>
              <th scope="row">
                <RouterLink to={`/workspaces/${w.workspace_id}/progress`}>{w.name}</RouterLink>
              </th>
              {semesters.map((s) => {
                const score = w.scores.find((p) => p.semester === s);
                return (
                  <td key={s} className="numeric">
                    {score ? (
                      formatScore(score.score)
                    ) : (
                      <>
                        <span aria-hidden="true">–</span>
                        <span className="visually-hidden">{t("progress.network.noScore")}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
