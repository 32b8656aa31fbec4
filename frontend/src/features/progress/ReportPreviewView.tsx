import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { formatDate, intlLocale, joinNames } from "../../lib/format";
import { RunChart } from "../learning";
import type { ReportPreview } from "./api";
import { formatScore } from "./overview";

function hours(value: number): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 }).format(value);
}

const TEXT_PHASES = ["plan", "act", "observe", "reflect"] as const;

/** The compiled report as the PDF and Markdown show it. */
export function ReportPreviewView({ preview: p }: { preview: ReportPreview }) {
  const { t } = useTranslation();
  const r = p.report;
  return (
    <article className="report-preview" data-testid="report-preview" aria-labelledby="preview-title">
      <Heading level={3} data-size="sm" id="preview-title">
        {r.title}
      </Heading>
      <Paragraph data-size="sm">
        {t(`progress.kind.${r.kind}`)} · {p.workspace_name}
        {p.municipalities.length > 0 && ` (${joinNames(p.municipalities.map((m) => m.name), t("common.and"))})`} ·{" "}
        {t("progress.reports.period", { start: formatDate(r.period_start), end: formatDate(r.period_end) })}
      </Paragraph>

      {r.foreword_html.trim() && (
        <section aria-labelledby="preview-foreword">
          <Heading level={4} data-size="xs" id="preview-foreword">
            {t("progress.report.foreword")}
          </Heading>
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.foreword_html }} />
        </section>
      )}

      <section aria-labelledby="preview-aim">
        <Heading level={4} data-size="xs" id="preview-aim">
          {t("progress.workspace.aim")}
        </Heading>
        {p.aim && p.aim.aim_what_html.trim() ? (
          <>
            <div className="prose" dangerouslySetInnerHTML={{ __html: p.aim.aim_what_html }} />
            {p.aim.aim_for_whom && (
              <Paragraph data-size="sm">
                {t("progress.workspace.forWhom")}: {p.aim.aim_for_whom}
              </Paragraph>
            )}
            {p.aim.aim_by_when && (
              <Paragraph data-size="sm">
                {t("progress.workspace.byWhen")}: {formatDate(p.aim.aim_by_when)}
              </Paragraph>
            )}
          </>
        ) : (
          <Paragraph className="muted">{t("progress.workspace.noAim")}</Paragraph>
        )}
        {p.partners.length > 0 && (
          <>
            <Paragraph data-size="sm">
              <strong>{t("progress.preview.partners")}</strong>
            </Paragraph>
            <ul>
              {p.partners.map((partner) => (
                <li key={`${partner.name}-${partner.role}`}>
                  {partner.name}
                  {partner.role && ` – ${partner.role}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="preview-cycles">
        <Heading level={4} data-size="xs" id="preview-cycles">
          {t("progress.preview.cycles", { count: p.cycles.length })}
        </Heading>
        {p.cycles.length === 0 ? (
          <Paragraph className="muted">{t("progress.preview.noCycles")}</Paragraph>
        ) : (
          p.cycles.map((c) => (
            <section key={c.id} className="report-preview__cycle" aria-labelledby={`preview-cycle-${c.id}`} data-testid="preview-cycle">
              <Heading level={5} data-size="2xs" id={`preview-cycle-${c.id}`}>
                {c.title}
              </Heading>
              <Paragraph data-size="sm" className="muted">
                {c.done_at
                  ? t("progress.report.cycleDates", { start: formatDate(c.started_at), end: formatDate(c.done_at) })
                  : t("progress.report.cycleOpen", { start: formatDate(c.started_at) })}{" "}
                · {t(`progress.phase.${c.phase}`)} · {t("progress.preview.hours", { hours: hours(c.hours_spent) })}
              </Paragraph>
              <dl className="report-preview__phases">
                {TEXT_PHASES.map((phase) => (
                  <div key={phase}>
                    <dt>{t(`progress.phase.${phase}`)}</dt>
                    <dd>
                      {c[`${phase}_html`].trim() ? (
                        <div className="prose" dangerouslySetInnerHTML={{ __html: c[`${phase}_html`] }} />
                      ) : (
                        <span className="muted">{t("progress.preview.emptyPhase")}</span>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))
        )}
      </section>

      <section aria-labelledby="preview-measures">
        <Heading level={4} data-size="xs" id="preview-measures">
          {t("progress.workspace.measures")}
        </Heading>
        {p.measures.length === 0 ? (
          <Paragraph className="muted">{t("progress.preview.noMeasures")}</Paragraph>
        ) : (
          p.measures.map((m) => (
            <RunChart
              key={m.id}
              name={m.name}
              unit={m.unit}
              points={m.points}
              median={m.median ?? null}
              target={m.target ?? null}
              shifts={m.shifts}
              cycleStarts={[]}
            />
          ))
        )}
      </section>

      <section aria-labelledby="preview-scores">
        <Heading level={4} data-size="xs" id="preview-scores">
          {t("progress.workspace.scores")}
        </Heading>
        {p.scores.length === 0 ? (
          <Paragraph className="muted">{t("progress.preview.noScores")}</Paragraph>
        ) : (
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
        )}
      </section>

      <section aria-labelledby="preview-attendance">
        <Heading level={4} data-size="xs" id="preview-attendance">
          {t("progress.preview.attendance")}
        </Heading>
        {p.attendance.gatherings.length === 0 ? (
          <Paragraph className="muted">{t("progress.preview.noGatherings")}</Paragraph>
        ) : (
          <table className="progress-table progress-table--plain">
            <caption>{t("progress.preview.attendanceCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("progress.preview.gathering")}</th>
                <th scope="col">{t("progress.preview.date")}</th>
                <th scope="col">{t("progress.preview.registered")}</th>
                <th scope="col">{t("progress.preview.attended")}</th>
              </tr>
            </thead>
            <tbody>
              {p.attendance.gatherings.map((g) => (
                <tr key={`${g.title}-${g.starts_at}`}>
                  <th scope="row">{g.title}</th>
                  <td>{formatDate(g.starts_at)}</td>
                  <td className="numeric">{g.registered}</td>
                  <td className="numeric">{g.attended}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Paragraph data-size="sm">
          {t("progress.preview.hoursTotal", { hours: hours(p.hours_total) })}
        </Paragraph>
      </section>
    </article>
  );
}
