import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { formatDate } from "../../lib/format";
import type { Application } from "./api";
import { municipalitiesWithCounty } from "./labels";

/** The fields of an application, in the order of the form, for reading. */
export const APPLICATION_TEXT_FIELDS = [
  "motivation",
  "local_challenge",
  "focus_area",
  "planned_partners",
] as const;

function Text({ value }: { value: string }) {
  const { t } = useTranslation();
  return value.trim() ? (
    <Paragraph className="prose">{value}</Paragraph>
  ) : (
    <Paragraph className="muted">{t("application.notAnswered")}</Paragraph>
  );
}

export function ApplicationField({
  application,
  field,
}: {
  application: Application;
  field: "municipalities" | (typeof APPLICATION_TEXT_FIELDS)[number] | "anchoring" | "hours" | "team";
}) {
  const { t } = useTranslation();
  const a = application;
  switch (field) {
    case "municipalities":
      return <Text value={municipalitiesWithCounty(a.municipalities)} />;
    case "anchoring":
      return a.anchoring_name || a.anchoring_role || a.anchoring_date ? (
        <Paragraph>
          {[a.anchoring_name, a.anchoring_role, formatDate(a.anchoring_date)].filter(Boolean).join(", ")}
        </Paragraph>
      ) : (
        <Text value="" />
      );
    case "hours":
      return <Text value={a.hours_per_semester != null ? t("application.hoursValue", { count: a.hours_per_semester }) : ""} />;
    case "team":
      return a.team.some((m) => m.name) ? (
        <ul className="plain-list">
          {a.team
            .filter((m) => m.name)
            .map((m, i) => (
              <li key={`${m.email}-${i}`}>
                {m.name}
                {m.email && ` (${m.email})`} – {t(`functions.${m.function}`)}
              </li>
            ))}
        </ul>
      ) : (
        <Text value="" />
      );
    default:
      return <Text value={a[field]} />;
  }
}

export const APPLICATION_SECTIONS = [
  ["municipalities", "application.municipalities"],
  ["motivation", "application.motivation"],
  ["local_challenge", "application.localChallenge"],
  ["focus_area", "application.focusArea"],
  ["planned_partners", "application.plannedPartners"],
  ["anchoring", "application.anchoring"],
  ["hours", "application.hours"],
  ["team", "application.team"],
] as const;

/** All of an application, read only; headings start at `level`. */
export function ApplicationDetails({ application, level = 2 }: { application: Application; level?: 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <div className="application-details">
      {APPLICATION_SECTIONS.map(([field, label]) => (
        <section key={field} className="section">
          <Heading level={level} data-size="2xs">
            {t(label)}
          </Heading>
          <ApplicationField application={application} field={field} />
        </section>
      ))}
    </div>
  );
}
