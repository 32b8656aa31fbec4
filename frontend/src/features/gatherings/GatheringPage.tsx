import { Alert, Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { usePageTitle } from "../../lib/page";
import { useMe } from "../../lib/session";
import { assignmentsQuery, gatheringQuery, type Gathering, type Material } from "./api";
import { DueDate } from "./AssignmentsPage";
import { CalendarTools } from "./CalendarTools";
import { gatheringProblem } from "./problems";
import { RegistrationForm } from "./RegistrationForm";
import { GatheringTags } from "./shared";
import { formatOslo, formatOsloDayTime, formatOsloRange, formatOsloTime, spansDays } from "./time";
import "./gatherings.css";

/** Load a gathering by the route's :id; shows loading and errors in the page frame. */
export function useGatheringFromRoute() {
  const { id = "" } = useParams();
  return { id, gathering: useQuery(gatheringQuery(id)) };
}

export function GatheringError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t("gatherings.calendar.title")}</PageHeading>
      <Alert data-color="danger" className="notice">
        <Paragraph>{gatheringProblem(error, t)}</Paragraph>
        <Button variant="secondary" data-size="sm" onClick={onRetry} className="notice__action">
          {t("common.retry")}
        </Button>
      </Alert>
      <BackToCalendar />
    </>
  );
}

export function BackToCalendar() {
  const { t } = useTranslation();
  return (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/gatherings">{t("gatherings.page.backToCalendar")}</RouterLink>
      </Link>
    </Paragraph>
  );
}

export function GatheringPage() {
  const { t } = useTranslation();
  const { gathering } = useGatheringFromRoute();
  usePageTitle(gathering.data?.title ?? t("gatherings.calendar.title"));
  if (gathering.isPending) return <Loading />;
  if (gathering.isError) return <GatheringError error={gathering.error} onRetry={() => void gathering.refetch()} />;
  return <GatheringView gathering={gathering.data} />;
}

function MaterialList({ materials }: { materials: Material[] }) {
  return (
    <ul className="plain-list">
      {materials.map((m, i) => (
        <li key={`${m.title}-${i}`}>
          {m.url ? (
            <Link href={m.url} target="_blank" rel="noopener noreferrer">
              {m.title}
            </Link>
          ) : (
            m.title
          )}
        </li>
      ))}
    </ul>
  );
}

function GatheringView({ gathering: g }: { gathering: Gathering }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const aboutId = useId();
  const agendaId = useId();
  const materialsId = useId();
  const isAdmin = me?.role === "admin";

  return (
    <>
      <PageHeading>{g.title}</PageHeading>
      <div className="row-list__tags">
        <GatheringTags gathering={g} showMine={false} />
      </div>
      {g.cancelled && (
        <Alert data-color="danger" className="notice">
          <Heading level={2} data-size="2xs">
            {t("gatherings.page.cancelledTitle")}
          </Heading>
          <Paragraph>{t("gatherings.page.cancelledBody")}</Paragraph>
        </Alert>
      )}
      <nav aria-label={t("gatherings.page.groups")} className="inline-actions">
        <Button asChild variant="secondary" data-size="sm">
          <RouterLink to={`/gatherings/${g.id}/groups`}>{t("gatherings.page.groups")}</RouterLink>
        </Button>
        <Button asChild variant="secondary" data-size="sm">
          <RouterLink to={`/gatherings/${g.id}/summary`}>{t("gatherings.page.summary")}</RouterLink>
        </Button>
        {isAdmin && (
          <>
            <Button asChild variant="secondary" data-size="sm">
              <RouterLink to={`/gatherings/${g.id}/registrations`}>{t("gatherings.page.registrations")}</RouterLink>
            </Button>
            <Button asChild variant="secondary" data-size="sm">
              <RouterLink to={`/gatherings/${g.id}/edit`}>{t("gatherings.page.edit")}</RouterLink>
            </Button>
          </>
        )}
      </nav>
      <div className="gathering-layout">
        <div className="gathering-main">
          <div className="panel">
          <dl className="facts">
            <dt>{t("gatherings.page.when")}</dt>
            <dd>
              <time dateTime={g.starts_at}>{formatOsloRange(g.starts_at, g.ends_at)}</time>
            </dd>
            {g.place && (
              <>
                <dt>{t("gatherings.page.place")}</dt>
                <dd>{g.place}</dd>
              </>
            )}
            {g.address && (
              <>
                <dt>{t("gatherings.page.address")}</dt>
                <dd>{g.address}</dd>
              </>
            )}
            {g.online_url && (
              <>
                <dt>{t("gatherings.page.online")}</dt>
                <dd>
                  <Link href={g.online_url} target="_blank" rel="noopener noreferrer">
                    {t("gatherings.page.onlineLink")}
                  </Link>
                </dd>
              </>
            )}
            <dt>{t("gatherings.page.seats")}</dt>
            <dd>
              {g.capacity !== null
                ? t("gatherings.page.seatsTaken", { taken: String(g.in_person_count), capacity: String(g.capacity) })
                : t("gatherings.page.seatsCount", { taken: String(g.in_person_count) })}
            </dd>
            {g.seats_per_workspace !== null && (
              <>
                <dt>{t("gatherings.page.seatsPerWorkspace")}</dt>
                <dd>{g.seats_per_workspace}</dd>
              </>
            )}
            {g.registration_deadline && (
              <>
                <dt>{t("gatherings.page.deadline")}</dt>
                <dd>{formatOslo(g.registration_deadline)}</dd>
              </>
            )}
          </dl>
          </div>
          {g.description_html && (
            <section className="panel" aria-labelledby={aboutId}>
              <Heading level={2} data-size="xs" id={aboutId}>
                {t("gatherings.page.about")}
              </Heading>
              {/* Rendered and sanitised by the server (markdown-it without raw HTML, then nh3). */}
              <div className="rendered" dangerouslySetInnerHTML={{ __html: g.description_html }} />
            </section>
          )}
          <section className="panel" aria-labelledby={agendaId}>
            <Heading level={2} data-size="xs" id={agendaId}>
              {t("gatherings.page.agenda")}
            </Heading>
            {g.agenda.length === 0 ? (
              <Paragraph>{t("gatherings.page.agendaEmpty")}</Paragraph>
            ) : (
              <ol className={spansDays(g.starts_at, g.ends_at) ? "agenda agenda--days" : "agenda"}>
                {g.agenda.map((item) => (
                  <li key={item.id} className="agenda__item">
                    <time className="agenda__time" dateTime={item.starts_at}>
                      {spansDays(g.starts_at, g.ends_at) ? formatOsloDayTime(item.starts_at) : formatOsloTime(item.starts_at)}
                    </time>
                    <div className="agenda__body">
                      <Paragraph>
                        <strong>{item.title}</strong>
                      </Paragraph>
                      {item.lead && (
                        <Paragraph data-size="sm">{t("gatherings.page.agendaLead", { lead: item.lead })}</Paragraph>
                      )}
                      {item.materials.length > 0 && (
                        <div aria-label={t("gatherings.page.materialsFor", { title: item.title })} role="group">
                          <MaterialList materials={item.materials} />
                        </div>
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <GatheringAssignments gatheringId={g.id} />
          {g.materials.length > 0 && (
            <section className="panel" aria-labelledby={materialsId}>
              <Heading level={2} data-size="xs" id={materialsId}>
                {t("gatherings.page.materials")}
              </Heading>
              <MaterialList materials={g.materials} />
            </section>
          )}
        </div>
        <div className="gathering-side">
          {me && <RegistrationForm gathering={g} me={me} />}
          {!g.cancelled && <CalendarTools gathering={g} />}
        </div>
      </div>
      <BackToCalendar />
    </>
  );
}

/** The assignments that belong to this gathering, if any (nothing is shown while loading). */
function GatheringAssignments({ gatheringId }: { gatheringId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const list = useQuery(assignmentsQuery());
  const mine = (list.data ?? []).filter((a) => a.gathering_id === gatheringId);
  if (mine.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("gatherings.assignments.forGathering")}
      </Heading>
      <ul className="plain-list">
        {mine.map((a) => (
          <li key={a.id}>
            <Link asChild>
              <RouterLink to={`/assignments/${a.id}`}>{a.title}</RouterLink>
            </Link>{" "}
            <span className="muted">
              (<DueDate dueOn={a.due_on} />)
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
