import { Alert, Button, Checkbox, Field, Heading, Label, Paragraph, Select, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { Verdict } from "../../components/Verdict";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  CHART_TYPES,
  conflictCurrent,
  measureQuery,
  useAddPoint,
  useDeletePoint,
  useUpdateMeasureChart,
  useUpdateMeasureVisibility,
  useUpdatePoint,
  type ChartType,
  type Measure,
  type Point,
} from "./api";
import { RunChart, formatValue } from "./RunChart";
import { CommentThread } from "../feed";
import { ShareFeedNote } from "../feed";
import { ServerHtml, ShareControl, WorkspaceLearningPage } from "./shared";

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function parseDecimal(text: string): number {
  return Number(text.replace(",", ".").replace(/\s/g, ""));
}

function isRatio(chart: ChartType): boolean {
  return chart === "p" || chart === "u";
}

/** The chart type and the IHI shift option, saved with the measure's version. */
export function ChartSettingsForm({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  const update = useUpdateMeasureChart(measure.id);
  const [chart, setChart] = useState<ChartType>(measure.chart ?? "run");
  const [shiftRule, setShiftRule] = useState(measure.shift_rule);
  const [saved, setSaved] = useState(false);
  const conflict = update.isError && conflictCurrent<Measure>(update.error) !== null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    update.mutate({ chart, shift_rule: shiftRule, version: measure.version }, { onSuccess: () => setSaved(true) });
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="chart-settings-heading">
      <Heading level={2} data-size="xs" id="chart-settings-heading">
        {t("learning.spc.settingsHeading")}
      </Heading>
      {update.isError && (
        <Alert data-color="warning" className="notice">
          <Paragraph>{conflict ? t("learning.spc.conflict") : problemMessage(update.error, t)}</Paragraph>
        </Alert>
      )}
      <Field>
        <Label htmlFor="chart-type">{t("learning.spc.chartType")}</Label>
        <Select id="chart-type" value={chart} onChange={(e) => setChart(e.target.value as ChartType)}>
          {CHART_TYPES.map((c) => (
            <Select.Option key={c} value={c}>
              {t(`learning.spc.type.${c}`)}
            </Select.Option>
          ))}
        </Select>
        <Paragraph data-size="sm" className="muted">
          {t("learning.spc.typeHint")}
        </Paragraph>
      </Field>
      <Checkbox
        id="chart-shift-rule"
        label={t("learning.spc.shiftRule")}
        checked={shiftRule}
        onChange={(e) => setShiftRule(e.target.checked)}
      />
      <div className="form__actions">
        <Button type="submit" variant="secondary" loading={update.isPending}>
          {t("learning.spc.saveSettings")}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="live-region">
        {saved && <Paragraph data-size="sm" className="learning-saved">{t("learning.spc.settingsSaved")}</Paragraph>}
      </div>
    </form>
  );
}

/** Edit a point's annotation, denominator and phase start (checked against the measure's version). */
export function EditPointForm({ measure, point, onDone }: { measure: Measure; point: Point; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdatePoint(measure.id);
  const [note, setNote] = useState(point.note);
  const [denominator, setDenominator] = useState(point.denominator != null ? String(point.denominator) : "");
  const [phaseStart, setPhaseStart] = useState(point.phase_start);
  const [local, setLocal] = useState<Record<string, string>>({});
  const ratio = isRatio(measure.chart ?? "run");
  const conflict = update.isError && conflictCurrent<Measure>(update.error) !== null;
  const headingId = `edit-point-heading-${point.id}`;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const den = parseDecimal(denominator);
    if (ratio && denominator.trim() !== "" && !(Number.isFinite(den) && den > 0)) {
      errors.denominator = t("learning.spc.denominatorInvalid");
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    update.mutate(
      {
        pointId: point.id,
        note: note.trim(),
        phase_start: phaseStart,
        ...(ratio ? { denominator: denominator.trim() === "" ? null : den } : {}),
        version: measure.version,
      },
      { onSuccess: onDone },
    );
  }

  const server = update.isError ? fieldErrors(update.error) : {};
  return (
    <form className="form learning-edit-point" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId} tabIndex={-1} ref={heading}>
        {t("learning.spc.editTitle", { date: formatDate(point.date) })}
      </Heading>
      {update.isError && (
        <Alert data-color="warning" className="notice">
          <Paragraph>{conflict ? t("learning.spc.conflict") : problemMessage(update.error, t)}</Paragraph>
        </Alert>
      )}
      <Textfield
        id="edit-point-note"
        label={t("learning.spc.annotation")}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={server.note}
      />
      {ratio && (
        <Textfield
          id="edit-point-denominator"
          label={t(measure.chart === "p" ? "learning.spc.denominatorP" : "learning.spc.denominatorU")}
          inputMode="decimal"
          value={denominator}
          onChange={(e) => setDenominator(e.target.value)}
          error={local.denominator ?? server.denominator}
        />
      )}
      <Checkbox
        id="edit-point-phase"
        label={t("learning.spc.newPhase")}
        checked={phaseStart}
        onChange={(e) => setPhaseStart(e.target.checked)}
      />
      <div className="form__actions">
        <Button type="submit" loading={update.isPending}>
          {t("learning.spc.save")}
        </Button>
        <Button type="button" variant="tertiary" onClick={onDone}>
          {t("learning.spc.cancel")}
        </Button>
      </div>
    </form>
  );
}

function AddPointForm({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  const add = useAddPoint(measure.id);
  const [date, setDate] = useState(today());
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [denominator, setDenominator] = useState("");
  const [phaseStart, setPhaseStart] = useState(false);
  const ratio = isRatio(measure.chart ?? "run");
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
    const den = parseDecimal(denominator);
    if (ratio && !(denominator.trim() !== "" && Number.isFinite(den) && den > 0)) {
      errors.denominator = t("learning.spc.denominatorInvalid");
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    add.mutate(
      { date, value: number, note: note.trim(), phase_start: phaseStart, ...(ratio ? { denominator: den } : {}) },
      {
        onSuccess: () => {
          setAdded(`${formatDate(date)}: ${formatValue(number)}`);
          setValue("");
          setNote("");
          setPhaseStart(false);
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
      ["denominator", "point-denominator"],
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
        {ratio && (
          <Textfield
            id="point-denominator"
            label={t(measure.chart === "p" ? "learning.spc.denominatorP" : "learning.spc.denominatorU")}
            inputMode="decimal"
            value={denominator}
            onChange={(e) => setDenominator(e.target.value)}
            error={error("denominator")}
            required
          />
        )}
      </div>
      <Textfield
        id="point-note"
        label={t("learning.points.note")}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={error("note")}
      />
      <Checkbox
        id="point-phase"
        label={t("learning.spc.newPhase")}
        checked={phaseStart}
        onChange={(e) => setPhaseStart(e.target.checked)}
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
  const [editing, setEditing] = useState<Point | null>(null);
  const chart = measure.chart ?? "run";
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
            <dt>{t("learning.spc.chartType")}</dt>
            <dd>{t(`learning.spc.heading.${chart}`)}</dd>
            <dt>{t("verdict.heading")}</dt>
            <dd>
              <Verdict verdict={measure.verdict} />
            </dd>
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
              {t(`learning.spc.heading.${chart}`)}
            </Heading>
            <Paragraph data-size="sm" className="muted">
              {chart === "run" ? t("learning.spc.explainRun") : t("learning.spc.explainControl")}
            </Paragraph>
            {measure.shift_rule && measure.shifts.length > 0 && (
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
                chart={chart}
                phases={measure.phases}
                signals={measure.signals}
                actionHeader={measure.can_edit ? t("learning.points.actions") : undefined}
                rowAction={
                  measure.can_edit
                    ? (p) => (
                        <span className="learning-row-actions">
                        <Button
                          variant="tertiary"
                          data-size="sm"
                          onClick={() => setEditing(p)}
                          data-edit-point={p.id}
                          aria-label={t("learning.spc.editLabel", { date: formatDate(p.date) })}
                        >
                          {t("learning.spc.edit")}
                        </Button>
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
                        </span>
                      )
                    : undefined
                }
              />
            )}
          </section>
          {measure.can_edit && editing && (
            <EditPointForm
              key={editing.id}
              measure={measure}
              point={editing}
              onDone={() => {
                const id = editing.id;
                setEditing(null);
                document.querySelector<HTMLButtonElement>(`[data-edit-point="${id}"]`)?.focus();
              }}
            />
          )}
          {measure.can_edit && <AddPointForm measure={measure} />}
          {measure.can_edit && <ChartSettingsForm measure={measure} />}
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
