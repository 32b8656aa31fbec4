import { Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { useMe } from "../../lib/session";
import { gatheringsQuery, type GatheringSummary } from "./api";
import { GatheringTags, useWhere } from "./shared";
import { formatOsloRange } from "./time";
import "./gatherings.css";

type When = "upcoming" | "past";

/** The programme calendar: upcoming and past gatherings, with the reader's own status. */
export function GatheringsPage() {
  const { t } = useTranslation();
  usePageTitle(t("gatherings.calendar.title"));
  const { data: me } = useMe();

  return (
    <>
      <PageHeading>{t("gatherings.calendar.title")}</PageHeading>
      <Paragraph>{t("gatherings.calendar.intro")}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to="/assignments">{t("gatherings.assignments.calendarLink")}</RouterLink>
        </Link>
      </Paragraph>
      {me?.role === "admin" && (
        <div>
          <Button asChild>
            <RouterLink to="/gatherings/new">{t("gatherings.calendar.new")}</RouterLink>
          </Button>
        </div>
      )}
      <section className="section" aria-labelledby="gatherings-upcoming">
        <Heading level={2} data-size="sm" id="gatherings-upcoming">
          {t("gatherings.calendar.upcoming")}
        </Heading>
        <GatheringList when="upcoming" />
      </section>
      <section className="section" aria-labelledby="gatherings-past">
        <Heading level={2} data-size="sm" id="gatherings-past">
          {t("gatherings.calendar.past")}
        </Heading>
        <GatheringList when="past" />
      </section>
    </>
  );
}

function GatheringList({ when }: { when: When }) {
  const { t } = useTranslation();
  const list = useQuery(gatheringsQuery(when));
  if (list.isPending) return <Loading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) {
    return (
      <Paragraph className="empty-state">
        {when === "upcoming" ? t("gatherings.calendar.emptyUpcoming") : t("gatherings.calendar.emptyPast")}
      </Paragraph>
    );
  }
  return (
    <ul className="row-list">
      {list.data.map((g) => (
        <GatheringRow key={g.id} gathering={g} />
      ))}
    </ul>
  );
}

function GatheringRow({ gathering: g }: { gathering: GatheringSummary }) {
  const where = useWhere();
  return (
    <li className={`row-list__item${g.cancelled ? " gathering-row--cancelled" : ""}`}>
      <div className="row-list__main">
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={`/gatherings/${g.id}`}>{g.title}</RouterLink>
          </Link>
        </Heading>
        <Paragraph data-size="sm">
          <time dateTime={g.starts_at}>{formatOsloRange(g.starts_at, g.ends_at)}</time>
        </Paragraph>
        {where(g) && <Paragraph data-size="sm">{where(g)}</Paragraph>}
      </div>
      <div className="row-list__tags">
        <GatheringTags gathering={g} />
      </div>
    </li>
  );
}
