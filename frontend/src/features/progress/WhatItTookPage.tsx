import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { intlLocale } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { whatItTookQuery, type SemesterFigures, type Summary } from "./api";
import "./progress.css";

function number(value: number): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 }).format(value);
}

export function semesterLabel(s: Pick<SemesterFigures, "season" | "year">, t: TFunction): string {
  return s.season === "spring" || s.season === "autumn"
    ? t(`progress.whatItTook.season.${s.season}`, { year: String(s.year) })
    : String(s.year);
}

function SummaryCell({ summary }: { summary: Summary | null | undefined }) {
  const { t } = useTranslation();
  if (!summary) return <td>–</td>;
  return (
    <td>
      <span className="numeric">{number(summary.median)}</span>{" "}
      <span className="muted progress-small progress-range">
        {t("progress.whatItTook.range", { min: number(summary.min), max: number(summary.max) })}
      </span>
    </td>
  );
}

/** For future applicants: what the pilots spent, per semester, as median and range. No names. */
export function WhatItTookPage() {
  const { t } = useTranslation();
  usePageTitle(t("progress.whatItTook.title"));
  const data = useQuery(whatItTookQuery());
  return (
    <>
      <PageHeading>{t("progress.whatItTook.title")}</PageHeading>
      <Paragraph>{t("progress.whatItTook.intro")}</Paragraph>
      <Paragraph>{t("progress.whatItTook.howToRead")}</Paragraph>
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <QueryError error={data.error} onRetry={() => void data.refetch()} />
      ) : data.data.semesters.length === 0 ? (
        <Paragraph className="empty-state">{t("progress.whatItTook.empty")}</Paragraph>
      ) : (
        <section className="section" aria-labelledby="what-it-took-table">
          <Heading level={2} data-size="sm" id="what-it-took-table">
            {data.data.cohort
              ? t("progress.whatItTook.tableHeadingCohort", { cohort: data.data.cohort.name })
              : t("progress.whatItTook.tableHeading")}
          </Heading>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="what-it-took-table">
            <table className="progress-table progress-table--plain" data-testid="what-it-took">
              <caption>{t("progress.whatItTook.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("progress.whatItTook.semester")}</th>
                  <th scope="col">{t("progress.whatItTook.workspaces")}</th>
                  <th scope="col">{t("progress.whatItTook.hours")}</th>
                  <th scope="col">{t("progress.whatItTook.people")}</th>
                  <th scope="col">{t("progress.whatItTook.gatherings")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.semesters.map((s) => (
                  <tr key={s.semester}>
                    <th scope="row">{semesterLabel(s, t)}</th>
                    <td className="numeric">{s.workspaces}</td>
                    {s.suppressed ? (
                      <td colSpan={3} className="muted">
                        {t("progress.whatItTook.suppressed", { min: String(data.data.min_group) })}
                      </td>
                    ) : (
                      <>
                        <SummaryCell summary={s.hours} />
                        <SummaryCell summary={s.people} />
                        <SummaryCell summary={s.gatherings_attended} />
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Heading level={3} data-size="xs">
            {t("progress.whatItTook.aboutHeading")}
          </Heading>
          <ul>
            <li>{t("progress.whatItTook.aboutHours")}</li>
            <li>{t("progress.whatItTook.aboutPeople")}</li>
            <li>{t("progress.whatItTook.aboutGatherings")}</li>
            <li>{t("progress.whatItTook.aboutSemesters")}</li>
            <li>{t("progress.whatItTook.aboutPrivacy", { min: String(data.data.min_group) })}</li>
          </ul>
        </section>
      )}
    </>
  );
}
