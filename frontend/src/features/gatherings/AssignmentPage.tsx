import {
  Alert,
  Button,
  Details,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Table,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useReducer, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { compareNorwegian, formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import {
  assignmentQuery,
  useSaveResponse,
  VISIBILITIES,
  type Assignment,
  type AssignmentResponse,
  type Visibility,
} from "./api";
import { answeredCount, editorReducer, initialEditor, isOverdue, myResponses } from "./assignments";
import { DueDate, useMyWorkspaces } from "./AssignmentsPage";
import "./gatherings.css";

function BackToAssignments() {
  const { t } = useTranslation();
  return (
    <Paragraph>
      <Link asChild>
        <RouterLink to="/assignments">{t("gatherings.assignments.back")}</RouterLink>
      </Link>
    </Paragraph>
  );
}

export function AssignmentPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const assignment = useQuery(assignmentQuery(id));
  usePageTitle(assignment.data?.title ?? t("gatherings.assignments.title"));
  if (assignment.isPending) return <Loading />;
  if (assignment.isError) {
    return (
      <>
        <PageHeading>{t("gatherings.assignments.title")}</PageHeading>
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemCode(assignment.error) === "not_found"
              ? t("gatherings.assignments.notFound")
              : problemMessage(assignment.error, t)}
          </Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => void assignment.refetch()} className="notice__action">
            {t("common.retry")}
          </Button>
        </Alert>
        <BackToAssignments />
      </>
    );
  }
  return <AssignmentView assignment={assignment.data} onReload={() => assignment.refetch()} />;
}

function AssignmentView({
  assignment: a,
  onReload,
}: {
  assignment: Assignment;
  onReload: () => Promise<{ data?: Assignment }>;
}) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const isAdmin = me?.role === "admin";
  const workspaces = useMyWorkspaces();
  const mineIds = workspaces.map((w) => w.workspace_id);
  const mine = myResponses(a, mineIds);
  const others = a.responses
    .filter((r) => !mineIds.includes(r.workspace_id))
    .sort((x, y) => compareNorwegian(x.workspace_name, y.workspace_name));
  const instructionsId = useId();
  const othersId = useId();
  const created = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <>
      <PageHeading>{a.title}</PageHeading>
      {created && (
        <Alert data-color="success" className="notice">
          <Paragraph>{t("gatherings.assignments.created")}</Paragraph>
        </Alert>
      )}
      <div className="panel">
        <dl className="facts">
          <dt>{t("gatherings.assignments.dueLabel")}</dt>
          <dd>
            <DueDate dueOn={a.due_on} />{" "}
            {isOverdue(a, mineIds, isAdmin) && (
              <Tag data-size="sm" data-color="danger">
                {t("gatherings.assignments.overdue")}
              </Tag>
            )}
          </dd>
          {a.gathering_id && (
            <>
              <dt>{t("gatherings.assignments.gathering")}</dt>
              <dd>
                <Link asChild>
                  <RouterLink to={`/gatherings/${a.gathering_id}`}>{t("gatherings.assignments.toGathering")}</RouterLink>
                </Link>
              </dd>
            </>
          )}
        </dl>
      </div>
      <section className="panel" aria-labelledby={instructionsId}>
        <Heading level={2} data-size="xs" id={instructionsId}>
          {t("gatherings.assignments.instructions")}
        </Heading>
        {a.instructions_html ? (
          // Rendered and sanitised by the server.
          <div className="rendered" dangerouslySetInnerHTML={{ __html: a.instructions_html }} />
        ) : (
          <Paragraph className="muted">{t("gatherings.assignments.noInstructions")}</Paragraph>
        )}
      </section>

      {workspaces.map((w) => (
        <ResponseEditor
          key={w.workspace_id}
          assignmentId={a.id}
          workspaceId={w.workspace_id}
          workspaceName={w.workspace_name}
          saved={mine.get(w.workspace_id)}
          onReload={async () => {
            const result = await onReload();
            return result.data ? myResponses(result.data, [w.workspace_id]).get(w.workspace_id) : undefined;
          }}
        />
      ))}

      <section className="panel" aria-labelledby={othersId}>
        <Heading level={2} data-size="xs" id={othersId}>
          {workspaces.length > 0 ? t("gatherings.assignments.othersHeading") : t("gatherings.assignments.responsesHeading")}
        </Heading>
        {others.length === 0 ? (
          <Paragraph className="muted">{t("gatherings.assignments.othersEmpty")}</Paragraph>
        ) : (
          others.map((r) => <ReadResponse key={r.workspace_id} response={r} />)
        )}
      </section>

      {isAdmin && <StatusTable assignment={a} />}
      <BackToAssignments />
    </>
  );
}

function SavedBy({ response }: { response: AssignmentResponse }) {
  const { t } = useTranslation();
  return (
    <Paragraph data-size="sm" className="muted">
      {response.updated_by
        ? t("gatherings.assignments.savedBy", { name: response.updated_by, when: formatDateTime(response.updated_at) })
        : t("gatherings.assignments.savedAt", { when: formatDateTime(response.updated_at) })}
    </Paragraph>
  );
}

function ReadResponse({ response: r }: { response: AssignmentResponse }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <article className="answer" aria-labelledby={id}>
      <Heading level={3} data-size="2xs" id={id}>
        {r.workspace_name}
      </Heading>
      <div className="rendered" dangerouslySetInnerHTML={{ __html: r.body_html }} />
      <SavedBy response={r} />
      <Paragraph data-size="sm" className="muted">
        {t(`gatherings.assignments.visibility.${r.visibility}`)}: {t(`gatherings.assignments.visibility.who.${r.visibility}`)}
      </Paragraph>
    </article>
  );
}

function ResponseEditor({
  assignmentId,
  workspaceId,
  workspaceName,
  saved,
  onReload,
}: {
  assignmentId: string;
  workspaceId: string;
  workspaceName: string;
  saved: AssignmentResponse | undefined;
  onReload: () => Promise<AssignmentResponse | undefined>;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const bodyId = `response-${workspaceId}-body`;
  const visibilityId = `response-${workspaceId}-visibility`;
  const [state, dispatch] = useReducer(editorReducer, saved, initialEditor);
  const save = useSaveResponse(assignmentId);
  const [done, setDone] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [reloadError, setReloadError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  // A newer copy from the server (another member saved) replaces mine only if I changed nothing.
  useEffect(() => {
    dispatch({ type: "server", saved });
  }, [saved]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    save.mutate(
      { workspaceId, body: state.body, visibility: state.visibility, version: state.version },
      {
        onSuccess: (assignment) => {
          const mine = myResponses(assignment, [workspaceId]).get(workspaceId);
          if (mine) dispatch({ type: "saved", saved: mine });
          setDone(true);
        },
        onError: (error) => {
          if (problemCode(error) === "conflict") dispatch({ type: "conflict" });
        },
      },
    );
  }

  async function reload() {
    setReloading(true);
    setReloadError(null);
    try {
      const fresh = await onReload();
      dispatch({ type: "server", saved: fresh, reload: true });
      save.reset();
      textRef.current?.focus();
    } catch (error) {
      setReloadError(problemMessage(error, t));
    } finally {
      setReloading(false);
    }
  }

  const code = save.isError ? problemCode(save.error) : null;
  const errorText =
    code === "conflict"
      ? t("gatherings.assignments.editor.conflict")
      : code === "read_only"
        ? t("gatherings.assignments.editor.readOnly")
        : code === "forbidden"
          ? t("gatherings.assignments.editor.forbidden")
          : save.isError
            ? problemMessage(save.error, t)
            : null;

  return (
    <section className="panel" aria-labelledby={headingId} data-testid={`response-${workspaceName}`}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("gatherings.assignments.editor.heading", { workspace: workspaceName })}
      </Heading>
      <Paragraph data-size="sm">
        {saved ? <SavedByInline response={saved} /> : t("gatherings.assignments.editor.notAnswered")}
      </Paragraph>
      <form className="form" onSubmit={onSubmit} noValidate>
        <Textfield
          id={bodyId}
          ref={textRef}
          label={t("gatherings.assignments.editor.body", { workspace: workspaceName })}
          description={t("gatherings.assignments.editor.bodyHelp")}
          multiline
          rows={8}
          value={state.body}
          onChange={(e) => {
            setDone(false);
            dispatch({ type: "edit", body: e.target.value });
          }}
        />
        <Field>
          <Label htmlFor={visibilityId}>{t("gatherings.assignments.visibility.label")}</Label>
          <Select
            id={visibilityId}
            value={state.visibility}
            aria-describedby={`${visibilityId}-who`}
            onChange={(e) => {
              setDone(false);
              dispatch({ type: "edit", visibility: e.target.value as Visibility });
            }}
          >
            {VISIBILITIES.map((v) => (
              <Select.Option key={v} value={v}>
                {t(`gatherings.assignments.visibility.${v}`)}
              </Select.Option>
            ))}
          </Select>
          <Paragraph data-size="sm" id={`${visibilityId}-who`} data-testid="visibility-who">
            {t(`gatherings.assignments.visibility.who.${state.visibility}`)}
          </Paragraph>
        </Field>
        <Details>
          <Details.Summary>{t("gatherings.assignments.visibility.explain")}</Details.Summary>
          <Details.Content>
            <dl className="facts">
              {VISIBILITIES.map((v) => (
                <div key={v}>
                  <dt>{t(`gatherings.assignments.visibility.${v}`)}</dt>
                  <dd>{t(`gatherings.assignments.visibility.who.${v}`)}</dd>
                </div>
              ))}
            </dl>
          </Details.Content>
        </Details>
        <div role="alert" className="live-region">
          {errorText && (
            <Alert data-color={code === "conflict" ? "warning" : "danger"} className="notice">
              <Paragraph>{errorText}</Paragraph>
              {code === "conflict" && (
                <Button
                  type="button"
                  variant="secondary"
                  data-size="sm"
                  className="notice__action"
                  onClick={() => void reload()}
                  disabled={reloading}
                >
                  {t("gatherings.assignments.editor.reload")}
                </Button>
              )}
            </Alert>
          )}
          {reloadError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{reloadError}</Paragraph>
            </Alert>
          )}
        </div>
        {state.unsaved !== null && (
          <Alert data-color="info" className="notice">
            <Paragraph>{t("gatherings.assignments.editor.unsavedKept")}</Paragraph>
            <pre className="unsaved-text">{state.unsaved}</pre>
          </Alert>
        )}
        <div className="form__actions">
          <Button type="submit" disabled={save.isPending || state.conflict}>
            {save.isPending ? t("common.saving") : t("gatherings.assignments.editor.save")}
          </Button>
          <span role="status" className="save-status" data-testid="response-save-status">
            {done ? t("gatherings.assignments.editor.saved") : ""}
          </span>
        </div>
      </form>
    </section>
  );
}

function SavedByInline({ response }: { response: AssignmentResponse }) {
  const { t } = useTranslation();
  return response.updated_by
    ? t("gatherings.assignments.savedBy", { name: response.updated_by, when: formatDateTime(response.updated_at) })
    : t("gatherings.assignments.savedAt", { when: formatDateTime(response.updated_at) });
}

function StatusTable({ assignment: a }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const headingId = useId();
  const count = answeredCount(a);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t("gatherings.assignments.status.heading")}
      </Heading>
      <Paragraph data-testid="answered-count">
        {t("gatherings.assignments.answeredOf", { answered: String(count.answered), total: String(count.total) })}
      </Paragraph>
      {a.status.length === 0 ? (
        <Paragraph className="muted">{t("gatherings.assignments.status.empty")}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table data-size="sm" zebra>
            <caption className="visually-hidden">{t("gatherings.assignments.status.heading")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("gatherings.assignments.status.workspace")}</Table.HeaderCell>
                <Table.HeaderCell>{t("gatherings.assignments.status.answered")}</Table.HeaderCell>
                <Table.HeaderCell>{t("gatherings.assignments.status.when")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {a.status.map((s) => (
                <Table.Row key={s.workspace_id}>
                  <Table.Cell>{s.workspace_name}</Table.Cell>
                  <Table.Cell>
                    <Tag data-size="sm" data-color={s.answered ? "success" : "neutral"}>
                      {s.answered ? t("gatherings.assignments.status.yes") : t("gatherings.assignments.status.no")}
                    </Tag>
                  </Table.Cell>
                  <Table.Cell>{s.answered_at ? formatDateTime(s.answered_at) : "–"}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </section>
  );
}
