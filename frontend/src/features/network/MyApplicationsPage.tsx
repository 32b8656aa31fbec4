import { Button, Heading, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { useMe } from "../../lib/session";
import { applicationsQuery } from "./api";
import { municipalityNames } from "./labels";

export function MyApplicationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("myApplications.title"));
  const { data: me } = useMe();
  const list = useInfiniteQuery(applicationsQuery());
  // The project team's list holds everyone's applications; this page is about one's own.
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((a) => a.applicant.id === me?.id);

  return (
    <>
      <PageHeading>{t("myApplications.title")}</PageHeading>
      <Paragraph>{t("myApplications.intro")}</Paragraph>
      <div>
        <Button asChild>
          <RouterLink to="/apply">{t("myApplications.apply")}</RouterLink>
        </Button>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <Paragraph>{t("myApplications.empty")}</Paragraph>
          <Paragraph>
            <Link asChild>
              <RouterLink to="/apply">{t("myApplications.emptyLink")}</RouterLink>
            </Link>
          </Paragraph>
        </div>
      ) : (
        <>
          <ul className="row-list">
            {items.map((a) => (
              <li key={a.id} className="row-list__item">
                <div className="row-list__main">
                  <Heading level={2} data-size="2xs">
                    <Link asChild>
                      <RouterLink to={`/applications/${a.id}`}>
                        {a.municipalities.length
                          ? municipalityNames(a.municipalities, t)
                          : t("myApplications.noMunicipalities")}
                      </RouterLink>
                    </Link>
                  </Heading>
                  <Paragraph data-size="sm">
                    {a.cohort_name} ·{" "}
                    {a.submitted_at
                      ? t("myApplications.submittedAt", { when: formatDateTime(a.submitted_at) })
                      : t("myApplications.updatedAt", { when: formatDateTime(a.updated_at) })}
                  </Paragraph>
                </div>
                <div className="row-list__tags">
                  <Tag data-color={a.status === "draft" ? "warning" : a.status === "submitted" ? "info" : "success"} data-size="sm">
                    {t(`applicationStatus.${a.status}`)}
                  </Tag>
                  {a.outcome && (
                    <Tag data-color={a.outcome === "declined" ? "neutral" : "success"} data-size="sm">
                      {t(`outcomes.${a.outcome}`)}
                    </Tag>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <div>
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t("common.loadMore")}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
