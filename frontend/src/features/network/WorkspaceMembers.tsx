import {
  Alert,
  Button,
  Dialog,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Table,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { compareNorwegian } from "../../lib/format";
import { useMe } from "../../lib/session";
import { UserDataActions } from "../privacy";
import { ApiError, fieldErrors, problemCode, problemMessage } from "../../lib/problem";
import {
  FUNCTIONS,
  WORKSPACE_ROLES,
  membersQuery,
  useAddMember,
  useRemoveMember,
  useUpdateMember,
  type Member,
  type MemberFunction,
  type Workspace,
  type WorkspaceRole,
} from "./api";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A 409 means different things depending on what was tried. */
function memberProblem(error: unknown, action: "add" | "change" | "remove" | "leave", t: TFunction) {
  if (error instanceof ApiError && error.status === 409 && problemCode(error) === "conflict") {
    return action === "add" ? t("members.alreadyMember") : t("members.lastCoordinator");
  }
  return problemMessage(error, t);
}

function RoleFunctionFields({
  idPrefix,
  role,
  fn,
  onRole,
  onFunction,
}: {
  idPrefix: string;
  role: WorkspaceRole;
  fn: MemberFunction;
  onRole: (role: WorkspaceRole) => void;
  onFunction: (fn: MemberFunction) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field>
        <Label htmlFor={`${idPrefix}-role`}>{t("members.role")}</Label>
        <Select id={`${idPrefix}-role`} value={role} onChange={(e) => onRole(e.target.value as WorkspaceRole)}>
          {WORKSPACE_ROLES.map((r) => (
            <Select.Option key={r} value={r}>
              {t(`workspaceRoles.${r}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Field>
        <Label htmlFor={`${idPrefix}-function`}>{t("members.function")}</Label>
        <Select
          id={`${idPrefix}-function`}
          value={fn}
          onChange={(e) => onFunction(e.target.value as MemberFunction)}
        >
          {FUNCTIONS.map((f) => (
            <Select.Option key={f} value={f}>
              {t(`functions.${f}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
    </>
  );
}

function AddMemberForm({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const add = useAddMember(workspaceId);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<WorkspaceRole>("member");
  const [fn, setFn] = useState<MemberFunction>("other");
  const [errors, setErrors] = useState<{ email?: string; name?: string }>({});
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setResult(undefined);
    const next: { email?: string; name?: string } = {};
    if (email.trim() === "") next.email = t("validation.emailRequired");
    else if (!EMAIL.test(email.trim())) next.email = t("validation.emailInvalid");
    if (name.trim() === "") next.name = t("members.nameRequired");
    setErrors(next);
    add.reset();
    if (next.email || next.name) return;
    add.mutate(
      { email: email.trim(), name: name.trim(), role, function: fn },
      {
        onSuccess: (added) => {
          setResult(
            added.member
              ? t("members.added", { name: added.member.name })
              : t("members.invited", { email: added.invited_email ?? email.trim() }),
          );
          setEmail("");
          setName("");
          setRole("member");
          setFn("other");
        },
      },
    );
  }

  const server = add.isError ? fieldErrors(add.error) : {};
  const emailError = errors.email ?? server.email;
  const nameError = errors.name ?? server.name;
  const summary: SummaryError[] = [];
  if (emailError) summary.push({ fieldId: "member-email", message: emailError });
  if (nameError) summary.push({ fieldId: "member-name", message: nameError });
  if (add.isError && !server.email && !server.name) {
    summary.push({ message: memberProblem(add.error, "add", t) });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="add-member-heading">
      <Heading level={3} data-size="2xs" id="add-member-heading">
        {t("members.addTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("members.addIntro")}</Paragraph>
      <FormErrorSummary key={attempt} errors={summary} />
      <div role="status" aria-live="polite" className="live-region">
        {result && (
          <Alert data-color="success" className="notice">
            <Paragraph>{result}</Paragraph>
          </Alert>
        )}
      </div>
      <div className="form__row">
        <Textfield
          id="member-email"
          label={t("members.email")}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={emailError}
          required
        />
        <Textfield
          id="member-name"
          label={t("members.name")}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          required
        />
      </div>
      <div className="form__row">
        <RoleFunctionFields idPrefix="member-new" role={role} fn={fn} onRole={setRole} onFunction={setFn} />
      </div>
      <div className="form__actions">
        <Button type="submit" loading={add.isPending}>
          {add.isPending ? t("members.adding") : t("members.add")}
        </Button>
      </div>
    </form>
  );
}

function EditMemberDialog({
  workspaceId,
  member,
  onClose,
}: {
  workspaceId: string;
  member: Member;
  onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const update = useUpdateMember(workspaceId);
  const [role, setRole] = useState<WorkspaceRole>(member.role);
  const [fn, setFn] = useState<MemberFunction>(member.function);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { userId: member.user_id, body: { role, function: fn } },
      { onSuccess: () => onClose(true) },
    );
  }

  return (
    <Dialog
      open
      onClose={() => onClose(false)}
      closedby="any"
      closeButton={t("common.closeDialog")}
      aria-labelledby={titleId}
    >
      <Dialog.Block>
        <Heading level={2} data-size="xs" id={titleId}>
          {t("members.editTitle", { name: member.name })}
        </Heading>
      </Dialog.Block>
      <Dialog.Block>
        <form onSubmit={onSubmit} className="dialog-form">
          <RoleFunctionFields idPrefix="member-edit" role={role} fn={fn} onRole={setRole} onFunction={setFn} />
          {update.isError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{memberProblem(update.error, "change", t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions">
            <Button type="submit" loading={update.isPending}>
              {update.isPending ? t("common.saving") : t("common.save")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => onClose(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      </Dialog.Block>
    </Dialog>
  );
}

export function WorkspaceMembers({ workspace, meId }: { workspace: Workspace; meId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery(workspace.id));
  const me = useMe();
  const isAdmin = me.data?.role === "admin";
  const remove = useRemoveMember(workspace.id);
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [notice, setNotice] = useState<string>();

  const canEdit = workspace.can_edit;
  const isMember = workspace.my_role != null;
  const readOnly = workspace.status === "withdrawn";
  const sorted = [...(members.data ?? [])].sort(
    (a, b) =>
      Number(a.role !== "coordinator") - Number(b.role !== "coordinator") ||
      compareNorwegian(a.name, b.name),
  );

  return (
    <section aria-labelledby="members-heading" className="section">
      <Heading level={2} data-size="xs" id="members-heading">
        {t("members.title")}
      </Heading>
      <div role="status" aria-live="polite" className="live-region">
        {notice && (
          <Alert data-color="success" className="notice">
            <Paragraph>{notice}</Paragraph>
          </Alert>
        )}
      </div>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        members.error instanceof ApiError && members.error.status === 403 ? (
          <Paragraph className="muted">
            {t("members.private", { count: workspace.member_count })}
          </Paragraph>
        ) : (
          <QueryError error={members.error} onRetry={() => void members.refetch()} />
        )
      ) : sorted.length === 0 ? (
        <Paragraph className="empty-state">{t("members.empty")}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table data-size="sm" className="members-table">
            <caption className="visually-hidden">{t("members.caption", { name: workspace.name })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("members.name")}</Table.HeaderCell>
                <Table.HeaderCell>{t("members.email")}</Table.HeaderCell>
                <Table.HeaderCell>{t("members.role")}</Table.HeaderCell>
                <Table.HeaderCell>{t("members.function")}</Table.HeaderCell>
                {canEdit && <Table.HeaderCell>{t("members.actions")}</Table.HeaderCell>}
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {sorted.map((m) => (
                <Table.Row key={m.user_id}>
                  <Table.Cell>
                    {m.name}
                    {m.user_id === meId && ` ${t("members.you")}`}
                  </Table.Cell>
                  <Table.Cell>{m.email ?? ""}</Table.Cell>
                  <Table.Cell>{t(`workspaceRoles.${m.role}`)}</Table.Cell>
                  <Table.Cell>{t(`functions.${m.function}`)}</Table.Cell>
                  {canEdit && (
                    <Table.Cell>
                      <div className="table-actions">
                        <Button
                          variant="tertiary"
                          data-size="sm"
                          onClick={() => {
                            setNotice(undefined);
                            setEditing(m);
                          }}
                          aria-label={t("members.editFor", { name: m.name })}
                        >
                          {t("common.edit")}
                        </Button>
                        {m.user_id !== meId && (
                          <Button
                            variant="tertiary"
                            data-size="sm"
                            data-color="danger"
                            onClick={() => {
                              setNotice(undefined);
                              remove.reset();
                              setRemoving(m);
                            }}
                            aria-label={t("members.removeFor", { name: m.name })}
                          >
                            {t("common.remove")}
                          </Button>
                        )}
                        {isAdmin && m.user_id !== meId && (
                          <UserDataActions
                            userId={m.user_id}
                            name={m.name}
                            onDeleted={(name) => {
                              setNotice(t("privacy.admin.deleted", { name }));
                              void queryClient.invalidateQueries({ queryKey: membersQuery(workspace.id).queryKey });
                            }}
                          />
                        )}
                      </div>
                    </Table.Cell>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}

      {isMember && !readOnly && (
        <div>
          <Button
            variant="secondary"
            data-color="danger"
            onClick={() => {
              remove.reset();
              setLeaving(true);
            }}
          >
            {t("members.leave")}
          </Button>
        </div>
      )}

      {canEdit && <AddMemberForm workspaceId={workspace.id} />}

      {editing && (
        <EditMemberDialog
          workspaceId={workspace.id}
          member={editing}
          onClose={(changed) => {
            if (changed) setNotice(t("members.changed", { name: editing.name }));
            setEditing(null);
          }}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("members.removeTitle", { name: removing?.name ?? "" })}
        confirmLabel={t("members.removeConfirm")}
        danger
        pending={remove.isPending}
        error={remove.isError ? memberProblem(remove.error, "remove", t) : undefined}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          const name = removing.name;
          remove.mutate(removing.user_id, {
            onSuccess: () => {
              setRemoving(null);
              setNotice(t("members.removed", { name }));
            },
          });
        }}
      >
        <Paragraph>{t("members.removeBody", { name: removing?.name ?? "", workspace: workspace.name })}</Paragraph>
      </ConfirmDialog>
      <ConfirmDialog
        open={leaving}
        title={t("members.leaveTitle")}
        confirmLabel={t("members.leaveConfirm")}
        danger
        pending={remove.isPending}
        error={remove.isError ? memberProblem(remove.error, "leave", t) : undefined}
        onClose={() => setLeaving(false)}
        onConfirm={() =>
          remove.mutate(meId, {
            onSuccess: async () => {
              setLeaving(false);
              await queryClient.invalidateQueries({ queryKey: ["me"] });
              void navigate("/", { replace: true });
            },
          })
        }
      >
        <Paragraph>{t("members.leaveBody", { name: workspace.name })}</Paragraph>
      </ConfirmDialog>
    </section>
  );
}
