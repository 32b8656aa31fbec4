import { Alert, Button, Heading, Link, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate, useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { problemMessage } from "../../lib/problem";
import {
  conflictCurrent,
  cyclesQuery,
  diagramQuery,
  measuresQuery,
  useAddNode,
  useRemoveNode,
  useSaveAim,
  useStartCycleFromIdea,
  useUpdateNode,
  type Diagram,
  type DriverNode,
  type NodeKind,
} from "./api";
import { WorkspaceLearningPage } from "./shared";

const CHILD: Record<NodeKind, NodeKind | null> = { primary: "secondary", secondary: "change_idea", change_idea: null };

function childrenOf(diagram: Diagram, parentId: string | null): DriverNode[] {
  return diagram.nodes.filter((n) => (n.parent_id ?? null) === parentId);
}

/** A one-field form to name a new node or rename one. */
function NameForm({
  id,
  label,
  initial = "",
  pending,
  onSave,
  onCancel,
}: {
  id: string;
  label: string;
  initial?: string;
  pending: boolean;
  onSave: (title: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) {
      setError(t("learning.drivers.titleRequired"));
      return;
    }
    setError(undefined);
    onSave(title.trim());
    if (!initial) setTitle("");
  }
  return (
    <form className="drivers__name-form" onSubmit={onSubmit} noValidate>
      <Textfield id={id} label={label} value={title} onChange={(e) => setTitle(e.target.value)} error={error} autoFocus={!!onCancel} />
      <div className="form__actions">
        <Button type="submit" data-size="sm" loading={pending}>
          {t("learning.drivers.save")}
        </Button>
        {onCancel && (
          <Button type="button" data-size="sm" variant="tertiary" onClick={onCancel}>
            {t("learning.drivers.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

type Names = { cycles: Record<string, string>; measures: Record<string, string> };

function OutlineNode({
  diagram,
  node,
  siblings,
  canEdit,
  onRemove,
  names,
}: {
  diagram: Diagram;
  node: DriverNode;
  siblings: DriverNode[];
  canEdit: boolean;
  onRemove: (node: DriverNode) => void;
  names: Names;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateNode(diagram.workspace_id);
  const add = useAddNode(diagram.workspace_id);
  const start = useStartCycleFromIdea(diagram.workspace_id);
  const [renaming, setRenaming] = useState(false);
  const [adding, setAdding] = useState(false);
  const children = childrenOf(diagram, node.id);
  const child = CHILD[node.kind];
  const index = siblings.findIndex((s) => s.id === node.id);

  function move(by: -1 | 1) {
    const other = siblings[index + by];
    if (!other) return;
    // Swap the two positions: the one moved takes the other's place and the other follows.
    update.mutate({ nodeId: node.id, position: other.position, version: node.version });
    update.mutate({ nodeId: other.id, position: node.position, version: other.version });
  }

  return (
    <li className={`drivers__node drivers__node--${node.kind}`} data-testid="driver-node">
      <div className="drivers__row">
        <Tag data-size="sm" data-color={node.kind === "change_idea" ? "info" : "neutral"}>
          {t(`learning.drivers.kind.${node.kind}`)}
        </Tag>{" "}
        {renaming ? (
          <NameForm
            id={`rename-${node.id}`}
            label={t("learning.drivers.rename", { title: node.title })}
            initial={node.title}
            pending={update.isPending}
            onCancel={() => setRenaming(false)}
            onSave={(title) =>
              update.mutate({ nodeId: node.id, title, version: node.version }, { onSuccess: () => setRenaming(false) })
            }
          />
        ) : (
          <span className="drivers__title">{node.title}</span>
        )}
        {node.cycle_ids.length > 0 && (
          <span className="muted"> · {t("learning.drivers.cycles", { count: node.cycle_ids.length })}</span>
        )}
      </div>
      {(node.cycle_ids.length > 0 || node.measure_ids.length > 0) && (
        <ul className="drivers__links">
          {node.cycle_ids.map((id) => (
            <li key={id}>
              <Link asChild>
                <RouterLink to={`/cycles/${id}`}>{t("learning.drivers.cycleLink", { title: names.cycles[id] ?? "…" })}</RouterLink>
              </Link>
            </li>
          ))}
          {node.measure_ids.map((id) => (
            <li key={id}>
              <Link asChild>
                <RouterLink to={`/measures/${id}`}>
                  {t("learning.drivers.measureLink", { title: names.measures[id] ?? "…" })}
                </RouterLink>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {update.isError && (
        <Alert data-color="warning" className="notice">
          <Paragraph>
            {conflictCurrent(update.error) ? t("learning.drivers.conflict") : problemMessage(update.error, t)}
          </Paragraph>
        </Alert>
      )}
      {canEdit && !renaming && (
        <div className="drivers__actions">
          <Button data-size="sm" variant="tertiary" onClick={() => setRenaming(true)}>
            {t("learning.drivers.rename", { title: node.title })}
          </Button>
          <Button data-size="sm" variant="tertiary" disabled={index <= 0} onClick={() => move(-1)}>
            {t("learning.drivers.moveUp", { title: node.title })}
          </Button>
          <Button data-size="sm" variant="tertiary" disabled={index >= siblings.length - 1} onClick={() => move(1)}>
            {t("learning.drivers.moveDown", { title: node.title })}
          </Button>
          {child && (
            <Button data-size="sm" variant="tertiary" onClick={() => setAdding((v) => !v)} aria-expanded={adding}>
              {t(`learning.drivers.add.${child}`, { title: node.title })}
            </Button>
          )}
          {node.kind === "change_idea" && (
            <Button
              data-size="sm"
              variant="secondary"
              loading={start.isPending}
              onClick={() => start.mutate(node.id, { onSuccess: (cycle) => void navigate(`/cycles/${cycle.id}`) })}
            >
              {t("learning.drivers.startCycle", { title: node.title })}
            </Button>
          )}
          <Button data-size="sm" variant="tertiary" data-color="danger" onClick={() => onRemove(node)}>
            {t("learning.drivers.remove", { title: node.title })}
          </Button>
        </div>
      )}
      {adding && child && (
        <NameForm
          id={`add-${node.id}`}
          label={t(`learning.drivers.kind.${child}`)}
          pending={add.isPending}
          onCancel={() => setAdding(false)}
          onSave={(title) => add.mutate({ kind: child, title, parent_id: node.id }, { onSuccess: () => setAdding(false) })}
        />
      )}
      {children.length > 0 && (
        <ul className="drivers__list">
          {children.map((c) => (
            <OutlineNode
              key={c.id}
              diagram={diagram}
              node={c}
              siblings={children}
              canEdit={canEdit}
              onRemove={onRemove}
              names={names}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The diagram drawn left to right (aim → primary → secondary → change ideas); the outline beside it says the same to a screen reader. */
function DiagramView({ diagram }: { diagram: Diagram }) {
  const { t } = useTranslation();
  const rows: { primary?: DriverNode; secondary?: DriverNode; idea?: DriverNode }[] = [];
  for (const p of childrenOf(diagram, null)) {
    const secondaries = childrenOf(diagram, p.id);
    if (secondaries.length === 0) rows.push({ primary: p });
    secondaries.forEach((s, i) => {
      const ideas = childrenOf(diagram, s.id);
      if (ideas.length === 0) rows.push({ primary: i === 0 ? p : undefined, secondary: s });
      ideas.forEach((idea, j) =>
        rows.push({ primary: i === 0 && j === 0 ? p : undefined, secondary: j === 0 ? s : undefined, idea }),
      );
    });
  }
  return (
    <div className="drivers__diagram" aria-hidden="true" data-testid="driver-diagram">
      <div className="drivers__col-head">{t("learning.drivers.aim")}</div>
      <div className="drivers__col-head">{t("learning.drivers.kind.primary")}</div>
      <div className="drivers__col-head">{t("learning.drivers.kind.secondary")}</div>
      <div className="drivers__col-head">{t("learning.drivers.kind.change_idea")}</div>
      <div className="drivers__box drivers__box--aim" style={{ gridRow: `2 / span ${Math.max(rows.length, 1)}` }}>
        {diagram.aim.what || "–"}
      </div>
      {rows.map((r, i) => (
        <div key={i} className="drivers__diagram-row" style={{ gridRow: i + 2 }}>
          <div className="drivers__cell">{r.primary && <div className="drivers__box">{r.primary.title}</div>}</div>
          <div className="drivers__cell">{r.secondary && <div className="drivers__box">{r.secondary.title}</div>}</div>
          <div className="drivers__cell">
            {r.idea && <div className="drivers__box drivers__box--idea">{r.idea.title}</div>}
          </div>
        </div>
      ))}
    </div>
  );
}

function AimView({ diagram, canEdit }: { diagram: Diagram; canEdit: boolean }) {
  const { t } = useTranslation();
  const save = useSaveAim(diagram.workspace_id);
  const [howMuch, setHowMuch] = useState(diagram.aim.how_much);
  return (
    <section className="section" aria-labelledby="aim-heading">
      <Heading level={2} data-size="sm" id="aim-heading">
        {t("learning.drivers.aim")}
      </Heading>
      <dl className="facts">
        <dt>{t("learning.drivers.aimWhat")}</dt>
        <dd>{diagram.aim.what || "–"}</dd>
        <dt>{t("learning.drivers.aimForWhom")}</dt>
        <dd>{diagram.aim.for_whom || "–"}</dd>
        <dt>{t("learning.drivers.aimByWhen")}</dt>
        <dd>{diagram.aim.by_when ? formatDate(diagram.aim.by_when) : "–"}</dd>
        {!canEdit && (
          <>
            <dt>{t("learning.drivers.aimHowMuch")}</dt>
            <dd>{diagram.aim.how_much || "–"}</dd>
          </>
        )}
      </dl>
      {canEdit && (
        <form
          className="drivers__name-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ how_much: howMuch.trim(), measure_ids: diagram.aim.measure_ids, version: diagram.aim.version });
          }}
        >
          <Textfield
            id="aim-how-much"
            label={t("learning.drivers.aimHowMuch")}
            value={howMuch}
            onChange={(e) => setHowMuch(e.target.value)}
          />
          <div className="form__actions">
            <Button type="submit" data-size="sm" variant="secondary" loading={save.isPending}>
              {t("learning.drivers.saveAim")}
            </Button>
          </div>
          {save.isError && (
            <Alert data-color="warning" className="notice">
              <Paragraph>
                {conflictCurrent(save.error) ? t("learning.drivers.conflict") : problemMessage(save.error, t)}
              </Paragraph>
            </Alert>
          )}
        </form>
      )}
    </section>
  );
}

export function DriverDiagram({ diagram }: { diagram: Diagram }) {
  const { t } = useTranslation();
  const add = useAddNode(diagram.workspace_id);
  const remove = useRemoveNode(diagram.workspace_id);
  const [removing, setRemoving] = useState<DriverNode | null>(null);
  const primaries = childrenOf(diagram, null);
  // Names for the links from drivers to their measures and from change ideas to their cycles.
  const cycles = useQuery(cyclesQuery(diagram.workspace_id));
  const measures = useQuery(measuresQuery(diagram.workspace_id));
  const names: Names = {
    cycles: Object.fromEntries((cycles.data ?? []).map((c) => [c.id, c.title])),
    measures: Object.fromEntries((measures.data ?? []).map((m) => [m.id, m.name])),
  };
  return (
    <>
      <AimView key={diagram.aim.version} diagram={diagram} canEdit={diagram.can_edit} />
      <div className="drivers">
        <section className="section drivers__outline" aria-labelledby="outline-heading">
          <Heading level={2} data-size="sm" id="outline-heading">
            {t("learning.drivers.outline")}
          </Heading>
          {primaries.length === 0 ? (
            <Paragraph className="empty-state">{t("learning.drivers.empty")}</Paragraph>
          ) : (
            <ul className="drivers__list drivers__list--top">
              {primaries.map((p) => (
                <OutlineNode
                  key={p.id}
                  diagram={diagram}
                  node={p}
                  siblings={primaries}
                  canEdit={diagram.can_edit}
                  onRemove={setRemoving}
                  names={names}
                />
              ))}
            </ul>
          )}
          {diagram.can_edit && (
            <NameForm
              id="add-primary"
              label={t("learning.drivers.add.primary")}
              pending={add.isPending}
              onSave={(title) => add.mutate({ kind: "primary", title })}
            />
          )}
        </section>
        <section className="section drivers__drawing" aria-labelledby="diagram-heading">
          <Heading level={2} data-size="sm" id="diagram-heading">
            {t("learning.drivers.diagram")}
          </Heading>
          <DiagramView diagram={diagram} />
          <Button data-size="sm" variant="tertiary" className="no-print" onClick={() => window.print()}>
            {t("learning.drivers.print")}
          </Button>
        </section>
      </div>
      <ConfirmDialog
        open={removing !== null}
        title={t("learning.drivers.removeTitle")}
        confirmLabel={t("learning.drivers.removeConfirm")}
        danger
        pending={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      >
        {removing && <Paragraph>{t("learning.drivers.removeBody", { title: removing.title })}</Paragraph>}
      </ConfirmDialog>
    </>
  );
}

export function DriversPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const diagram = useQuery(diagramQuery(id));
  return (
    <WorkspaceLearningPage workspaceId={id} title={() => t("learning.drivers.title")}>
      {() => (
        <>
          <Paragraph>{t("learning.drivers.intro")}</Paragraph>
          {diagram.isPending ? (
            <Loading />
          ) : diagram.isError ? (
            <QueryError error={diagram.error} onRetry={() => void diagram.refetch()} />
          ) : (
            <DriverDiagram diagram={diagram.data} />
          )}
          <Paragraph data-size="sm">
            <Link asChild>
              <RouterLink to={`/workspaces/${id}/cycles`}>{t("learning.nav.cycles")}</RouterLink>
            </Link>
          </Paragraph>
        </>
      )}
    </WorkspaceLearningPage>
  );
}
