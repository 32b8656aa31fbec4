import { Button, Heading, Link, Paragraph, Tag, ToggleGroup } from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { SEARCH_TYPES, searchQuery, type SearchHit, type SearchType } from "./api";
import { Snippet } from "./snippet";

export function parseSearchType(value: string | null): SearchType | null {
  return value && (SEARCH_TYPES as string[]).includes(value) ? (value as SearchType) : null;
}

/** Search results: questions and answers, resources, cycles, entries, gatherings, workspaces. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const type = parseSearchType(params.get("type"));
  usePageTitle(q ? t("knowledge.search.resultsFor", { q }) : t("knowledge.search.button"));
  const results = useInfiniteQuery({ ...searchQuery(q, type), enabled: q.length > 0 });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const listId = useId();

  function setType(value: string) {
    const next = new URLSearchParams(params);
    if (value === "all") next.delete("type");
    else next.set("type", value);
    setParams(next, { replace: true, flushSync: true });
  }

  return (
    <>
      <PageHeading>{q ? t("knowledge.search.resultsFor", { q }) : t("knowledge.search.button")}</PageHeading>
      {!q ? (
        <Paragraph className="empty-state">{t("knowledge.search.empty")}</Paragraph>
      ) : (
        <>
          <div className="filter-bar">
            <ToggleGroup data-size="sm" value={type ?? "all"} onChange={setType} aria-label={t("knowledge.search.typeFilters")}>
              <ToggleGroup.Item value="all">{t("knowledge.search.types.all")}</ToggleGroup.Item>
              {SEARCH_TYPES.map((st) => (
                <ToggleGroup.Item key={st} value={st}>
                  {t(`knowledge.search.types.${st}`)}
                </ToggleGroup.Item>
              ))}
            </ToggleGroup>
          </div>
          <section className="section" aria-labelledby={listId}>
            <Heading level={2} data-size="xs" id={listId} aria-live="polite" data-testid="search-count">
              {results.isSuccess
                ? results.hasNextPage
                  ? t("knowledge.search.countMore", { count: items.length })
                  : t("knowledge.search.count", { count: items.length })
                : t("knowledge.search.button")}
            </Heading>
            {results.isPending ? (
              <Loading />
            ) : results.isError ? (
              <QueryError error={results.error} onRetry={() => void results.refetch()} />
            ) : items.length === 0 ? (
              <div className="empty-state">
                <Paragraph>{t("knowledge.search.noResults", { q })}</Paragraph>
                <Paragraph data-size="sm">{t("knowledge.search.noResultsHint")}</Paragraph>
              </div>
            ) : (
              <ol className="row-list" data-testid="search-results">
                {items.map((hit) => (
                  <HitRow key={`${hit.type}-${hit.id}`} hit={hit} />
                ))}
              </ol>
            )}
            {results.hasNextPage && (
              <div>
                <Button variant="secondary" loading={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
                  {t("knowledge.search.loadMore")}
                </Button>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}

function HitRow({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  return (
    <li className="row-list__item search-hit">
      <div className="row-list__main">
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={hit.url}>{hit.title}</RouterLink>
          </Link>
        </Heading>
        {hit.snippet && (
          <Paragraph data-size="sm">
            <Snippet html={hit.snippet} className="snippet" />
          </Paragraph>
        )}
        {hit.workspace_name && (
          <Paragraph data-size="sm" className="muted">
            {hit.workspace_name}
          </Paragraph>
        )}
      </div>
      <div className="row-list__tags">
        <Tag data-size="sm" data-color="neutral">
          {t(`knowledge.search.type.${hit.type}`)}
        </Tag>
      </div>
    </li>
  );
}
