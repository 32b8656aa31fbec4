import { Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { APPLICATION_SECTIONS, ApplicationField } from "./ApplicationDetails";
import { applicationQuery } from "./api";
import { municipalityNames } from "./labels";
import { ScoreTotal } from "./ReviewApplicationPage";

/** Two applications side by side, field by field, for reading them against each other. */
export function ComparePage() {
  const { t } = useTranslation();
  usePageTitle(t("compare.title"));
  const [params] = useSearchParams();
  const ids = [params.get("a") ?? "", params.get("b") ?? ""].filter(Boolean);
  const results = useQueries({ queries: ids.map((id) => applicationQuery(id)) });

  const back = (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/review">{t("review.backToBoard")}</RouterLink>
      </Link>
    </Paragraph>
  );

  if (ids.length !== 2) {
    return (
      <>
        <PageHeading>{t("compare.title")}</PageHeading>
        <Paragraph className="empty-state">{t("compare.chooseTwo")}</Paragraph>
        {back}
      </>
    );
  }
  const failed = results.find((r) => r.isError);
  const [a, b] = results.map((r) => r.data);

  return (
    <>
      <PageHeading>{t("compare.title")}</PageHeading>
      <Paragraph>{t("compare.intro")}</Paragraph>
      {back}
      {failed ? (
        <QueryError error={failed.error} onRetry={() => results.forEach((r) => void r.refetch())} />
      ) : !a || !b ? (
        <Loading />
      ) : (
        <div className="compare">
          <div className="compare__row compare__head">
            {[a, b].map((x) => {
              const names = x.municipalities.length ? municipalityNames(x.municipalities, t) : t("myApplications.noMunicipalities");
              return (
                <div key={x.id} className="compare__cell">
                  <Heading level={2} data-size="xs">
                    <Link asChild>
                      <RouterLink to={`/review/${x.id}`}>{names}</RouterLink>
                    </Link>
                  </Heading>
                  <Paragraph data-size="sm">
                    {x.applicant.name} · {t(`applicationStatus.${x.status}`)}
                  </Paragraph>
                  <ScoreTotal value={x.weighted_score ?? null} label={t("review.total")} />
                </div>
              );
            })}
          </div>
          {APPLICATION_SECTIONS.map(([field, label]) => (
            <section key={field} className="compare__section" aria-labelledby={`compare-${field}`}>
              <Heading level={2} data-size="2xs" id={`compare-${field}`} className="compare__label">
                {t(label)}
              </Heading>
              <div className="compare__row">
                {[a, b].map((x) => (
                  <div key={x.id} className="compare__cell">
                    <Heading level={3} className="visually-hidden">
                      {x.municipalities.length ? municipalityNames(x.municipalities, t) : t("myApplications.noMunicipalities")}
                    </Heading>
                    <ApplicationField application={x} field={field} />
                  </div>
                ))}
              </div>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
