import { Alert, Button, Checkbox, Heading, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { registrationsCsv, registrationsQuery, useAttendance, type Gathering, type Registration } from "./api";
import { saveBlob, slug } from "./download";
import { BackToCalendar, GatheringError, useGatheringFromRoute } from "./GatheringPage";
import { formatOsloRange } from "./time";
import "./gatherings.css";

export function RegistrationsPage() {
  const { t } = useTranslation();
  const { gathering } = useGatheringFromRoute();
  usePageTitle(
    gathering.data ? t("gatherings.registrations.title", { title: gathering.data.title }) : t("gatherings.page.registrations"),
  );
  if (gathering.isPending) return <Loading />;
  if (gathering.isError) return <GatheringError error={gathering.error} onRetry={() => void gathering.refetch()} />;
  return <Registrations gathering={gathering.data} />;
}

function Registrations({ gathering }: { gathering: Gathering }) {
  const { t } = useTranslation();
  const rows = useQuery(registrationsQuery(gathering.id));
  const attendance = useAttendance(gathering.id);
  const countsId = useId();
  const [exporting, setExporting] = useState(false);
  // What was just ticked shows at once, before the server has answered.
  const [ticking, setTicking] = useState<Record<string, boolean>>({});

  function tick(registrationId: string, attended: boolean) {
    setTicking((current) => ({ ...current, [registrationId]: attended }));
    attendance.mutate(
      { registrationId, attended },
      {
        onSettled: () =>
          setTicking((current) => {
            const { [registrationId]: _, ...rest } = current;
            return rest;
          }),
      },
    );
  }
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      saveBlob(await registrationsCsv(gathering.id), `${slug(gathering.title)}-deltakere.csv`);
    } catch (error) {
      setExportError(t("gatherings.errors.downloadFailed", { message: problemMessage(error, t) }));
    } finally {
      setExporting(false);
    }
  }

  const list = [...(rows.data ?? [])].sort(
    (a, b) => compareNorwegian(a.workspace_name ?? "", b.workspace_name ?? "") || compareNorwegian(a.name, b.name),
  );
  const count = (p: (r: Registration) => boolean) => list.filter(p).length;

  return (
    <>
      <PageHeading>{t("gatherings.registrations.title", { title: gathering.title })}</PageHeading>
      <Paragraph>{formatOsloRange(gathering.starts_at, gathering.ends_at)}</Paragraph>
      <Paragraph>{t("gatherings.registrations.intro")}</Paragraph>
      <div className="inline-actions">
        <Button variant="secondary" onClick={() => void exportCsv()} loading={exporting}>
          {exporting ? t("gatherings.registrations.exporting") : t("gatherings.registrations.export")}
        </Button>
      </div>
      {exportError && (
        <Alert data-color="danger" className="notice" role="alert">
          <Paragraph>{exportError}</Paragraph>
        </Alert>
      )}
      {rows.isPending ? (
        <Loading />
      ) : rows.isError ? (
        <QueryError error={rows.error} onRetry={() => void rows.refetch()} />
      ) : list.length === 0 ? (
        <Paragraph className="empty-state">{t("gatherings.registrations.empty")}</Paragraph>
      ) : (
        <>
          <section aria-labelledby={countsId} className="section">
            <Heading level={2} data-size="xs" id={countsId}>
              {t("gatherings.registrations.counts")}
            </Heading>
            <dl className="counts" data-testid="registration-counts">
              <div>
                <dt>{t("gatherings.registrations.countInPerson")}</dt>
                <dd>{count((r) => r.mode === "in_person" && r.status === "confirmed")}</dd>
              </div>
              <div>
                <dt>{t("gatherings.registrations.countOnline")}</dt>
                <dd>{count((r) => r.mode === "online")}</dd>
              </div>
              <div>
                <dt>{t("gatherings.registrations.countWaiting")}</dt>
                <dd>{count((r) => r.status === "waiting")}</dd>
              </div>
              <div>
                <dt>{t("gatherings.registrations.countNotAttending")}</dt>
                <dd>{count((r) => r.mode === "not_attending")}</dd>
              </div>
              <div>
                <dt>{t("gatherings.registrations.countAttended")}</dt>
                <dd data-testid="count-attended">{count((r) => r.attended === true)}</dd>
              </div>
            </dl>
          </section>
          {attendance.isError && (
            <Alert data-color="danger" className="notice" role="alert">
              <Paragraph>
                {t("gatherings.registrations.saveFailed", { message: problemMessage(attendance.error, t) })}
              </Paragraph>
            </Alert>
          )}
          <div className="table-scroll">
            <Table data-size="sm" zebra>
              <caption className="visually-hidden">{t("gatherings.registrations.title", { title: gathering.title })}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("gatherings.registrations.name")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("gatherings.registrations.workspace")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("gatherings.registrations.mode")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("gatherings.registrations.status")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("gatherings.registrations.needs")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("gatherings.registrations.attended")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {list.map((r) => (
                  <Table.Row key={r.id}>
                    <Table.Cell>
                      {r.name}
                      <br />
                      <span className="muted">{r.email}</span>
                    </Table.Cell>
                    <Table.Cell>{r.workspace_name ?? t("gatherings.registrations.noWorkspace")}</Table.Cell>
                    <Table.Cell>{t(`gatherings.modes.${r.mode}`)}</Table.Cell>
                    <Table.Cell>
                      <Tag data-size="sm" data-color={r.status === "waiting" ? "warning" : "success"}>
                        {t(`gatherings.statuses.${r.status}`)}
                      </Tag>
                    </Table.Cell>
                    <Table.Cell>
                      {r.diet || r.accessibility ? (
                        <>
                          {r.diet && <div>{t("gatherings.registrations.diet", { text: r.diet })}</div>}
                          {r.accessibility && (
                            <div>{t("gatherings.registrations.accessibility", { text: r.accessibility })}</div>
                          )}
                        </>
                      ) : (
                        t("gatherings.registrations.noNeeds")
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      {r.mode !== "not_attending" && (
                        <Checkbox
                          aria-label={t("gatherings.registrations.attendedFor", { name: r.name })}
                          checked={ticking[r.id] ?? r.attended === true}
                          onChange={(e) => tick(r.id, e.target.checked)}
                        />
                      )}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </>
      )}
      <BackToCalendar />
    </>
  );
}
