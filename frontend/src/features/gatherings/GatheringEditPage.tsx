import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Paragraph,
  Switch,
  Textfield,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { allWorkspacesQuery, useSaveGathering, type Gathering } from "./api";
import {
  editValues,
  move,
  rowKey,
  toBody,
  validate,
  type AgendaRow,
  type EditValues,
  type MaterialRow,
  type PoolRow,
} from "./editForm";
import { BackToCalendar, GatheringError, useGatheringFromRoute } from "./GatheringPage";
import "./gatherings.css";

/** /gatherings/new */
export function GatheringNewPage() {
  const { t } = useTranslation();
  usePageTitle(t("gatherings.edit.newTitle"));
  return (
    <>
      <PageHeading>{t("gatherings.edit.newTitle")}</PageHeading>
      <GatheringForm />
      <BackToCalendar />
    </>
  );
}

/** /gatherings/:id/edit */
export function GatheringEditPage() {
  const { t } = useTranslation();
  const { gathering } = useGatheringFromRoute();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created ?? false;
  usePageTitle(gathering.data ? t("gatherings.edit.editTitle", { title: gathering.data.title }) : t("gatherings.edit.newTitle"));
  if (gathering.isPending) return <Loading />;
  if (gathering.isError) return <GatheringError error={gathering.error} onRetry={() => void gathering.refetch()} />;
  return (
    <>
      <PageHeading>{t("gatherings.edit.editTitle", { title: gathering.data.title })}</PageHeading>
      <GatheringForm key={gathering.data.id} gathering={gathering.data} created={created} />
      <BackToCalendar />
    </>
  );
}

function MaterialRows({
  rows,
  prefix,
  errors,
  onChange,
}: {
  rows: MaterialRow[];
  prefix: string;
  errors: Record<string, string>;
  onChange: (rows: MaterialRow[]) => void;
}) {
  const { t } = useTranslation();
  const id = (i: number, f: string) => `${prefix.replace(/\./g, "-")}-${i}-${f}`;
  return (
    <>
      {rows.length > 0 && (
        <ol className="edit-rows">
          {rows.map((r, i) => (
            <li key={r.key}>
              <Fieldset>
                <Fieldset.Legend>{t("gatherings.edit.material", { number: i + 1 })}</Fieldset.Legend>
                <div className="form__row">
                  <Textfield
                    id={id(i, "title")}
                    label={t("gatherings.edit.materialTitle")}
                    value={r.title}
                    onChange={(e) => onChange(rows.map((x) => (x.key === r.key ? { ...x, title: e.target.value } : x)))}
                    error={errors[`${prefix}.${i}.title`]}
                  />
                  <Textfield
                    id={id(i, "url")}
                    type="url"
                    label={t("gatherings.edit.materialUrl")}
                    value={r.url}
                    onChange={(e) => onChange(rows.map((x) => (x.key === r.key ? { ...x, url: e.target.value } : x)))}
                    error={errors[`${prefix}.${i}.url`]}
                  />
                </div>
                <div>
                  <Button
                    type="button"
                    variant="tertiary"
                    data-size="sm"
                    onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
                  >
                    {t("gatherings.edit.removeMaterial")}
                  </Button>
                </div>
              </Fieldset>
            </li>
          ))}
        </ol>
      )}
      <div>
        <Button
          type="button"
          variant="secondary"
          data-size="sm"
          onClick={() => {
            onChange([...rows, { key: rowKey(), title: "", url: "" }]);
            setTimeout(() => document.getElementById(id(rows.length, "title"))?.focus(), 0);
          }}
        >
          {t("gatherings.edit.materialAdd")}
        </Button>
      </div>
    </>
  );
}

function GatheringForm({ gathering, created = false }: { gathering?: Gathering; created?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveGathering(gathering?.id);
  const cancel = useSaveGathering(gathering?.id);
  const workspaces = useQuery(allWorkspacesQuery());
  const [v, setV] = useState<EditValues>(() => editValues(gathering));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(created);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const set = (patch: Partial<EditValues>) => {
    setSaved(false);
    setV((c) => ({ ...c, ...patch }));
  };
  const setAgenda = (key: string, patch: Partial<AgendaRow>) =>
    set({ agenda: v.agenda.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const setPool = (key: string, patch: Partial<PoolRow>) =>
    set({ pools: v.pools.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const moveAgenda = (index: number, by: number) => {
    set({ agenda: move(v.agenda, index, by) });
    setTimeout(() => document.getElementById(`agenda-${index + by}-title`)?.focus(), 0);
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const errors = validate(v, {
      required: t("gatherings.edit.requiredField"),
      titleRequired: t("gatherings.edit.titleRequired"),
      startsRequired: t("gatherings.edit.startsRequired"),
      endsRequired: t("gatherings.edit.endsRequired"),
      endsAfterStart: t("gatherings.edit.endsAfterStart"),
      urlInvalid: t("gatherings.edit.urlInvalid"),
      numberInvalid: t("gatherings.edit.numberInvalid"),
      poolWorkspacesRequired: t("gatherings.edit.poolWorkspacesRequired"),
    });
    setLocal(errors);
    save.reset();
    if (Object.keys(errors).length > 0) return;
    save.mutate(toBody(v), {
      onSuccess: (result) => {
        setSaved(true);
        if (!gathering) void navigate(`/gatherings/${result.id}/edit`, { replace: true, state: { created: true } });
      },
    });
  }

  const errors = { ...(save.isError ? fieldErrors(save.error) : {}), ...local };
  const ids: Record<string, string> = {
    title: "gathering-title",
    description: "gathering-description",
    starts_at: "gathering-starts",
    ends_at: "gathering-ends",
    place: "gathering-place",
    address: "gathering-address",
    online_url: "gathering-online",
    capacity: "gathering-capacity",
    seats_per_workspace: "gathering-seats",
    registration_deadline: "gathering-deadline",
  };
  const fieldId = (field: string) => {
    if (ids[field]) return ids[field];
    const agenda = /^agenda\.(\d+)\.(starts_at|title|lead)$/.exec(field);
    if (agenda) return `agenda-${agenda[1]}-${agenda[2]}`;
    const material = /^(.*materials)\.(\d+)\.(title|url)$/.exec(field);
    if (material) return `${material[1]!.replace(/\./g, "-")}-${material[2]}-${material[3]}`;
    const pool = /^seat_pools\.(\d+)\.(name|seats|workspace_ids)$/.exec(field);
    if (pool) return pool[2] === "workspace_ids" ? `pool-${pool[1]}-ws-0` : `pool-${pool[1]}-${pool[2]}`;
    return undefined;
  };
  const summary: SummaryError[] = Object.entries(errors).map(([field, message]) => ({
    fieldId: fieldId(field),
    message,
  }));
  if (save.isError && summary.length === 0) summary.push({ message: problemMessage(save.error, t) });

  const sortedWorkspaces = [...(workspaces.data ?? [])].sort((a, b) => compareNorwegian(a.name, b.name));

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormErrorSummary key={attempt} errors={summary} />
      <div role="status" aria-live="polite" className="live-region">
        {saved && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("gatherings.edit.saved")}</Paragraph>
          </Alert>
        )}
      </div>
      {gathering?.cancelled && (
        <Alert data-color="warning" className="notice">
          <Paragraph>{t("gatherings.edit.cancelledNotice")}</Paragraph>
        </Alert>
      )}

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.basics")}</Fieldset.Legend>
        <Textfield id="gathering-title" label={t("gatherings.edit.title")} value={v.title} onChange={(e) => set({ title: e.target.value })} error={errors.title} required />
        <Textfield
          id="gathering-description"
          label={t("gatherings.edit.description")}
          description={t("gatherings.edit.descriptionHelp")}
          multiline
          rows={5}
          value={v.description}
          onChange={(e) => set({ description: e.target.value })}
          error={errors.description}
        />
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.time")}</Fieldset.Legend>
        <Fieldset.Description>{t("gatherings.edit.timeHelp")}</Fieldset.Description>
        <div className="form__row">
          <Textfield id="gathering-starts" type="datetime-local" label={t("gatherings.edit.startsAt")} value={v.startsAt} onChange={(e) => set({ startsAt: e.target.value })} error={errors.starts_at} required />
          <Textfield id="gathering-ends" type="datetime-local" label={t("gatherings.edit.endsAt")} value={v.endsAt} onChange={(e) => set({ endsAt: e.target.value })} error={errors.ends_at} required />
        </div>
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.where")}</Fieldset.Legend>
        <div className="form__row">
          <Textfield id="gathering-place" label={t("gatherings.edit.place")} description={t("gatherings.edit.placeHelp")} value={v.place} onChange={(e) => set({ place: e.target.value })} error={errors.place} />
          <Textfield id="gathering-address" label={t("gatherings.edit.address")} value={v.address} onChange={(e) => set({ address: e.target.value })} error={errors.address} />
        </div>
        <Textfield id="gathering-online" type="url" label={t("gatherings.edit.onlineUrl")} value={v.onlineUrl} onChange={(e) => set({ onlineUrl: e.target.value })} error={errors.online_url} />
        <Switch
          label={t("gatherings.edit.openToObservers")}
          checked={v.openToObservers}
          onChange={(e) => set({ openToObservers: e.target.checked })}
        />
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.seats")}</Fieldset.Legend>
        <div className="form__row">
          <Textfield id="gathering-capacity" inputMode="numeric" label={t("gatherings.edit.capacity")} description={t("gatherings.edit.capacityHelp")} value={v.capacity} onChange={(e) => set({ capacity: e.target.value })} error={errors.capacity} />
          <Textfield id="gathering-seats" inputMode="numeric" label={t("gatherings.edit.seatsPerWorkspace")} description={t("gatherings.edit.seatsPerWorkspaceHelp")} value={v.seatsPerWorkspace} onChange={(e) => set({ seatsPerWorkspace: e.target.value })} error={errors.seats_per_workspace} />
        </div>
        <Textfield id="gathering-deadline" type="datetime-local" label={t("gatherings.edit.deadline")} description={t("gatherings.edit.deadlineHelp")} value={v.deadline} onChange={(e) => set({ deadline: e.target.value })} error={errors.registration_deadline} />
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.agenda")}</Fieldset.Legend>
        <Fieldset.Description>{t("gatherings.edit.timeHelp")}</Fieldset.Description>
        {v.agenda.length > 0 && (
          <ol className="edit-rows">
            {v.agenda.map((a, i) => (
              <li key={a.key} className="edit-row">
                <Fieldset>
                  <Fieldset.Legend>{t("gatherings.edit.agendaItem", { number: i + 1 })}</Fieldset.Legend>
                  <div className="form__row">
                    <Textfield id={`agenda-${i}-starts_at`} type="datetime-local" label={t("gatherings.edit.agendaStartsAt")} value={a.startsAt} onChange={(e) => setAgenda(a.key, { startsAt: e.target.value })} error={errors[`agenda.${i}.starts_at`]} />
                    <Textfield id={`agenda-${i}-title`} label={t("gatherings.edit.agendaTitle")} value={a.title} onChange={(e) => setAgenda(a.key, { title: e.target.value })} error={errors[`agenda.${i}.title`]} />
                  </div>
                  <Textfield id={`agenda-${i}-lead`} label={t("gatherings.edit.agendaLead")} value={a.lead} onChange={(e) => setAgenda(a.key, { lead: e.target.value })} error={errors[`agenda.${i}.lead`]} />
                  <MaterialRows
                    rows={a.materials}
                    prefix={`agenda.${i}.materials`}
                    errors={errors}
                    onChange={(materials) => setAgenda(a.key, { materials })}
                  />
                  <div className="form__actions">
                    <Button type="button" variant="tertiary" data-size="sm" disabled={i === 0} onClick={() => moveAgenda(i, -1)}>
                      {t("gatherings.edit.moveUp")}
                    </Button>
                    <Button type="button" variant="tertiary" data-size="sm" disabled={i === v.agenda.length - 1} onClick={() => moveAgenda(i, 1)}>
                      {t("gatherings.edit.moveDown")}
                    </Button>
                    <Button type="button" variant="tertiary" data-size="sm" data-color="danger" onClick={() => set({ agenda: v.agenda.filter((x) => x.key !== a.key) })}>
                      {t("gatherings.edit.removeItem")}
                    </Button>
                  </div>
                </Fieldset>
              </li>
            ))}
          </ol>
        )}
        <div>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              const last = v.agenda[v.agenda.length - 1];
              set({ agenda: [...v.agenda, { key: rowKey(), startsAt: last?.startsAt ?? v.startsAt, title: "", lead: "", materials: [] }] });
              setTimeout(() => document.getElementById(`agenda-${v.agenda.length}-title`)?.focus(), 0);
            }}
          >
            {t("gatherings.edit.agendaAdd")}
          </Button>
        </div>
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.materials")}</Fieldset.Legend>
        <MaterialRows rows={v.materials} prefix="materials" errors={errors} onChange={(materials) => set({ materials })} />
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t("gatherings.edit.pools")}</Fieldset.Legend>
        <Fieldset.Description>{t("gatherings.edit.poolsHelp")}</Fieldset.Description>
        {v.pools.length > 0 && (
          <ol className="edit-rows">
            {v.pools.map((p, i) => (
              <li key={p.key} className="edit-row">
                <Fieldset>
                  <Fieldset.Legend>{t("gatherings.edit.pool", { number: i + 1 })}</Fieldset.Legend>
                  <div className="form__row">
                    <Textfield id={`pool-${i}-name`} label={t("gatherings.edit.poolName")} value={p.name} onChange={(e) => setPool(p.key, { name: e.target.value })} error={errors[`seat_pools.${i}.name`]} />
                    <Textfield id={`pool-${i}-seats`} inputMode="numeric" label={t("gatherings.edit.poolSeats")} value={p.seats} onChange={(e) => setPool(p.key, { seats: e.target.value })} error={errors[`seat_pools.${i}.seats`]} />
                  </div>
                  <Fieldset>
                    <Fieldset.Legend>{t("gatherings.edit.poolWorkspaces")}</Fieldset.Legend>
                    {workspaces.isPending ? (
                      <Loading />
                    ) : workspaces.isError ? (
                      <QueryError error={workspaces.error} onRetry={() => void workspaces.refetch()} />
                    ) : (
                      <div className="checkbox-grid">
                        {sortedWorkspaces.map((w, j) => (
                          <Checkbox
                            key={w.id}
                            id={`pool-${i}-ws-${j}`}
                            label={w.name}
                            value={w.id}
                            checked={p.workspaceIds.includes(w.id)}
                            onChange={(e) =>
                              setPool(p.key, {
                                workspaceIds: e.target.checked
                                  ? [...p.workspaceIds, w.id]
                                  : p.workspaceIds.filter((x) => x !== w.id),
                              })
                            }
                          />
                        ))}
                      </div>
                    )}
                    {errors[`seat_pools.${i}.workspace_ids`] && (
                      <ValidationMessage>{errors[`seat_pools.${i}.workspace_ids`]}</ValidationMessage>
                    )}
                  </Fieldset>
                  <div>
                    <Button type="button" variant="tertiary" data-size="sm" data-color="danger" onClick={() => set({ pools: v.pools.filter((x) => x.key !== p.key) })}>
                      {t("gatherings.edit.removePool")}
                    </Button>
                  </div>
                </Fieldset>
              </li>
            ))}
          </ol>
        )}
        <div>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              set({ pools: [...v.pools, { key: rowKey(), name: "", seats: "", workspaceIds: [] }] });
              setTimeout(() => document.getElementById(`pool-${v.pools.length}-name`)?.focus(), 0);
            }}
          >
            {t("gatherings.edit.poolAdd")}
          </Button>
        </div>
      </Fieldset>

      <div className="form__actions">
        <Button type="submit" loading={save.isPending}>
          {save.isPending ? t("common.saving") : gathering ? t("gatherings.edit.save") : t("gatherings.edit.create")}
        </Button>
        {gathering && !gathering.cancelled && (
          <Button type="button" variant="secondary" data-color="danger" onClick={() => setConfirmCancel(true)}>
            {t("gatherings.edit.cancelGathering")}
          </Button>
        )}
        {gathering?.cancelled && (
          <Button type="button" variant="secondary" loading={cancel.isPending} onClick={() => cancel.mutate({ cancelled: false })}>
            {t("gatherings.edit.reopen")}
          </Button>
        )}
      </div>
      {gathering && (
        <ConfirmDialog
          open={confirmCancel}
          title={t("gatherings.edit.cancelTitle")}
          confirmLabel={t("gatherings.edit.cancelConfirm")}
          danger
          pending={cancel.isPending}
          error={cancel.isError ? problemMessage(cancel.error, t) : undefined}
          onClose={() => {
            setConfirmCancel(false);
            cancel.reset();
          }}
          onConfirm={() => cancel.mutate({ cancelled: true }, { onSuccess: () => setConfirmCancel(false) })}
        >
          <Paragraph>{t("gatherings.edit.cancelBody", { title: gathering.title })}</Paragraph>
        </ConfirmDialog>
      )}
    </form>
  );
}
