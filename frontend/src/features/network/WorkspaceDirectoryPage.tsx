import { Button, Field, Heading, Label, Link, Paragraph, Select, Tag } from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { FollowWorkspaceButton } from "../feed";
import { TIERS, countiesQuery, workspacesQuery, type DirectoryFilters, type Tier } from "./api";
import { municipalitiesWithCounty } from "./labels";

function isTier(value: string | null): value is Tier {
  return value !== null && (TIERS as string[]).includes(value);
}

export function WorkspaceDirectoryPage() {
  const { t } = useTranslation();
  usePageTitle(t("directory.title"));
  const [params, setParams] = useSearchParams();
  const tierParam = params.get("tier");
  const countyParam = params.get("county");
  const filters: DirectoryFilters = {
    ...(isTier(tierParam) ? { tier: tierParam } : {}),
    ...(countyParam && /^\d{2}$/.test(countyParam) ? { county: countyParam } : {}),
  };
  const counties = useQuery(countiesQuery());
  const list = useInfiniteQuery(workspacesQuery(filters));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  function setFilter(name: "tier" | "county", value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true, flushSync: true });
  }

  return (
    <>
      <PageHeading>{t("directory.title")}</PageHeading>
      <Paragraph>{t("directory.intro")}</Paragraph>

      <div role="search" className="filters" aria-label={t("directory.filtersLabel")}>
        <Field>
          <Label htmlFor="filter-tier">{t("directory.tier")}</Label>
          <Select
            id="filter-tier"
            value={filters.tier ?? ""}
            onChange={(e) => setFilter("tier", e.target.value)}
            width="auto"
          >
            <Select.Option value="">{t("directory.allTiers")}</Select.Option>
            {TIERS.map((tier) => (
              <Select.Option key={tier} value={tier}>
                {t(`tiers.${tier}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="filter-county">{t("directory.county")}</Label>
          <Select
            id="filter-county"
            value={filters.county ?? ""}
            onChange={(e) => setFilter("county", e.target.value)}
            width="auto"
          >
            <Select.Option value="">{t("directory.allCounties")}</Select.Option>
            {(counties.data ?? []).map((c) => (
              <Select.Option key={c.number} value={c.number}>
                {c.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>

      <section aria-labelledby="directory-results" className="section">
        <Heading level={2} data-size="xs" id="directory-results">
          {t("directory.results")}
        </Heading>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Paragraph className="empty-state">{t("directory.empty")}</Paragraph>
        ) : (
          <>
            <ul className="row-list" data-testid="workspace-list">
              {items.map((w) => (
                <li key={w.id} className="row-list__item">
                  <div className="row-list__main">
                    <Heading level={3} data-size="2xs">
                      <Link asChild>
                        <RouterLink to={`/workspaces/${w.id}`}>{w.name}</RouterLink>
                      </Link>
                    </Heading>
                    <Paragraph data-size="sm">{municipalitiesWithCounty(w.municipalities)}</Paragraph>
                  </div>
                  <div className="row-list__tags">
                    <Tag data-color={w.tier === "pilot" ? "accent" : "neutral"} data-size="sm">
                      {t(`tiers.${w.tier}`)}
                    </Tag>
                    {w.status !== "active" && (
                      <Tag data-color={w.status === "withdrawn" ? "warning" : "info"} data-size="sm">
                        {t(`workspaceStatus.${w.status}`)}
                      </Tag>
                    )}
                    <FollowWorkspaceButton workspaceId={w.id} name={w.name} />
                  </div>
                </li>
              ))}
            </ul>
            {list.hasNextPage && (
              <div>
                <Button
                  variant="secondary"
                  onClick={() => void list.fetchNextPage()}
                  loading={list.isFetchingNextPage}
                >
                  {list.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
