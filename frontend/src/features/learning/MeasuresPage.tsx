import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Verdict } from "../../components/Verdict";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { fieldErrors, problemMessage } from "../../lib/problem";
import {
  CHART_TYPES,
  DIRECTIONS,
  KINDS,
  measuresQuery,
  useCreateMeasure,
  type ChartType,
  type Direction,
  type MeasureKind,
  type Visibility,
} from "./api";
import { formatValue } from "./RunChart";
import { VisibilityField, VisibilityTag, WorkspaceLearningPage } from "./shared";

function parseNumber(text: string): number | null | "invalid" {
  if (text.trim() === "") return null;
  const value = Number(text.replace(",", ".").replace(/\s/g, ""));
  return Number.isFinite(value) ? value : "invalid";
}

function NewMeasureForm({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateMeasure(workspaceId);
  const [name, setName] = useState("");
  const [unit, setUnit] = useState("");
  const [kind, setKind] = useState<MeasureKind>("outcome");
  const [direction, setDirection] = useState<Direction>("up");
  const [chart, setChart] = useState<ChartType>("run");
  const [baseline, setBaseline] = useState("");
  const [target, setTarget] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("workspace");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t("learning.measures.nameRequired");
    const b = parseNumber(baseline);
    const tg = parseNumber(target);
    if (b === "invalid") errors.baseline = t("learning.measures.numberInvalid");
    if (tg === "invalid") errors.target = t("learning.measures.numberInvalid");
    setLocal(errors);
    if (Object.keys(errors).length > 0 || b === "invalid" || tg === "invalid") return;
    create.mutate(
      {
        name: name.trim(),
        unit: unit.trim(),
        kind,
        direction,
        baseline: b,
        target: tg,
        visibility,
        description: "",
        chart,
        shift_rule: false,
      },
      { onSuccess: (measure) => void navigate(`/measures/${measure.id}`) },
    );
  }

  const server = create.isError ? fieldErrors(create.error) : {};
  const error = (field: string) => local[field] ?? server[field];
  const fields: [string, string][] = [
    ["name", "measure-name"],
    ["unit", "measure-unit"],
    ["baseline", "measure-baseline"],
    ["target", "measure-target"],
  ];
  const summary: SummaryError[] = fields.flatMap(([field, id]) => {
    const message = error(field);
    return message ? [{ fieldId: id, message }] : [];
  });
  if (create.isError && summary.length === 0) summary.push({ message: problemMessage(create.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="new-measure-heading">
      <Heading level={2} data-size="xs" id="new-measure-heading">
        {t("learning.measures.newTitle")}
      </Heading>
      <FormErrorSummary key={attempt} errors={summary} />
      <Textfield
        id="measure-name"
        label={t("learning.measures.name")}
        description={t("learning.measures.nameHint")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error("name")}
        required
      />
      <div className="form__row">
        <Textfield
          id="measure-unit"
          label={t("learning.measures.unit")}
          description={t("learning.measures.unitHint")}
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
          error={error("unit")}
        />
        <Field>
          <Label htmlFor="measure-kind">{t("learning.measures.kind")}</Label>
          <Select id="measure-kind" value={kind} onChange={(e) => setKind(e.target.value as MeasureKind)}>
            {KINDS.map((k) => (
              <Select.Option key={k} value={k}>
                {t(`learning.kind.${k}`)}
              </Select.Option>
            ))}
          </Select>
          <Paragraph data-size="sm" className="muted">
            {t(`learning.kindHint.${kind}`)}
          </Paragraph>
        </Field>
        <Field>
          <Label htmlFor="measure-direction">{t("learning.measures.direction")}</Label>
          <Select
            id="measure-direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as Direction)}
          >
            {DIRECTIONS.map((d) => (
              <Select.Option key={d} value={d}>
                {t(`learning.direction.${d}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="form__row">
        <Textfield
          id="measure-baseline"
          label={t("learning.measures.baseline")}
          inputMode="decimal"
          value={baseline}
          onChange={(e) => setBaseline(e.target.value)}
          error={error("baseline")}
        />
        <Textfield
          id="measure-target"
          label={t("learning.measures.target")}
          inputMode="decimal"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          error={error("target")}
        />
      </div>
      <Field>
        <Label htmlFor="measure-chart">{t("learning.spc.chartType")}</Label>
        <Select id="measure-chart" value={chart} onChange={(e) => setChart(e.target.value as ChartType)}>
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
      <VisibilityField id="measure-visibility" value={visibility} onChange={setVisibility} />
      <div className="form__actions">
        <Button type="submit" loading={create.isPending}>
          {t("learning.measures.create")}
        </Button>
      </div>
    </form>
  );
}

function MeasureList({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const measures = useQuery(measuresQuery(workspaceId));
  if (measures.isPending) return <Loading />;
  if (measures.isError) return <QueryError error={measures.error} onRetry={() => void measures.refetch()} />;
  if (measures.data.length === 0) return <Paragraph className="empty-state">{t("learning.measures.empty")}</Paragraph>;
  return (
    <div className="table-scroll">
      <table className="learning-table" data-testid="measure-table">
        <caption className="visually-hidden">{t("learning.measures.listCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("learning.measures.name")}</th>
            <th scope="col">{t("learning.measures.kind")}</th>
            <th scope="col">{t("learning.measures.direction")}</th>
            <th scope="col">{t("learning.measures.baseline")}</th>
            <th scope="col">{t("learning.measures.target")}</th>
            <th scope="col">{t("learning.measures.points")}</th>
            <th scope="col">{t("verdict.heading")}</th>
            <th scope="col">{t("learning.visibility.label")}</th>
          </tr>
        </thead>
        <tbody>
          {measures.data.map((m) => (
            <tr key={m.id}>
              <td>
                <Link asChild>
                  <RouterLink to={`/measures/${m.id}`}>{m.name}</RouterLink>
                </Link>
              </td>
              <td>{t(`learning.kind.${m.kind}`)}</td>
              <td>{t(`learning.direction.${m.direction}`)}</td>
              <td className="learning-table__number">{m.baseline != null ? formatValue(m.baseline) : "–"}</td>
              <td className="learning-table__number">{m.target != null ? formatValue(m.target) : "–"}</td>
              <td className="learning-table__number">{m.point_count}</td>
              <td>
                <Verdict verdict={m.verdict} compact />
              </td>
              <td>
                <VisibilityTag level={m.visibility} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MeasuresPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  return (
    <WorkspaceLearningPage workspaceId={id} title={() => t("learning.measures.title")}>
      {(_, canEdit) => (
        <>
          <Paragraph>{t("learning.measures.intro")}</Paragraph>
          <MeasureList workspaceId={id} />
          {canEdit ? (
            <NewMeasureForm workspaceId={id} />
          ) : (
            <Alert data-color="info" className="notice">
              <Paragraph>{t("learning.measures.readOnly")}</Paragraph>
            </Alert>
          )}
        </>
      )}
    </WorkspaceLearningPage>
  );
}
