import {
  Alert,
  Button,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Select,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { ApiError, fieldErrors, problemMessage } from "../../lib/problem";
import {
  SECTORS,
  projectQuery,
  useSaveProject,
  type Partner,
  type Project,
  type Sector,
  type Visibility,
} from "./api";
import { CommentThread } from "../feed";
import { ServerHtml, VisibilityField, VisibilityTag, WorkspaceLearningPage } from "./shared";

function FocusAreas({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const input = useRef<HTMLInputElement>(null);

  function add() {
    const tag = text.trim();
    if (tag && !value.some((v) => v.toLowerCase() === tag.toLowerCase())) onChange([...value, tag]);
    setText("");
    input.current?.focus();
  }

  return (
    <Fieldset>
      <Fieldset.Legend>{t("learning.project.focusAreas")}</Fieldset.Legend>
      <Fieldset.Description>{t("learning.project.focusAreasHint")}</Fieldset.Description>
      {value.length > 0 && (
        <ul className="chip-list" aria-label={t("learning.project.chosenFocusAreas")}>
          {value.map((tag) => (
            <li key={tag}>
              <span className="focus-chip">
                {tag}
                <button
                  type="button"
                  className="focus-chip__remove"
                  onClick={() => {
                    onChange(value.filter((v) => v !== tag));
                    input.current?.focus();
                  }}
                  aria-label={t("learning.project.removeFocusArea", { name: tag })}
                >
                  ×
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="learning-inline">
        <Textfield
          ref={input}
          id="project-focus-input"
          label={t("learning.project.newFocusArea")}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
          error={error}
        />
        <Button type="button" variant="secondary" onClick={add}>
          {t("learning.project.addFocusArea")}
        </Button>
      </div>
    </Fieldset>
  );
}

function Partners({
  value,
  onChange,
  errors,
}: {
  value: Partner[];
  onChange: (v: Partner[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<Partner>) =>
    onChange(value.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <Fieldset>
      <Fieldset.Legend>{t("learning.project.partners")}</Fieldset.Legend>
      <Fieldset.Description>{t("learning.project.partnersHint")}</Fieldset.Description>
      {value.map((p, i) => (
        <Fieldset key={i} className="partner-row">
          <Fieldset.Legend>{t("learning.project.partnerNumber", { number: i + 1 })}</Fieldset.Legend>
          <div className="form__row">
            <Textfield
              id={`partner-${i}-name`}
              label={t("learning.project.partnerName")}
              value={p.name}
              onChange={(e) => set(i, { name: e.target.value })}
              error={errors[`partners.${i}.name`]}
            />
            <Field>
              <Label htmlFor={`partner-${i}-sector`}>{t("learning.project.partnerSector")}</Label>
              <Select
                id={`partner-${i}-sector`}
                value={p.sector ?? "other"}
                onChange={(e) => set(i, { sector: e.target.value as Sector })}
              >
                {SECTORS.map((s) => (
                  <Select.Option key={s} value={s}>
                    {t(`learning.sector.${s}`)}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Textfield
              id={`partner-${i}-role`}
              label={t("learning.project.partnerRole")}
              value={p.role ?? ""}
              onChange={(e) => set(i, { role: e.target.value })}
              error={errors[`partners.${i}.role`]}
            />
          </div>
          <div>
            <Button
              type="button"
              variant="tertiary"
              data-size="sm"
              data-color="danger"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label={t("learning.project.removePartner", { number: i + 1 })}
            >
              {t("common.remove")}
            </Button>
          </div>
        </Fieldset>
      ))}
      <div>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            onChange([...value, { name: "", sector: "other", role: "" }]);
            requestAnimationFrame(() => document.getElementById(`partner-${value.length}-name`)?.focus());
          }}
        >
          {t("learning.project.addPartner")}
        </Button>
      </div>
    </Fieldset>
  );
}

function ProjectForm({ project, onDone }: { project: Project; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveProject(project.workspace_id);
  const projectData = useQuery(projectQuery(project.workspace_id));
  const [aimWhat, setAimWhat] = useState(project.aim_what);
  const [aimForWhom, setAimForWhom] = useState(project.aim_for_whom);
  const [byWhen, setByWhen] = useState(project.aim_by_when ?? "");
  const [focus, setFocus] = useState(project.focus_areas);
  const [partners, setPartners] = useState<Partner[]>(project.partners);
  const [visibility, setVisibility] = useState<Visibility>(project.visibility);
  const [version, setVersion] = useState(project.version);
  const [attempt, setAttempt] = useState(0);
  const [missingNames, setMissingNames] = useState<number[]>([]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const missing = partners.flatMap((p, i) => (p.name.trim() ? [] : [i]));
    setMissingNames(missing);
    if (missing.length) return;
    save.mutate(
      {
        aim_what: aimWhat,
        aim_for_whom: aimForWhom,
        aim_by_when: byWhen || null,
        focus_areas: focus,
        partners: partners.map((p) => ({ name: p.name.trim(), sector: p.sector ?? "other", role: (p.role ?? "").trim() })),
        visibility,
        version,
      },
      { onSuccess: () => onDone(true) },
    );
  }

  function reload() {
    void projectData.refetch().then((r) => {
      const latest = r.data;
      if (!latest) return;
      setAimWhat(latest.aim_what);
      setAimForWhom(latest.aim_for_whom);
      setByWhen(latest.aim_by_when ?? "");
      setFocus(latest.focus_areas);
      setPartners(latest.partners);
      setVisibility(latest.visibility);
      setVersion(latest.version);
      save.reset();
    });
  }

  const conflict = save.error instanceof ApiError && save.error.status === 409;
  const server = save.isError && !conflict ? fieldErrors(save.error) : {};
  const errors: Record<string, string> = { ...server };
  for (const i of missingNames) errors[`partners.${i}.name`] = t("learning.project.partnerNameRequired");
  const ids: Record<string, string> = {
    aim_what: "project-aim-what",
    aim_for_whom: "project-aim-for-whom",
    aim_by_when: "project-by-when",
    focus_areas: "project-focus-input",
  };
  const summary: SummaryError[] = Object.entries(errors).map(([field, message]) => {
    const partner = /^partners\.(\d+)\.(\w+)/.exec(field);
    return {
      message,
      fieldId: partner ? `partner-${partner[1]}-${partner[2]}` : (ids[field.split(".")[0] ?? ""] ?? undefined),
    };
  });
  if (save.isError && !conflict && summary.length === 0) summary.push({ message: problemMessage(save.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="project-edit-heading">
      <Heading level={2} data-size="xs" id="project-edit-heading">
        {t("learning.project.editTitle")}
      </Heading>
      {conflict && (
        <Alert data-color="warning" className="notice" data-testid="project-conflict">
          <Heading level={3} data-size="2xs">
            {t("learning.project.conflictTitle")}
          </Heading>
          <Paragraph>{t("learning.project.conflictBody")}</Paragraph>
          <Button type="button" variant="secondary" data-size="sm" onClick={reload} className="notice__action">
            {t("learning.project.reload")}
          </Button>
        </Alert>
      )}
      <FormErrorSummary key={attempt} errors={summary} />
      <Textfield
        id="project-aim-what"
        label={t("learning.project.aimWhat")}
        description={t("learning.project.aimWhatHint")}
        multiline
        rows={6}
        value={aimWhat}
        onChange={(e) => setAimWhat(e.target.value)}
        error={errors.aim_what}
      />
      <Textfield
        id="project-aim-for-whom"
        label={t("learning.project.aimForWhom")}
        multiline
        rows={3}
        value={aimForWhom}
        onChange={(e) => setAimForWhom(e.target.value)}
        error={errors.aim_for_whom}
      />
      <Textfield
        id="project-by-when"
        type="date"
        label={t("learning.project.aimByWhen")}
        value={byWhen}
        onChange={(e) => setByWhen(e.target.value)}
        error={errors.aim_by_when}
      />
      <FocusAreas value={focus} onChange={setFocus} error={errors.focus_areas} />
      <Partners value={partners} onChange={setPartners} errors={errors} />
      <VisibilityField id="project-visibility" value={visibility} onChange={setVisibility} />
      <div className="form__actions">
        <Button type="submit" loading={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(false)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function ProjectView({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const project = useQuery(projectQuery(workspaceId));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (project.isPending) return <Loading />;
  if (project.isError) return <QueryError error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const editable = canEdit && p.can_edit;
  if (editing && editable) {
    return (
      <ProjectForm
        project={p}
        onDone={(didSave) => {
          setEditing(false);
          setSaved(didSave);
        }}
      />
    );
  }
  const empty = p.version === 0;
  return (
    <>
      <div role="status" aria-live="polite" className="live-region">
        {saved && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("learning.project.saved")}</Paragraph>
          </Alert>
        )}
      </div>
      {empty && <Paragraph className="empty-state">{t("learning.project.empty")}</Paragraph>}
      <section className="section" aria-labelledby="aim-heading">
        <Heading level={2} data-size="sm" id="aim-heading">
          {t("learning.project.aim")}
        </Heading>
        <dl className="facts">
          <dt>{t("learning.project.aimWhat")}</dt>
          <dd>
            <ServerHtml html={p.aim_what_html} empty={t("learning.project.notSet")} />
          </dd>
          <dt>{t("learning.project.aimForWhom")}</dt>
          <dd>{p.aim_for_whom || <span className="muted">{t("learning.project.notSet")}</span>}</dd>
          <dt>{t("learning.project.aimByWhen")}</dt>
          <dd>{p.aim_by_when ? formatDate(p.aim_by_when) : <span className="muted">{t("learning.project.notSet")}</span>}</dd>
          <dt>{t("learning.visibility.label")}</dt>
          <dd>
            <VisibilityTag level={p.visibility} /> {t(`learning.visibility.who.${p.visibility}`)}
          </dd>
        </dl>
      </section>
      <section className="section" aria-labelledby="focus-heading">
        <Heading level={2} data-size="sm" id="focus-heading">
          {t("learning.project.focusAreas")}
        </Heading>
        {p.focus_areas.length === 0 ? (
          <Paragraph className="muted">{t("learning.project.noFocusAreas")}</Paragraph>
        ) : (
          <ul className="chip-list">
            {p.focus_areas.map((f) => (
              <li key={f}>
                <Tag data-color="accent">{f}</Tag>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="partners-heading">
        <Heading level={2} data-size="sm" id="partners-heading">
          {t("learning.project.partners")}
        </Heading>
        {p.partners.length === 0 ? (
          <Paragraph className="muted">{t("learning.project.noPartners")}</Paragraph>
        ) : (
          <div className="table-scroll">
            <table className="learning-table">
              <caption className="visually-hidden">{t("learning.project.partners")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("learning.project.partnerName")}</th>
                  <th scope="col">{t("learning.project.partnerSector")}</th>
                  <th scope="col">{t("learning.project.partnerRole")}</th>
                </tr>
              </thead>
              <tbody>
                {p.partners.map((partner, i) => (
                  <tr key={i}>
                    <td>{partner.name}</td>
                    <td>{t(`learning.sector.${partner.sector ?? "other"}`)}</td>
                    <td>{partner.role}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editable && (
        <div className="form__actions">
          <Button
            variant="secondary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {empty ? t("learning.project.describe") : t("learning.project.edit")}
          </Button>
        </div>
      )}
      {p.updated_at && (
        <Paragraph data-size="sm" className="muted">
          {t("learning.project.updated", { when: formatDate(p.updated_at) })}
        </Paragraph>
      )}
    </>
  );
}

export function ProjectPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  return (
    <WorkspaceLearningPage workspaceId={id} title={() => t("learning.project.title")}>
      {(_, canEdit) => (
        <>
          <ProjectView workspaceId={id} canEdit={canEdit} />
          <CommentThread targetType="project" targetId={id} />
        </>
      )}
    </WorkspaceLearningPage>
  );
}
