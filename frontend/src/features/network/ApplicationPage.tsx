import {
  Alert,
  Button,
  Field,
  Fieldset,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { MunicipalityCombobox } from "../../components/MunicipalityCombobox";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { useAutosave, type AutosaveStatus } from "../../lib/autosave";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { ApiError, fieldErrors, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { ApplicationDetails } from "./ApplicationDetails";
import {
  FUNCTIONS,
  applicationQuery,
  patchApplication,
  useSubmitApplication,
  type Application,
  type MemberFunction,
} from "./api";
import {
  FIELD_IDS,
  FIELD_LABELS,
  HOURS_PATTERN,
  draftFrom,
  newRowKey,
  valuesFrom,
  type FormValues,
  type TeamRow,
} from "./applicationForm";
import { municipalityNames } from "./labels";

const API_FIELD: Record<string, string> = {
  municipalities: "municipality_numbers",
  hours: "hours_per_semester",
};

function SaveStatus({ status }: { status: AutosaveStatus }) {
  const { t } = useTranslation();
  const text =
    status === "pending"
      ? t("application.autosave.pending")
      : status === "saving"
        ? t("application.autosave.saving")
        : status === "saved"
          ? t("application.autosave.saved")
          : status === "error"
            ? t("application.autosave.error")
            : status === "conflict"
              ? t("application.autosave.conflict")
              : t("application.autosave.idle");
  return (
    <p role="status" aria-live="polite" className={`save-status save-status--${status}`} data-testid="save-status">
      {text}
    </p>
  );
}

function ApplicationForm({ application, onReload }: { application: Application; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => valuesFrom(application));
  const [reloading, setReloading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const submit = useSubmitApplication(application.id);
  const autosave = useAutosave<FormValues>({
    version: application.version,
    save: async (next, version) => {
      const saved = await patchApplication(application.id, { ...draftFrom(next), version });
      queryClient.setQueryData(applicationQuery(application.id).queryKey, saved);
      return saved.version;
    },
  });

  // A field's message from the last submit goes away once the person changes that field.
  const [edited, setEdited] = useState<Set<string>>(() => new Set());

  function change(patch: Partial<FormValues>) {
    const names = Object.keys(patch).map((k) => API_FIELD[k] ?? k);
    setEdited((current) => (names.every((n) => current.has(n)) ? current : new Set([...current, ...names])));
    setValues((current) => {
      const next = { ...current, ...patch };
      autosave.schedule(next);
      return next;
    });
  }

  function changeRow(key: string, patch: Partial<TeamRow>) {
    setEdited((current) => (current.has("team") ? current : new Set([...current, "team"])));
    setValues((current) => {
      const next = { ...current, team: current.team.map((r) => (r.key === key ? { ...r, ...patch } : r)) };
      autosave.schedule(next);
      return next;
    });
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setEdited(new Set());
    submit.reset();
    await autosave.flush();
    if (autosave.saver.current.status === "conflict" || autosave.saver.current.status === "error") return;
    submit.mutate();
  }

  async function reloadLatest() {
    setReloading(true);
    try {
      await onReload();
    } finally {
      setReloading(false);
    }
  }

  const hoursInvalid = values.hours.trim() !== "" && !HOURS_PATTERN.test(values.hours.trim());
  const server = {
    ...(autosave.status === "error" ? fieldErrors(autosave.error) : {}),
    ...(submit.isError ? fieldErrors(submit.error) : {}),
  };
  for (const name of edited) delete server[name];
  const errorFor = (field: string) =>
    field === "hours_per_semester" && hoursInvalid ? t("application.hoursInvalid") : server[field];

  const summary: SummaryError[] = [];
  if (submit.isError) {
    const fields = Object.keys(server);
    for (const field of fields) {
      const label = FIELD_LABELS[field];
      summary.push({
        fieldId: FIELD_IDS[field] ?? undefined,
        message: label ? `${t(label as never)}: ${server[field]}` : (server[field] ?? ""),
      });
    }
    if (fields.length === 0) summary.push({ message: problemMessage(submit.error, t) });
  }
  if (hoursInvalid && attempt > 0) {
    summary.unshift({ fieldId: "app-hours", message: `${t("application.hours")}: ${t("application.hoursInvalid")}` });
  }

  return (
    <>
      <div className="autosave-bar">
        <SaveStatus status={autosave.status} />
        {autosave.status === "error" && (
          <Button variant="tertiary" data-size="sm" onClick={() => void autosave.flush()}>
            {t("common.retry")}
          </Button>
        )}
      </div>
      {autosave.status === "conflict" && (
        <Alert data-color="warning" className="notice">
          <Heading level={2} data-size="2xs">
            {t("application.conflictTitle")}
          </Heading>
          <Paragraph>{t("application.conflictBody")}</Paragraph>
          <Button onClick={() => void reloadLatest()} loading={reloading} className="notice__action">
            {t("application.reloadLatest")}
          </Button>
        </Alert>
      )}
      {autosave.status === "error" && !Object.keys(server).length && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{problemMessage(autosave.error, t)}</Paragraph>
        </Alert>
      )}
      <FormErrorSummary key={attempt} errors={summary} title={submit.isError ? t("application.missingTitle") : undefined} />

      <form className="form application-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <Paragraph data-size="sm">{t("application.formIntro")}</Paragraph>
        <MunicipalityCombobox
          id="app-municipalities"
          label={t("application.municipalities")}
          description={t("application.municipalitiesHint")}
          value={values.municipalities}
          onChange={(municipalities) => change({ municipalities })}
          error={errorFor("municipality_numbers")}
        />
        <Textfield
          id="app-motivation"
          label={t("application.motivation")}
          description={t("application.motivationHint")}
          multiline
          rows={5}
          value={values.motivation}
          onChange={(e) => change({ motivation: e.target.value })}
          error={errorFor("motivation")}
        />
        <Textfield
          id="app-local-challenge"
          label={t("application.localChallenge")}
          description={t("application.localChallengeHint")}
          multiline
          rows={5}
          value={values.local_challenge}
          onChange={(e) => change({ local_challenge: e.target.value })}
          error={errorFor("local_challenge")}
        />
        <Textfield
          id="app-focus-area"
          label={t("application.focusArea")}
          description={t("application.focusAreaHint")}
          multiline
          rows={3}
          value={values.focus_area}
          onChange={(e) => change({ focus_area: e.target.value })}
          error={errorFor("focus_area")}
        />
        <Textfield
          id="app-planned-partners"
          label={t("application.plannedPartners")}
          description={t("application.plannedPartnersHint")}
          multiline
          rows={3}
          value={values.planned_partners}
          onChange={(e) => change({ planned_partners: e.target.value })}
          error={errorFor("planned_partners")}
        />
        <Fieldset>
          <Fieldset.Legend>{t("application.anchoring")}</Fieldset.Legend>
          <Fieldset.Description>{t("application.anchoringHint")}</Fieldset.Description>
          <div className="form__row">
            <Textfield
              id="app-anchoring-name"
              label={t("application.anchoringName")}
              value={values.anchoring_name}
              onChange={(e) => change({ anchoring_name: e.target.value })}
              error={errorFor("anchoring_name")}
            />
            <Textfield
              id="app-anchoring-role"
              label={t("application.anchoringRole")}
              value={values.anchoring_role}
              onChange={(e) => change({ anchoring_role: e.target.value })}
              error={errorFor("anchoring_role")}
            />
            <Textfield
              id="app-anchoring-date"
              label={t("application.anchoringDate")}
              type="date"
              value={values.anchoring_date}
              onChange={(e) => change({ anchoring_date: e.target.value })}
              error={errorFor("anchoring_date")}
            />
          </div>
        </Fieldset>
        <Textfield
          id="app-hours"
          label={t("application.hours")}
          description={t("application.hoursHint")}
          inputMode="numeric"
          width={10}
          value={values.hours}
          onChange={(e) => change({ hours: e.target.value })}
          error={errorFor("hours_per_semester")}
        />
        <Fieldset>
          <Fieldset.Legend>{t("application.team")}</Fieldset.Legend>
          <Fieldset.Description>{t("application.teamHint")}</Fieldset.Description>
          {values.team.length === 0 && <Paragraph className="muted">{t("application.teamEmpty")}</Paragraph>}
          <ol className="team-rows">
            {values.team.map((row, index) => (
              <li key={row.key} className="team-row">
                <Fieldset>
                  <Fieldset.Legend>{t("application.teamPerson", { number: index + 1 })}</Fieldset.Legend>
                  <div className="form__row">
                    <Textfield
                      id={`app-team-${index}-name`}
                      label={t("application.teamName")}
                      value={row.name}
                      onChange={(e) => changeRow(row.key, { name: e.target.value })}
                    />
                    <Textfield
                      id={`app-team-${index}-email`}
                      label={t("application.teamEmail")}
                      type="email"
                      value={row.email}
                      onChange={(e) => changeRow(row.key, { email: e.target.value })}
                    />
                    <Field>
                      <Label htmlFor={`app-team-${index}-function`}>{t("application.teamFunction")}</Label>
                      <Select
                        id={`app-team-${index}-function`}
                        value={row.function}
                        onChange={(e) => changeRow(row.key, { function: e.target.value as MemberFunction })}
                      >
                        {FUNCTIONS.map((f) => (
                          <Select.Option key={f} value={f}>
                            {t(`functions.${f}`)}
                          </Select.Option>
                        ))}
                      </Select>
                    </Field>
                  </div>
                  <div>
                    <Button
                      type="button"
                      variant="tertiary"
                      data-size="sm"
                      data-color="danger"
                      onClick={() => {
                        change({ team: values.team.filter((r) => r.key !== row.key) });
                        document.getElementById("app-team-add")?.focus();
                      }}
                    >
                      {t("application.teamRemove", { number: index + 1 })}
                    </Button>
                  </div>
                </Fieldset>
              </li>
            ))}
          </ol>
          {errorFor("team") && <p className="ds-validation-message" data-color="danger">{errorFor("team")}</p>}
          <div>
            <Button
              id="app-team-add"
              type="button"
              variant="secondary"
              onClick={() => {
                const index = values.team.length;
                change({ team: [...values.team, { key: newRowKey(), name: "", email: "", function: "other" }] });
                setTimeout(() => document.getElementById(`app-team-${index}-name`)?.focus(), 0);
              }}
            >
              {t("application.teamAdd")}
            </Button>
          </div>
        </Fieldset>
        <div className="form__actions">
          <Button type="submit" loading={submit.isPending} disabled={autosave.status === "conflict"}>
            {submit.isPending ? t("application.submitting") : t("application.submit")}
          </Button>
        </div>
        <Paragraph data-size="sm" className="muted">
          {t("application.submitHint")}
        </Paragraph>
      </form>
    </>
  );
}

function StatusPanel({ application }: { application: Application }) {
  const { t } = useTranslation();
  const decided = application.status === "decided";
  return (
    <Alert
      data-color={
        decided ? (application.outcome === "declined" ? "info" : "success") : application.status === "submitted" ? "info" : "neutral"
      }
      className="notice"
    >
      <Heading level={2} data-size="2xs">
        {decided && application.outcome
          ? t(`application.outcomeTitle.${application.outcome}`)
          : t(`application.statusTitle.${application.status}`)}
      </Heading>
      {application.status === "submitted" && (
        <Paragraph>{t("application.submittedBody", { when: formatDateTime(application.submitted_at) })}</Paragraph>
      )}
      {decided && (
        <>
          {application.decision_message && (
            <>
              <Paragraph className="muted">{t("application.decisionMessage")}</Paragraph>
              <Paragraph className="prose">{application.decision_message}</Paragraph>
            </>
          )}
          {application.workspace_id && (
            <Paragraph>
              <Link asChild>
                <RouterLink to={`/workspaces/${application.workspace_id}`}>{t("application.toWorkspace")}</RouterLink>
              </Link>
            </Paragraph>
          )}
        </>
      )}
    </Alert>
  );
}

export function ApplicationPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const application = useQuery({ ...applicationQuery(id), staleTime: Infinity });
  const [formKey, setFormKey] = useState(0);
  const a = application.data;
  const title = a
    ? a.municipalities.length > 0
      ? t("application.titleFor", { names: municipalityNames(a.municipalities, t) })
      : t("application.titleNew")
    : t("application.title");
  usePageTitle(title);

  if (application.isPending) return <Loading />;
  if (application.isError || !a) {
    return (
      <>
        <PageHeading>{t("application.title")}</PageHeading>
        <QueryError
          error={application.error}
          onRetry={application.error instanceof ApiError && application.error.status === 404 ? undefined : () => void application.refetch()}
        />
      </>
    );
  }

  const editable = a.status === "draft" && a.applicant.id === me?.id;

  async function reload() {
    await queryClient.fetchQuery({ ...applicationQuery(id), staleTime: 0 });
    setFormKey((k) => k + 1);
  }

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <div className="row-list__tags">
        <Tag data-color="neutral">{a.cohort_name}</Tag>
        <Tag data-color={a.status === "draft" ? "warning" : a.status === "submitted" ? "info" : "success"}>
          {t(`applicationStatus.${a.status}`)}
        </Tag>
        {a.outcome && <Tag data-color={a.outcome === "declined" ? "neutral" : "success"}>{t(`outcomes.${a.outcome}`)}</Tag>}
      </div>
      {editable ? (
        <ApplicationForm key={`${a.id}-${formKey}`} application={a} onReload={reload} />
      ) : (
        <>
          <StatusPanel application={a} />
          {me?.role === "admin" && a.status !== "draft" && (
            <Paragraph>
              <Link asChild>
                <RouterLink to={`/review/${a.id}`}>{t("review.openReview")}</RouterLink>
              </Link>
            </Paragraph>
          )}
          <ApplicationDetails application={a} />
        </>
      )}
      <Paragraph>
        <Link asChild>
          <RouterLink to="/applications">{t("application.backToList")}</RouterLink>
        </Link>
      </Paragraph>
    </>
  );
}
