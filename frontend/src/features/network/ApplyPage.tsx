import {
  Alert,
  Button,
  Card,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Radio,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { applicationsQuery, cohortsQuery, useCreateApplication } from "./api";
import { municipalityNames } from "./labels";

export function ApplyPage() {
  const { t } = useTranslation();
  usePageTitle(t("apply.title"));
  const navigate = useNavigate();
  const { data: me } = useMe();
  const cohorts = useQuery(cohortsQuery());
  const mine = useInfiniteQuery(applicationsQuery());
  const create = useCreateApplication();
  const open = (cohorts.data ?? []).filter((c) => c.accepting_applications);
  const [chosen, setChosen] = useState<string>("");
  const cohortId = chosen || (open.length === 1 ? (open[0]?.id ?? "") : "");
  const [missing, setMissing] = useState(false);
  const drafts = (mine.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (a) => a.status === "draft" && a.applicant.id === me?.id,
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!cohortId) {
      setMissing(true);
      return;
    }
    setMissing(false);
    create.mutate(cohortId, {
      onSuccess: (application) => void navigate(`/applications/${application.id}`),
    });
  }

  return (
    <>
      <PageHeading>{t("apply.title")}</PageHeading>
      <Paragraph>{t("apply.intro")}</Paragraph>
      {drafts.length > 0 && (
        <Alert data-color="info" className="notice">
          <Heading level={2} data-size="2xs">
            {t("apply.draftsTitle")}
          </Heading>
          <ul className="plain-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <Link asChild>
                  <RouterLink to={`/applications/${d.id}`}>
                    {d.municipalities.length
                      ? t("application.titleFor", { names: municipalityNames(d.municipalities, t) })
                      : t("apply.untitledDraft", { when: formatDateTime(d.created_at) })}
                  </RouterLink>
                </Link>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {cohorts.isPending ? (
        <Loading />
      ) : cohorts.isError ? (
        <QueryError error={cohorts.error} onRetry={() => void cohorts.refetch()} />
      ) : open.length === 0 ? (
        <Paragraph className="empty-state">{t("apply.noneOpen")}</Paragraph>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <Fieldset>
            <Fieldset.Legend>{t("apply.chooseCohort")}</Fieldset.Legend>
            {open.map((c) => (
              <Radio
                key={c.id}
                name="cohort"
                value={c.id}
                checked={cohortId === c.id}
                onChange={() => setChosen(c.id)}
                label={c.name}
                description={[
                  t("apply.period", { from: formatDate(c.starts_on), to: formatDate(c.ends_on) }),
                  c.applications_close_at ? t("apply.deadline", { when: formatDateTime(c.applications_close_at) }) : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
              />
            ))}
            {missing && <ValidationMessage>{t("apply.chooseCohortError")}</ValidationMessage>}
          </Fieldset>
          {cohortId &&
            open
              .filter((c) => c.id === cohortId)
              .map((c) => (
                <Card key={c.id} data-color="neutral" className="cohort-card">
                  {c.description && <Paragraph>{c.description}</Paragraph>}
                  {c.criteria.length > 0 && (
                    <>
                      <Heading level={2} data-size="2xs">
                        {t("apply.criteria")}
                      </Heading>
                      <ul>
                        {c.criteria.map((cr) => (
                          <li key={cr.id}>
                            <strong>{cr.title}</strong>
                            {cr.description && ` – ${cr.description}`}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </Card>
              ))}
          {create.isError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(create.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions">
            <Button type="submit" loading={create.isPending}>
              {create.isPending ? t("apply.starting") : t("apply.start")}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
