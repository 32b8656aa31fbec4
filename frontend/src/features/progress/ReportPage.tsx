import {
  Alert,
  Button,
  Dialog,
  Fieldset,
  Heading,
  Link,
  Paragraph,
  Radio,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { useAutosave } from "../../lib/autosave";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  REPORT_KINDS,
  VISIBILITIES,
  cyclesQuery,
  patchReport,
  reportMarkdown,
  reportPdf,
  reportPreviewQuery,
  reportQuery,
  useDeleteReport,
  useShareReport,
  type Report,
  type Visibility,
} from "./api";
import { CyclePicker } from "./CyclePicker";
import { saveBlob, slug } from "./download";
import { ReportPreviewView } from "./ReportPreviewView";
import {
  clearDraft,
  readDraft,
  sameValues,
  validate,
  valuesOf,
  writeDraft,
  type ReportValues,
} from "./reportDraft";
import "./progress.css";

export function ReportPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const report = useQuery(reportQuery(id));
  usePageTitle(report.data?.title ?? t("progress.report.pageTitle"));
  if (report.isPending) return <Loading />;
  if (report.isError) {
    return (
      <>
        <PageHeading>{t("progress.report.pageTitle")}</PageHeading>
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      </>
    );
  }
  return <ReportView key={report.data.id} report={report.data} />;
}

function ReportView({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <>
      <Paragraph data-size="sm" className="learning-eyebrow">
        <Link asChild>
          <RouterLink to={`/workspaces/${report.workspace_id}/reports`}>
            {t("progress.report.backToReports", { name: report.workspace_name })}
          </RouterLink>
        </Link>
      </Paragraph>
      <PageHeading>{report.title}</PageHeading>
      {report.can_edit ? <ReportEditor report={report} /> : <ReportReadOnly report={report} />}
    </>
  );
}

function ReportReadOnly({ report }: { report: Report }) {
  const { t } = useTranslation();
  return (
    <>
      <Paragraph data-size="sm" className="muted">
        {t("progress.report.readOnly")}
      </Paragraph>
      <Downloads report={report} />
      <Preview reportId={report.id} />
    </>
  );
}

type FieldErrorKey = "titleRequired" | "dateRequired" | "endBeforeStart";

function ReportEditor({ report }: { report: Report }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const cycles = useQuery(cyclesQuery(report.workspace_id));
  const [initial] = useState(() => {
    const draft = readDraft(report.id);
    if (draft && !sameValues(draft.values, valuesOf(report))) {
      return { values: draft.values, restoredAt: draft.savedAt as string | null, version: draft.version };
    }
    if (draft) clearDraft(report.id);
    return { values: valuesOf(report), restoredAt: null as string | null, version: report.version };
  });
  const [values, setValues] = useState<ReportValues>(initial.values);
  const valuesRef = useRef(values);
  const [restoredAt, setRestoredAt] = useState(initial.restoredAt);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteReport(report);

  const autosave = useAutosave<ReportValues>({
    version: initial.version,
    save: async (v, version) => {
      const saved = await patchReport(report.id, { ...v, version });
      queryClient.setQueryData(reportQuery(report.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["progress", "report", report.id, "preview"] });
      void queryClient.invalidateQueries({ queryKey: ["progress", "reports", report.workspace_id] });
      if (sameValues(valuesRef.current, v)) clearDraft(report.id);
      else writeDraft(report.id, valuesRef.current, saved.version);
      return saved.version;
    },
  });
  const { schedule, saver } = autosave;

  // A draft restored from an earlier visit goes to the server (a stale one meets a conflict).
  useEffect(() => {
    if (initial.restoredAt && Object.keys(validate(initial.values)).length === 0) schedule(initial.values);
  }, [initial, schedule]);

  function change(patch: Partial<ReportValues>) {
    const next = { ...valuesRef.current, ...patch };
    valuesRef.current = next;
    setValues(next);
    writeDraft(report.id, next, saver.currentVersion);
    if (Object.keys(validate(next)).length === 0) schedule(next);
  }

  async function loadLatest() {
    const latest = await queryClient.fetchQuery({ ...reportQuery(report.id), staleTime: 0 });
    const next = valuesOf(latest);
    valuesRef.current = next;
    setValues(next);
    clearDraft(report.id);
    setRestoredAt(null);
    autosave.reset(latest.version);
    void queryClient.invalidateQueries({ queryKey: ["progress", "report", report.id, "preview"] });
  }

  async function keepMine() {
    const latest = await queryClient.fetchQuery({ ...reportQuery(report.id), staleTime: 0 });
    autosave.reset(latest.version);
    writeDraft(report.id, valuesRef.current, latest.version);
    schedule(valuesRef.current);
  }

  const local = validate(values);
  const server = autosave.status === "error" ? fieldErrors(autosave.error) : {};
  const error = (f: keyof ReportValues) => {
    const key = local[f] as FieldErrorKey | undefined;
    return key ? t(`progress.report.${key}`) : server[f];
  };
  const period = { start: values.period_start, end: values.period_end };

  return (
    <div className="report-layout">
      <div className="report-layout__form">
        {restoredAt && (
          <Alert data-color="info" className="notice">
            <Paragraph>{t("progress.report.restored", { time: formatDateTime(restoredAt) })}</Paragraph>
            <Button variant="secondary" data-size="sm" onClick={() => void loadLatest()} className="notice__action">
              {t("progress.report.discardDraft")}
            </Button>
          </Alert>
        )}
        {autosave.status === "conflict" && (
          <Alert data-color="warning" className="notice" data-testid="report-conflict">
            <Heading level={2} data-size="xs">
              {t("progress.report.conflictTitle")}
            </Heading>
            <Paragraph>{t("progress.report.conflictText")}</Paragraph>
            <div className="progress-actions">
              <Button data-size="sm" onClick={() => void loadLatest()}>
                {t("progress.report.loadLatest")}
              </Button>
              <Button data-size="sm" variant="secondary" onClick={() => void keepMine()}>
                {t("progress.report.keepMine")}
              </Button>
            </div>
          </Alert>
        )}
        <form className="form" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby="report-form-heading">
          <Heading level={2} data-size="sm" id="report-form-heading">
            {t("progress.report.formHeading")}
          </Heading>
          <SaveStatus status={autosave.status} error={autosave.error} />
          <Fieldset>
            <Fieldset.Legend>{t("progress.report.kind")}</Fieldset.Legend>
            {REPORT_KINDS.map((k) => (
              <Radio
                key={k}
                name="report-kind"
                value={k}
                checked={values.kind === k}
                onChange={() => change({ kind: k })}
                label={t(`progress.kind.${k}`)}
                description={t(`progress.kindHint.${k}`)}
              />
            ))}
          </Fieldset>
          <Textfield
            id="report-title"
            label={t("progress.report.title")}
            value={values.title}
            onChange={(e) => change({ title: e.target.value })}
            error={error("title")}
            required
          />
          <div className="form__row">
            <Textfield
              id="report-start"
              type="date"
              label={t("progress.report.periodStart")}
              value={values.period_start}
              onChange={(e) => change({ period_start: e.target.value })}
              error={error("period_start")}
              required
            />
            <Textfield
              id="report-end"
              type="date"
              label={t("progress.report.periodEnd")}
              value={values.period_end}
              onChange={(e) => change({ period_end: e.target.value })}
              error={error("period_end")}
              required
            />
          </div>
          <Textfield
            id="report-foreword"
            label={t("progress.report.foreword")}
            description={t("progress.report.forewordHint")}
            multiline
            rows={8}
            value={values.foreword}
            onChange={(e) => change({ foreword: e.target.value })}
            error={error("foreword")}
          />
          {cycles.isPending ? (
            <Loading label={t("progress.report.loadingCycles")} />
          ) : cycles.isError ? (
            <QueryError error={cycles.error} onRetry={() => void cycles.refetch()} />
          ) : (
            <CyclePicker
              cycles={cycles.data}
              selected={values.cycle_ids}
              onChange={(ids) => change({ cycle_ids: ids })}
              periodStart={period.start}
              periodEnd={period.end}
            />
          )}
          {server.cycle_ids && (
            <Paragraph data-size="sm" className="learning-error">
              {server.cycle_ids}
            </Paragraph>
          )}
        </form>
        <ShareReport
          report={report}
          beforeShare={() => autosave.flush()}
          onShared={(shared) => {
            // Sharing changes the report's version: go on from the new one.
            if (!saver.dirty && saver.current.status !== "conflict") autosave.reset(shared.version);
          }}
        />
        <section className="section" aria-labelledby="report-delete">
          <Heading level={2} data-size="xs" id="report-delete">
            {t("progress.report.deleteHeading")}
          </Heading>
          <Button variant="secondary" data-color="danger" onClick={() => setDeleting(true)}>
            {t("progress.report.delete")}
          </Button>
        </section>
        <ConfirmDialog
          open={deleting}
          title={t("progress.report.deleteTitle", { title: report.title })}
          confirmLabel={t("progress.report.deleteConfirm")}
          danger
          pending={remove.isPending}
          error={remove.isError ? problemMessage(remove.error, t) : undefined}
          onClose={() => setDeleting(false)}
          onConfirm={() => {
            saver.dispose();
            remove.mutate(undefined, {
              onSuccess: () => {
                clearDraft(report.id);
                void navigate(`/workspaces/${report.workspace_id}/reports`);
              },
            });
          }}
        >
          <Paragraph>{t("progress.report.deleteText")}</Paragraph>
        </ConfirmDialog>
      </div>
      <div className="report-layout__preview">
        <Downloads report={report} beforeDownload={() => autosave.flush()} />
        <Preview reportId={report.id} />
      </div>
    </div>
  );
}

function SaveStatus({ status, error }: { status: string; error: unknown }) {
  const { t } = useTranslation();
  const text =
    status === "saving" || status === "pending"
      ? t("progress.report.saving")
      : status === "saved"
        ? t("progress.report.saved")
        : status === "conflict"
          ? t("progress.report.notSavedConflict")
          : status === "error"
            ? t("progress.report.saveFailed", { message: problemMessage(error, t) })
            : t("progress.report.autosaveHint");
  return (
    <Paragraph
      data-size="sm"
      role="status"
      aria-live="polite"
      data-testid="report-save-status"
      className={`save-status${status === "saved" ? " save-status--saved" : status === "conflict" ? " save-status--conflict" : status === "error" ? " save-status--error" : ""}`}
    >
      {text}
    </Paragraph>
  );
}

function Downloads({ report, beforeDownload }: { report: Report; beforeDownload?: () => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<"pdf" | "md" | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(kind: "pdf" | "md") {
    setBusy(kind);
    setError(null);
    try {
      await beforeDownload?.();
      const blob = kind === "pdf" ? await reportPdf(report.id) : await reportMarkdown(report.id);
      saveBlob(blob, `${slug(report.title)}.${kind}`);
    } catch (e) {
      setError(t("progress.errors.downloadFailed", { message: problemMessage(e, t) }));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="report-downloads">
      <div className="progress-actions">
        <Button onClick={() => void download("pdf")} loading={busy === "pdf"}>
          {t("progress.report.downloadPdf")}
        </Button>
        <Button variant="secondary" onClick={() => void download("md")} loading={busy === "md"}>
          {t("progress.report.downloadMarkdown")}
        </Button>
      </div>
      {error && (
        <Alert data-color="danger" className="notice">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
    </div>
  );
}

function Preview({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const preview = useQuery(reportPreviewQuery(reportId));
  return (
    <section className="section report-preview-section" aria-labelledby="report-preview-heading">
      <Heading level={2} data-size="sm" id="report-preview-heading">
        {t("progress.report.preview")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("progress.report.previewHint")}
      </Paragraph>
      {preview.isPending ? (
        <Loading />
      ) : preview.isError ? (
        <QueryError error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <ReportPreviewView preview={preview.data} />
      )}
    </section>
  );
}

function ShareReport({
  report,
  beforeShare,
  onShared,
}: {
  report: Report;
  beforeShare: () => Promise<void>;
  onShared: (report: Report) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const share = useShareReport(report);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Visibility>(report.visibility);
  const [done, setDone] = useState<Visibility | null>(null);
  const titleId = useId();
  return (
    <section className="section" aria-labelledby="report-share">
      <Heading level={2} data-size="xs" id="report-share">
        {t("progress.share.heading")}
      </Heading>
      <Paragraph>
        <Tag data-size="sm" data-color={report.visibility === "workspace" ? "neutral" : "info"}>
          {t(`learning.visibility.${report.visibility}`)}
        </Tag>{" "}
        {t(`learning.visibility.who.${report.visibility}`)}
      </Paragraph>
      <Paragraph data-size="sm" className="muted">
        {t("progress.share.includes")}
      </Paragraph>
      <Button
        variant="secondary"
        onClick={() => {
          setChosen(report.visibility === "workspace" ? "network" : report.visibility);
          share.reset();
          setOpen(true);
        }}
      >
        {t("progress.share.open")}
      </Button>
      <div role="status" aria-live="polite" className="live-region">
        {done && (
          <Paragraph data-size="sm" className="learning-saved">
            {t("progress.share.done", { who: t(`learning.visibility.adds.${done}`) })}
          </Paragraph>
        )}
      </div>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        closedby="any"
        closeButton={t("common.closeDialog")}
        aria-labelledby={titleId}
      >
        <Dialog.Block>
          <Heading level={2} data-size="xs" id={titleId}>
            {t("progress.share.title")}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <Fieldset>
            <Fieldset.Legend>{t("progress.share.legend")}</Fieldset.Legend>
            {VISIBILITIES.map((v) => (
              <Radio
                key={v}
                name="report-share-visibility"
                value={v}
                checked={chosen === v}
                onChange={() => setChosen(v)}
                label={t(`learning.visibility.${v}`)}
                description={t(`learning.visibility.who.${v}`)}
              />
            ))}
          </Fieldset>
          <Alert data-color="info" className="notice">
            <Paragraph>{t("progress.share.willRead", { who: t(`learning.visibility.adds.${chosen}`) })}</Paragraph>
            <Paragraph data-size="sm">{t("progress.share.includes")}</Paragraph>
          </Alert>
          {share.isError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(share.error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions dialog-actions">
            <Button
              type="button"
              loading={share.isPending}
              onClick={() => {
                void beforeShare().then(() =>
                  share.mutate(chosen, {
                    onSuccess: (shared) => {
                      queryClient.setQueryData(reportQuery(report.id).queryKey, shared);
                      onShared(shared);
                      setDone(chosen);
                      setOpen(false);
                    },
                  }),
                );
              }}
            >
              {t("progress.share.confirm")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </section>
  );
}
