import {
  Alert,
  Button,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useNavigate, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate, formatDateTime, fromDateTimeLocal, toDateTimeLocal } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { cohortQuery, cohortsQuery, useSaveCohort, type Cohort, type CohortIn } from "./api";
import { newRowKey } from "./applicationForm";

export function CohortsPage() {
  const { t } = useTranslation();
  usePageTitle(t("cohorts.title"));
  const cohorts = useQuery(cohortsQuery());
  return (
    <>
      <PageHeading>{t("cohorts.title")}</PageHeading>
      <Paragraph>{t("cohorts.intro")}</Paragraph>
      <div>
        <Button asChild>
          <RouterLink to="/admin/cohorts/new">{t("cohorts.new")}</RouterLink>
        </Button>
      </div>
      {cohorts.isPending ? (
        <Loading />
      ) : cohorts.isError ? (
        <QueryError error={cohorts.error} onRetry={() => void cohorts.refetch()} />
      ) : cohorts.data.length === 0 ? (
        <Paragraph className="empty-state">{t("cohorts.empty")}</Paragraph>
      ) : (
        <ul className="row-list">
          {cohorts.data.map((c) => (
            <li key={c.id} className="row-list__item">
              <div className="row-list__main">
                <Heading level={2} data-size="2xs">
                  <Link asChild>
                    <RouterLink to={`/admin/cohorts/${c.id}`}>{c.name}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph data-size="sm">
                  {t("apply.period", { from: formatDate(c.starts_on), to: formatDate(c.ends_on) })} ·{" "}
                  {t("cohorts.criteriaCount", { count: c.criteria.length })}
                </Paragraph>
                {c.applications_open_at && (
                  <Paragraph data-size="sm">
                    {t("cohorts.window", {
                      from: formatDateTime(c.applications_open_at),
                      to: c.applications_close_at ? formatDateTime(c.applications_close_at) : "–",
                    })}
                  </Paragraph>
                )}
              </div>
              <div className="row-list__tags">
                <Tag data-size="sm" data-color={c.accepting_applications ? "success" : "neutral"}>
                  {c.accepting_applications ? t("cohorts.open") : t("cohorts.closed")}
                </Tag>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface CriterionRow {
  key: string;
  id?: string;
  title: string;
  description: string;
  weight: string;
}

interface CohortValues {
  name: string;
  starts_on: string;
  ends_on: string;
  semesters: string;
  open_at: string;
  close_at: string;
  description: string;
  criteria: CriterionRow[];
}

function valuesOf(cohort: Cohort | undefined): CohortValues {
  return {
    name: cohort?.name ?? "",
    starts_on: cohort?.starts_on ?? "",
    ends_on: cohort?.ends_on ?? "",
    semesters: (cohort?.semesters ?? []).join("\n"),
    open_at: toDateTimeLocal(cohort?.applications_open_at),
    close_at: toDateTimeLocal(cohort?.applications_close_at),
    description: cohort?.description ?? "",
    criteria: (cohort?.criteria ?? []).map((c) => ({
      key: newRowKey(),
      id: c.id,
      title: c.title,
      description: c.description,
      weight: String(c.weight),
    })),
  };
}

function parseWeight(value: string): number | null {
  const n = Number(value.replace(",", "."));
  return Number.isFinite(n) && n > 0 && n <= 100 ? n : null;
}

function CohortForm({ cohort, created = false }: { cohort?: Cohort; created?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveCohort(cohort?.id);
  const [v, setV] = useState<CohortValues>(() => valuesOf(cohort));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(created);

  const set = (patch: Partial<CohortValues>) => {
    setSaved(false);
    setV((c) => ({ ...c, ...patch }));
  };
  const setRow = (key: string, patch: Partial<CriterionRow>) =>
    set({ criteria: v.criteria.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const move = (index: number, by: number) => {
    const next = [...v.criteria];
    const [row] = next.splice(index, 1);
    if (!row) return;
    next.splice(index + by, 0, row);
    set({ criteria: next });
    setTimeout(() => document.getElementById(`criterion-${index + by}-title`)?.focus(), 0);
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const errors: Record<string, string> = {};
    if (!v.name.trim()) errors.name = t("cohorts.required");
    if (!v.starts_on) errors.starts_on = t("cohorts.required");
    if (!v.ends_on) errors.ends_on = t("cohorts.required");
    if (v.starts_on && v.ends_on && v.ends_on < v.starts_on) errors.ends_on = t("cohorts.endsBeforeStart");
    if (v.open_at && v.close_at && v.close_at <= v.open_at) errors.applications_close_at = t("cohorts.closeBeforeOpen");
    v.criteria.forEach((c, i) => {
      if (!c.title.trim()) errors[`criteria.${i}.title`] = t("cohorts.required");
      if (parseWeight(c.weight) === null) errors[`criteria.${i}.weight`] = t("cohorts.weightInvalid");
    });
    setLocal(errors);
    save.reset();
    if (Object.keys(errors).length > 0) return;
    const body: CohortIn = {
      name: v.name.trim(),
      starts_on: v.starts_on,
      ends_on: v.ends_on,
      semesters: v.semesters.split("\n").map((s) => s.trim()).filter(Boolean),
      applications_open_at: fromDateTimeLocal(v.open_at),
      applications_close_at: fromDateTimeLocal(v.close_at),
      description: v.description,
      criteria: v.criteria.map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        title: c.title.trim(),
        description: c.description,
        weight: parseWeight(c.weight) ?? 1,
      })),
    };
    save.mutate(body, {
      onSuccess: (result) => {
        setSaved(true);
        if (!cohort) void navigate(`/admin/cohorts/${result.id}`, { replace: true, state: { created: true } });
      },
    });
  }

  const errors = { ...(save.isError ? fieldErrors(save.error) : {}), ...local };
  const ids: Record<string, string> = {
    name: "cohort-name",
    starts_on: "cohort-starts",
    ends_on: "cohort-ends",
    semesters: "cohort-semesters",
    applications_open_at: "cohort-open",
    applications_close_at: "cohort-close",
    description: "cohort-description",
  };
  const fieldId = (field: string) => {
    const m = /^criteria\.(\d+)\.(title|weight|description)$/.exec(field);
    return m ? `criterion-${m[1]}-${m[2]}` : ids[field];
  };
  const summary: SummaryError[] = Object.entries(errors).map(([field, message]) => ({
    fieldId: fieldId(field),
    message,
  }));
  if (save.isError && summary.length === 0) summary.push({ message: problemMessage(save.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormErrorSummary key={attempt} errors={summary} />
      <div role="status" aria-live="polite" className="live-region">
        {saved && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("cohorts.saved")}</Paragraph>
          </Alert>
        )}
      </div>
      <Textfield id="cohort-name" label={t("cohorts.name")} value={v.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} required />
      <div className="form__row">
        <Textfield id="cohort-starts" type="date" label={t("cohorts.startsOn")} value={v.starts_on} onChange={(e) => set({ starts_on: e.target.value })} error={errors.starts_on} required />
        <Textfield id="cohort-ends" type="date" label={t("cohorts.endsOn")} value={v.ends_on} onChange={(e) => set({ ends_on: e.target.value })} error={errors.ends_on} required />
      </div>
      <Textfield
        id="cohort-semesters"
        label={t("cohorts.semesters")}
        description={t("cohorts.semestersHint")}
        multiline
        rows={3}
        value={v.semesters}
        onChange={(e) => set({ semesters: e.target.value })}
        error={errors.semesters}
      />
      <div className="form__row">
        <Textfield id="cohort-open" type="datetime-local" label={t("cohorts.openAt")} value={v.open_at} onChange={(e) => set({ open_at: e.target.value })} error={errors.applications_open_at} />
        <Textfield id="cohort-close" type="datetime-local" label={t("cohorts.closeAt")} value={v.close_at} onChange={(e) => set({ close_at: e.target.value })} error={errors.applications_close_at} />
      </div>
      <Textfield id="cohort-description" label={t("cohorts.description")} multiline rows={4} value={v.description} onChange={(e) => set({ description: e.target.value })} error={errors.description} />

      <Fieldset>
        <Fieldset.Legend>{t("cohorts.criteria")}</Fieldset.Legend>
        <Fieldset.Description>{t("cohorts.criteriaHint")}</Fieldset.Description>
        {v.criteria.length === 0 && <Paragraph className="muted">{t("cohorts.noCriteria")}</Paragraph>}
        <ol className="team-rows">
          {v.criteria.map((c, i) => (
            <li key={c.key} className="team-row">
              <Fieldset>
                <Fieldset.Legend>{t("cohorts.criterionNumber", { number: i + 1 })}</Fieldset.Legend>
                <div className="form__row">
                  <Textfield id={`criterion-${i}-title`} label={t("cohorts.criterionTitle")} value={c.title} onChange={(e) => setRow(c.key, { title: e.target.value })} error={errors[`criteria.${i}.title`]} />
                  <Textfield id={`criterion-${i}-weight`} label={t("cohorts.weight")} inputMode="decimal" width={6} value={c.weight} onChange={(e) => setRow(c.key, { weight: e.target.value })} error={errors[`criteria.${i}.weight`]} />
                </div>
                <Textfield id={`criterion-${i}-description`} label={t("cohorts.criterionDescription")} multiline rows={2} value={c.description} onChange={(e) => setRow(c.key, { description: e.target.value })} error={errors[`criteria.${i}.description`]} />
                <div className="form__actions">
                  <Button type="button" variant="tertiary" data-size="sm" disabled={i === 0} onClick={() => move(i, -1)}>
                    {t("cohorts.moveUp", { number: i + 1 })}
                  </Button>
                  <Button type="button" variant="tertiary" data-size="sm" disabled={i === v.criteria.length - 1} onClick={() => move(i, 1)}>
                    {t("cohorts.moveDown", { number: i + 1 })}
                  </Button>
                  <Button
                    type="button"
                    variant="tertiary"
                    data-size="sm"
                    data-color="danger"
                    onClick={() => {
                      set({ criteria: v.criteria.filter((r) => r.key !== c.key) });
                      document.getElementById("criterion-add")?.focus();
                    }}
                  >
                    {t("cohorts.removeCriterion", { number: i + 1 })}
                  </Button>
                </div>
              </Fieldset>
            </li>
          ))}
        </ol>
        <div>
          <Button
            id="criterion-add"
            type="button"
            variant="secondary"
            onClick={() => {
              const index = v.criteria.length;
              set({ criteria: [...v.criteria, { key: newRowKey(), title: "", description: "", weight: "1" }] });
              setTimeout(() => document.getElementById(`criterion-${index}-title`)?.focus(), 0);
            }}
          >
            {t("cohorts.addCriterion")}
          </Button>
        </div>
      </Fieldset>
      <div className="form__actions">
        <Button type="submit" loading={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
        <Button asChild variant="secondary">
          <RouterLink to="/admin/cohorts">{t("cohorts.backToList")}</RouterLink>
        </Button>
      </div>
    </form>
  );
}

export function CohortEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const isNew = !id || id === "new";
  const cohort = useQuery({ ...cohortQuery(id ?? ""), enabled: !isNew });
  const title = isNew ? t("cohorts.newTitle") : (cohort.data?.name ?? t("cohorts.editTitle"));
  usePageTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {isNew ? (
        <CohortForm />
      ) : cohort.isPending ? (
        <Loading />
      ) : cohort.isError ? (
        <QueryError error={cohort.error} onRetry={() => void cohort.refetch()} />
      ) : (
        <CohortForm key={cohort.data.id} cohort={cohort.data} created={created} />
      )}
    </>
  );
}
