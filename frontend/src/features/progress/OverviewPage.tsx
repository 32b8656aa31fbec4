import { Alert, Button, Checkbox, Field, Label, Link, Paragraph, Select, Table, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian, formatDate, formatDateTime, joinNames } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import {
  countiesQuery,
  overviewCsv,
  programmeOverviewQuery,
  type OverviewParams,
  type OverviewRow,
} from "./api";
import { isoToday, saveBlob } from "./download";
import {
  DEFAULT_OVERVIEW,
  OVERVIEW_COLUMNS,
  TREND_ICON,
  ariaSort,
  attendanceText,
  formatScore,
  hasFilters,
  nextSort,
  type OverviewColumn,
  readOverviewParams,
  trendText,
  writeOverviewParams,
} from "./overview";
import "../../components/Verdict.css";
import "./progress.css";

/** The project team's overview of every workspace: sortable, filterable, exportable. */
export function ProgrammeOverviewPage() {
  const { t } = useTranslation();
  usePageTitle(t("progress.overview.title"));
  const [search, setSearch] = useSearchParams();
  const params = readOverviewParams(search);
  const overview = useQuery(programmeOverviewQuery(params));
  // The unfiltered list gives the mentors to choose from (the same request when nothing is filtered).
  const all = useQuery(programmeOverviewQuery(DEFAULT_OVERVIEW));
  const counties = useQuery(countiesQuery());
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  function update(next: OverviewParams) {
    setSearch(writeOverviewParams(next), { replace: true });
  }

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      saveBlob(await overviewCsv(params), `${t("progress.overview.csvName")}-${isoToday()}.csv`);
    } catch (error) {
      setExportError(t("progress.errors.downloadFailed", { message: problemMessage(error, t) }));
    } finally {
      setExporting(false);
    }
  }

  const mentors = new Map<string, string>();
  for (const row of all.data?.items ?? []) for (const m of row.mentors) mentors.set(m.id, m.name);
  const mentorOptions = [...mentors.entries()].sort((a, b) => compareNorwegian(a[1], b[1]));
  const countyOptions = [...(counties.data ?? [])].sort((a, b) => compareNorwegian(a.name, b.name));
  const rows = overview.data?.items ?? [];

  return (
    <>
      <PageHeading>{t("progress.overview.title")}</PageHeading>
      <Paragraph>{t("progress.overview.intro")}</Paragraph>
      <form
        className="progress-filters"
        aria-label={t("progress.overview.filters")}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field>
          <Label htmlFor="overview-tier">{t("progress.overview.tier")}</Label>
          <Select
            id="overview-tier"
            value={params.tier ?? ""}
            onChange={(e) => update({ ...params, tier: (e.target.value || null) as OverviewParams["tier"] })}
          >
            <Select.Option value="">{t("progress.overview.allTiers")}</Select.Option>
            <Select.Option value="pilot">{t("progress.tier.pilot")}</Select.Option>
            <Select.Option value="observer">{t("progress.tier.observer")}</Select.Option>
          </Select>
        </Field>
        <Field>
          <Label htmlFor="overview-county">{t("progress.overview.county")}</Label>
          <Select
            id="overview-county"
            value={params.county ?? ""}
            onChange={(e) => update({ ...params, county: e.target.value || null })}
          >
            <Select.Option value="">{t("progress.overview.allCounties")}</Select.Option>
            {countyOptions.map((c) => (
              <Select.Option key={c.number} value={c.number}>
                {c.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="overview-mentor">{t("progress.overview.mentor")}</Label>
          <Select
            id="overview-mentor"
            value={params.mentor ?? ""}
            onChange={(e) => update({ ...params, mentor: e.target.value || null })}
          >
            <Select.Option value="">{t("progress.overview.allMentors")}</Select.Option>
            {mentorOptions.map(([id, name]) => (
              <Select.Option key={id} value={id}>
                {name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Checkbox
          id="overview-inactive"
          label={t("progress.overview.inactiveFilter", { days: String(overview.data?.inactive_days ?? 30) })}
          checked={params.inactive}
          onChange={(e) => update({ ...params, inactive: e.target.checked })}
        />
        <div className="progress-filters__actions">
          {hasFilters(params) && (
            <Button
              type="button"
              variant="tertiary"
              data-size="sm"
              onClick={() => update({ ...DEFAULT_OVERVIEW, sort: params.sort, order: params.order })}
            >
              {t("progress.overview.clearFilters")}
            </Button>
          )}
          <Button type="button" variant="secondary" onClick={() => void exportCsv()} loading={exporting}>
            {exporting ? t("progress.overview.exporting") : t("progress.overview.export")}
          </Button>
        </div>
      </form>
      {exportError && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{exportError}</Paragraph>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="progress-count">
        {overview.data && (
          <Paragraph data-size="sm">
            {t("progress.overview.count", { count: rows.length })}{" "}
            {t("progress.overview.asOf", { time: formatDateTime(overview.data.as_of) })}
          </Paragraph>
        )}
      </div>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : rows.length === 0 ? (
        <Paragraph className="empty-state">
          {hasFilters(params) ? t("progress.overview.emptyFiltered") : t("progress.overview.empty")}
        </Paragraph>
      ) : (
        <OverviewTable rows={rows} params={params} onSort={(column) => update(nextSort(params, column))} />
      )}
    </>
  );
}

export function OverviewTable({
  rows,
  params,
  onSort,
}: {
  rows: OverviewRow[];
  params: OverviewParams;
  onSort: (column: OverviewColumn) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("progress.overview.tableRegion")}>
      <Table className="progress-table progress-table--overview" data-size="sm">
        <caption>{t("progress.overview.caption")}</caption>
        <Table.Head>
          <Table.Row>
            {OVERVIEW_COLUMNS.map((column) => (
              <Table.HeaderCell
                key={column}
                scope="col"
                sort={ariaSort(params, column)}
                onClick={() => onSort(column)}
                data-testid={`sort-${column}`}
              >
                {t(`progress.overview.columns.${column}`)}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <OverviewTableRow key={row.workspace_id} row={row} />
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}

/** How many of the workspace's measures show special-cause improvement or concern (Making Data Count). */
function MeasureVerdicts({ row }: { row: OverviewRow }) {
  const { t } = useTranslation();
  if (row.measures_improving === 0 && row.measures_concern === 0) return null;
  return (
    <div className="progress-small" data-testid="measure-verdicts">
      {row.measures_improving > 0 && (
        <div className="verdict__item verdict__item--improvement">
          <span className="verdict__icon" aria-hidden="true">
            ↑
          </span>{" "}
          {t("verdict.improving", { count: row.measures_improving })}
        </div>
      )}
      {row.measures_concern > 0 && (
        <div className="verdict__item verdict__item--concern">
          <span className="verdict__icon" aria-hidden="true">
            ↓
          </span>{" "}
          {t("verdict.concern", { count: row.measures_concern })}
        </div>
      )}
    </div>
  );
}

function OverviewTableRow({ row }: { row: OverviewRow }) {
  const { t } = useTranslation();
  const phases = (["plan", "act", "observe", "reflect", "done"] as const)
    .filter((p) => row.cycles_by_phase[p] > 0)
    .map((p) => `${t(`progress.phase.${p}`)} ${row.cycles_by_phase[p]}`);
  return (
    <Table.Row data-testid="overview-row" className={row.inactive ? "progress-row--inactive" : undefined}>
      <Table.HeaderCell scope="row">
        <Link asChild>
          <RouterLink to={`/workspaces/${row.workspace_id}/progress`}>{row.name}</RouterLink>
        </Link>
        {row.inactive && (
          <div>
            <Tag data-color="warning" data-size="sm" data-testid="inactive-flag">
              <span aria-hidden="true">⚠ </span>
              {t("progress.overview.inactiveFlag")}
            </Tag>
          </div>
        )}
      </Table.HeaderCell>
      <Table.Cell>
        {t(`progress.tier.${row.tier}`)}
        {row.status !== "active" && (
          <>
            {" "}
            ({t(`progress.status.${row.status}`)})
          </>
        )}
      </Table.Cell>
      <Table.Cell>{joinNames(row.municipalities.map((m) => m.name), t("common.and"))}</Table.Cell>
      <Table.Cell>
        {row.mentors.length ? row.mentors.map((m) => m.name).join(", ") : <span className="muted">{t("progress.overview.noMentor")}</span>}
      </Table.Cell>
      <Table.Cell>
        <span className="numeric">{row.cycles_total}</span>
        {phases.length > 0 && <div className="muted progress-small">{phases.join(" · ")}</div>}
      </Table.Cell>
      <Table.Cell>
        {row.last_activity_at ? formatDate(row.last_activity_at) : <span className="muted">{t("progress.overview.never")}</span>}
      </Table.Cell>
      <Table.Cell className="numeric">{row.entries_this_month}</Table.Cell>
      <Table.Cell>
        {row.latest_score != null ? (
          <>
            <span className="numeric">{formatScore(row.latest_score)}</span>
            {row.latest_semester && <div className="muted progress-small">{row.latest_semester}</div>}
          </>
        ) : (
          <span className="muted">{t("progress.overview.noScore")}</span>
        )}
      </Table.Cell>
      <Table.Cell data-testid="trend">
        <span aria-hidden="true" className={`progress-trend progress-trend--${row.score_trend}`}>
          {TREND_ICON[row.score_trend]}
        </span>{" "}
        {trendText(row, t)}
      </Table.Cell>
      <Table.Cell>
        {t("progress.overview.shiftValue", {
          shifted: String(row.measures_with_shift),
          total: String(row.measures_total),
        })}
        <MeasureVerdicts row={row} />
      </Table.Cell>
      <Table.Cell>{attendanceText(row, t)}</Table.Cell>
      <Table.Cell>
        <span className="numeric">{row.open_assignments}</span>
        {row.overdue_assignments > 0 && (
          <div className="progress-small">{t("progress.overview.overdue", { count: row.overdue_assignments })}</div>
        )}
      </Table.Cell>
      <Table.Cell>
        <span className="numeric">{row.unanswered_questions}</span>
      </Table.Cell>
    </Table.Row>
  );
}
