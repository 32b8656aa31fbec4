import { Alert, Button, Field, Heading, Label, Link, Paragraph, Select, Tag, Textfield } from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian, formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { useMe } from "../../lib/session";
import { resourcesQuery, workspacesQuery, type Resource } from "./api";
import {
  RESOURCE_KINDS,
  RESOURCE_LANGUAGES,
  RESOURCE_SORTS,
  filtersFromSearch,
  hasFilters,
  searchFromFilters,
  type ResourceFilters,
} from "./resourceFilters";

/** Who may add resources: the project team and members of a workspace. */
export function useCanAddResources(): boolean {
  const { data: me } = useMe();
  return me?.role === "admin" || (me?.memberships.length ?? 0) > 0;
}

/** The resource bank: filters (kind, tag, language, owner) and sort, all kept in the address. */
export function ResourcesPage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.resources.title"));
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const list = useInfiniteQuery(resourcesQuery(filters));
  const canAdd = useCanAddResources();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const listHeadingId = useId();
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;

  function update(patch: Partial<ResourceFilters>) {
    setParams(searchFromFilters({ ...filters, ...patch }), { replace: true, flushSync: true });
  }

  return (
    <>
      <PageHeading>{t("knowledge.resources.title")}</PageHeading>
      <Paragraph>{t("knowledge.resources.intro")}</Paragraph>
      {deleted && (
        <Alert data-color="success" className="notice">
          <Paragraph>{t("knowledge.resource.deleted")}</Paragraph>
        </Alert>
      )}
      <div className="meta-line">
        {canAdd && (
          <Button asChild>
            <RouterLink to="/resources/new">{t("knowledge.resources.new")}</RouterLink>
          </Button>
        )}
        <Link asChild>
          <RouterLink to="/collections">{t("knowledge.resources.collections")}</RouterLink>
        </Link>
      </div>
      <FilterBar filters={filters} onChange={update} onClear={() => setParams(new URLSearchParams(), { replace: true, flushSync: true })} />
      <section className="section" aria-labelledby={listHeadingId}>
        <Heading level={2} data-size="xs" id={listHeadingId}>
          {list.isSuccess
            ? list.hasNextPage
              ? t("knowledge.resources.countMore", { count: items.length })
              : t("knowledge.resources.count", { count: items.length })
            : t("knowledge.resources.title")}
        </Heading>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Paragraph className="empty-state">
            {hasFilters(filters) ? t("knowledge.resources.noMatch") : t("knowledge.resources.empty")}
          </Paragraph>
        ) : (
          <ul className="row-list" data-testid="resource-list">
            {items.map((r) => (
              <ResourceRow key={r.id} resource={r} />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div>
            <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t("knowledge.resources.loadMore")}
            </Button>
          </div>
        )}
      </section>
    </>
  );
}

function FilterBar({
  filters,
  onChange,
  onClear,
}: {
  filters: ResourceFilters;
  onChange: (patch: Partial<ResourceFilters>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const workspaces = useQuery(workspacesQuery());
  const ids = { kind: useId(), language: useId(), owner: useId(), sort: useId(), tag: useId() };
  const [tag, setTag] = useState(filters.tag ?? "");
  useEffect(() => setTag(filters.tag ?? ""), [filters.tag]);

  function onTag(event: FormEvent) {
    event.preventDefault();
    onChange({ tag: tag.trim() || null });
  }

  const sorted = [...(workspaces.data?.items ?? [])].sort((a, b) => compareNorwegian(a.name, b.name));

  return (
    <form className="filter-bar" aria-label={t("knowledge.resources.filters")} onSubmit={onTag}>
      <Field data-size="sm">
        <Label htmlFor={ids.kind}>{t("knowledge.resources.kind")}</Label>
        <Select id={ids.kind} value={filters.kind ?? ""} onChange={(e) => onChange({ kind: (e.target.value || null) as ResourceFilters["kind"] })}>
          <Select.Option value="">{t("knowledge.resources.any")}</Select.Option>
          {RESOURCE_KINDS.map((k) => (
            <Select.Option key={k} value={k}>
              {t(`knowledge.resources.kinds.${k}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Field data-size="sm">
        <Label htmlFor={ids.language}>{t("knowledge.resources.language")}</Label>
        <Select
          id={ids.language}
          value={filters.language ?? ""}
          onChange={(e) => onChange({ language: (e.target.value || null) as ResourceFilters["language"] })}
        >
          <Select.Option value="">{t("knowledge.resources.any")}</Select.Option>
          {RESOURCE_LANGUAGES.map((l) => (
            <Select.Option key={l} value={l}>
              {t(`knowledge.resources.languages.${l}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Field data-size="sm">
        <Label htmlFor={ids.owner}>{t("knowledge.resources.owner")}</Label>
        <Select id={ids.owner} value={filters.owner ?? ""} onChange={(e) => onChange({ owner: e.target.value || null })}>
          <Select.Option value="">{t("knowledge.resources.any")}</Select.Option>
          <Select.Option value="project">{t("knowledge.resources.ownerProject")}</Select.Option>
          {sorted.map((w) => (
            <Select.Option key={w.id} value={w.id}>
              {w.name}
            </Select.Option>
          ))}
          {filters.owner && filters.owner !== "project" && !sorted.some((w) => w.id === filters.owner) && (
            <Select.Option value={filters.owner}>{filters.owner}</Select.Option>
          )}
        </Select>
      </Field>
      <Field data-size="sm">
        <Label htmlFor={ids.sort}>{t("knowledge.resources.sort")}</Label>
        <Select id={ids.sort} value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as ResourceFilters["sort"] })}>
          {RESOURCE_SORTS.map((s) => (
            <Select.Option key={s} value={s}>
              {t(`knowledge.resources.sorts.${s}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield id={ids.tag} data-size="sm" label={t("knowledge.resources.tag")} value={tag} onChange={(e) => setTag(e.target.value)} />
      <Button type="submit" data-size="sm" variant="secondary">
        {t("knowledge.resources.apply")}
      </Button>
      {hasFilters(filters) && (
        <Button type="button" data-size="sm" variant="tertiary" onClick={onClear}>
          {t("knowledge.resources.clear")}
        </Button>
      )}
    </form>
  );
}

function ResourceRow({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  return (
    <li className="row-list__item">
      <div className="row-list__main">
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={`/resources/${r.id}`}>{r.title}</RouterLink>
          </Link>
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {r.workspace_name ?? t("knowledge.resources.ownerProject")} · {t(`knowledge.resources.languages.${r.language}`)} ·{" "}
          {formatDate(r.created_at)} · {t("knowledge.resources.downloads", { count: r.download_count })}
        </Paragraph>
        {r.tags.length > 0 && (
          <ul className="chip-list" aria-label={t("knowledge.resources.tag")}>
            {r.tags.map((tag) => (
              <li key={tag}>
                <Link asChild data-size="sm">
                  <RouterLink to={`/resources?tag=${encodeURIComponent(tag)}`}>#{tag}</RouterLink>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="row-list__tags">
        <Tag data-size="sm" data-color="info">
          {t(`knowledge.resources.kinds.${r.kind}`)}
        </Tag>
      </div>
    </li>
  );
}
