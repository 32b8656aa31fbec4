import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { measureQuery, useAddPoint, useDeletePoint, useUpdateMeasureVisibility, type Measure, type Point } from "./api";
import { RunChart, formatValue } from "./RunChart";
import { CommentThread } from "../feed";
import { ShareFeedNote } from "../feed";
import { ServerHtml, ShareControl, WorkspaceLearningPage } from "./shared";

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function AddPointForm({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  const add = useAddPoint(measure.id);
  const [date, setDate] = useState(today());
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [added, setAdded] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setAdded(null);
    const errors: Record<string, string> = {};
    const number = Number(value.replace(",", ".").replace(/\s/g, ""));
    if (!date) errors.date = t("learning.points.dateRequired");
    if (value.trim() === "" || !Number.isFinite(number)) errors.value = t("learning.points.valueInvalid");
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    add.mutate(
      { date, value: number, note: note.trim() },
      {
        onSuccess: () => {
          setAdded(`${formatDate(date)}: ${formatValue(number)}`);
          setValue("");
          setNote("");
          document.getElementById("point-value")?.focus();
        },
      },
    );
  }

  const server = add.isError ? fieldErrors(add.error) : {};
  const error = (f: string) => local[f] ?? server[f];
  const summary: SummaryError[] = (
    [
      ["date", "point-date"],
      ["value", "point-value"],
      ["note", "point-note"],
    ] as const
  ).flatMap(([f, id]) => (error(f) ? [{ fieldId: id, message: error(f) ?? "" }] : []));
  if (add.isError && summary.length === 0) summary.push({ message: problemMessage(add.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="add-point-heading">
      <Heading level={2} data-size="xs" id="add-point-heading">
        {t("learning.points.addTitle")}
      </Heading>
      <FormErrorSummary key={attempt} errors={summary} />
      <div className="form__row">
        <Textfield
          id="point-date"
          type="date"
          label={t("learning.points.date")}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={error("date")}
          required
        />
        <Textfield
          id="point-value"
          label={measure.unit ? t("learning.points.valueWithUnit", { unit: measure.unit }) : t("learning.points.value")}
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={error("value")}
          required
        />
      </div>
      <Textfield
        id="point-note"
        label={t("learning.points.note")}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={error("note")}
      />
      <div className="form__actions">
        <Button type="submit" loading={add.isPending}>
          {t("learning.points.add")}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="live-region">
        {added && <Paragraph data-size="sm" className="learning-saved">{t("learning.points.added", { point: added })}</Paragraph>}
      </div>
    </form>
  );
}

function MeasureView({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState<Point | null>(null);
  const remove = useDeletePoint(measure.id, measure.workspace_id);
  const share = useUpdateMeasureVisibility(measure.id);

  return (
    <WorkspaceLearningPage workspaceId={measure.workspace_id} title={() => measure.name}>
      {() => (
        <>
          <dl className="facts">
            <dt>{t("learning.measures.kind")}</dt>
            <dd>{t(`learning.kind.${measure.kind}`)}</dd>
            <dt>{t("learning.measures.direction")}</dt>
            <dd>{t(`learning.direction.${measure.direction}`)}</dd>
            {measure.unit && (
              <>
                <dt>{t("learning.measures.unit")}</dt>
                <dd>{measure.unit}</dd>
              </>
            )}
            <dt>{t("learning.measures.baseline")}</dt>
            <dd>{measure.baseline != null ? formatValue(measure.baseline) : "–"}</dd>
            <dt>{t("learning.measures.target")}</dt>
            <dd>{measure.target != null ? formatValue(measure.target) : "–"}</dd>
            <dt>{t("learning.chart.median")}</dt>
            <dd data-testid="measure-median">{measure.median != null ? formatValue(measure.median) : "–"}</dd>
          </dl>
          <ServerHtml html={measure.description_html} />
          <section className="section" aria-labelledby="measure-share-heading">
            <Heading level={2} data-size="sm" id="measure-share-heading">
              {t("learning.share.heading")}
            </Heading>
            <ShareControl
              level={measure.visibility}
              canEdit={measure.can_edit}
              what={t("learning.share.whatMeasure")}
              pending={share.isPending}
              error={share.error}
              onChange={(visibility, done) => share.mutate({ visibility, version: measure.version }, { onSuccess: done })}
            />
            <ShareFeedNote />
          </section>
          <section className="section" aria-labelledby="chart-heading">
            <Heading level={2} data-size="sm" id="chart-heading">
              {t("learning.chart.heading")}
            </Heading>
            <Paragraph data-size="sm" className="muted">
              {t("learning.chart.explain")}
            </Paragraph>
            {measure.shifts.length > 0 && (
              <Alert data-color="info" className="notice" data-testid="shift-notice">
                <Paragraph>{t("learning.chart.shiftFound", { count: measure.shifts.length })}</Paragraph>
              </Alert>
            )}
            {measure.points.length === 0 ? (
              <Paragraph className="empty-state">{t("learning.points.empty")}</Paragraph>
            ) : (
              <RunChart
                name={measure.name}
                unit={measure.unit}
                points={measure.points}
                median={measure.median}
                target={measure.target}
                shifts={measure.shifts}
                cycleStarts={measure.cycle_starts}
                actionHeader={measure.can_edit ? t("learning.points.actions") : undefined}
                rowAction={
                  measure.can_edit
                    ? (p) => (
                        <Button
                          variant="tertiary"
                          data-size="sm"
                          data-color="danger"
                          onClick={() => setDeleting(p)}
                          aria-label={t("learning.points.deleteLabel", {
                            date: formatDate(p.date),
                            value: formatValue(p.value),
                          })}
                        >
                          {t("learning.points.delete")}
                        </Button>
                      )
                    : undefined
                }
              />
            )}
          </section>
          {measure.can_edit && <AddPointForm measure={measure} />}
          <ConfirmDialog
            open={deleting !== null}
            title={t("learning.points.deleteTitle")}
            confirmLabel={t("learning.points.deleteConfirm")}
            danger
            pending={remove.isPending}
            error={remove.isError ? problemMessage(remove.error, t) : undefined}
            onClose={() => {
              setDeleting(null);
              remove.reset();
            }}
            onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
          >
            {deleting && (
              <Paragraph>
                {t("learning.points.deleteBody", { date: formatDate(deleting.date), value: formatValue(deleting.value) })}
              </Paragraph>
            )}
          </ConfirmDialog>
          <CommentThread targetType="measure" targetId={measure.id} />
        </>
      )}
    </WorkspaceLearningPage>
  );
}

export function MeasurePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const measure = useQuery(measureQuery(id));
  usePageTitle(measure.data?.name ?? t("learning.measures.loadingTitle"));
  if (measure.isPending) return <Loading />;
  if (measure.isError) {
    return (
      <>
        <PageHeading>{t("learning.measures.loadingTitle")}</PageHeading>
        <QueryError error={measure.error} onRetry={() => void measure.refetch()} />
      </>
    );
  }
  return <MeasureView key={measure.data.id} measure={measure.data} />;
}
