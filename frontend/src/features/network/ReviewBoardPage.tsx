import {
  Button,
  Checkbox,
  Field,
  Label,
  Link,
  Paragraph,
  Select,
  Table,
  Tag,
} from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { applicationsQuery, type ApplicationFilters, type ApplicationStatus } from "./api";
import { municipalityNames } from "./labels";
import { formatScore } from "./scoring";

const STATUSES: ApplicationStatus[] = ["submitted", "decided", "draft"];

export function ReviewBoardPage() {
  const { t } = useTranslation();
  usePageTitle(t("review.title"));
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const sort = params.get("sort") === "newest" ? "newest" : "score";
  const statusParam = params.get("status");
  const status = statusParam === "all" ? undefined : ((STATUSES as string[]).includes(statusParam ?? "") ? (statusParam as ApplicationStatus) : "submitted");
  const filters: ApplicationFilters = { sort, ...(status ? { status } : {}) };
  const list = useInfiniteQuery(applicationsQuery(filters));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [selected, setSelected] = useState<string[]>([]);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true, flushSync: true });
  }

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));
  }

  return (
    <>
      <PageHeading>{t("review.title")}</PageHeading>
      <Paragraph>{t("review.intro")}</Paragraph>
      <div role="search" className="filters" aria-label={t("review.filtersLabel")}>
        <Field>
          <Label htmlFor="review-sort">{t("review.sort")}</Label>
          <Select id="review-sort" value={sort} onChange={(e) => setParam("sort", e.target.value)} width="auto">
            <Select.Option value="score">{t("review.sortScore")}</Select.Option>
            <Select.Option value="newest">{t("review.sortNewest")}</Select.Option>
          </Select>
        </Field>
        <Field>
          <Label htmlFor="review-status">{t("review.status")}</Label>
          <Select id="review-status" value={status ?? "all"} onChange={(e) => setParam("status", e.target.value)} width="auto">
            {STATUSES.map((s) => (
              <Select.Option key={s} value={s}>
                {t(`applicationStatus.${s}`)}
              </Select.Option>
            ))}
            <Select.Option value="all">{t("review.allStatuses")}</Select.Option>
          </Select>
        </Field>
      </div>

      <div className="compare-bar" role="region" aria-label={t("review.compareRegion")}>
        <Paragraph data-size="sm" role="status" aria-live="polite">
          {t("review.compareHint", { count: selected.length })}
        </Paragraph>
        <Button
          variant="secondary"
          disabled={selected.length !== 2}
          onClick={() => void navigate(`/review/compare?a=${selected[0]}&b=${selected[1]}`)}
        >
          {t("review.compare")}
        </Button>
      </div>

      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Paragraph className="empty-state">{t("review.empty")}</Paragraph>
      ) : (
        <>
          <div className="table-scroll">
            <Table data-size="sm" className="review-table" zebra>
              <caption className="visually-hidden">{t("review.caption")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("review.select")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("review.municipalities")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("review.applicant")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("review.status")}</Table.HeaderCell>
                  <Table.HeaderCell sort={sort === "score" ? "descending" : undefined}>{t("review.score")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("review.reviewers")}</Table.HeaderCell>
                  <Table.HeaderCell sort={sort === "newest" ? "descending" : undefined}>{t("review.submitted")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {items.map((a) => {
                  const names = a.municipalities.length ? municipalityNames(a.municipalities, t) : t("myApplications.noMunicipalities");
                  const score = formatScore(a.weighted_score);
                  return (
                    <Table.Row key={a.id}>
                      <Table.Cell>
                        <Checkbox
                          aria-label={t("review.selectFor", { name: names })}
                          checked={selected.includes(a.id)}
                          onChange={(e) => toggle(a.id, e.target.checked)}
                        />
                      </Table.Cell>
                      <Table.Cell>
                        <Link asChild>
                          <RouterLink to={`/review/${a.id}`}>{names}</RouterLink>
                        </Link>
                      </Table.Cell>
                      <Table.Cell>{a.applicant.name}</Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm" data-color={a.status === "submitted" ? "info" : a.status === "decided" ? "success" : "warning"}>
                          {t(`applicationStatus.${a.status}`)}
                        </Tag>
                        {a.outcome && ` ${t(`outcomes.${a.outcome}`)}`}
                      </Table.Cell>
                      <Table.Cell className="numeric">{score ?? t("review.noScore")}</Table.Cell>
                      <Table.Cell className="numeric">{a.reviewer_count}</Table.Cell>
                      <Table.Cell>{formatDateTime(a.submitted_at) || "–"}</Table.Cell>
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table>
          </div>
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
