import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Paragraph,
  Select,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormErrorSummary, type SummaryError } from "../../components/FormErrorSummary";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { WorkspaceLearningNav } from "../../components/WorkspaceLearningNav";
import { usePageTitle } from "../../lib/page";
import { fieldErrors, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import {
  TIERS,
  WORKSPACE_STATUSES,
  useUpdateWorkspace,
  workspaceQuery,
  type Tier,
  type Workspace,
  type WorkspaceStatus,
  type WorkspaceUpdate,
} from "./api";
import { FollowWorkspaceButton } from "../feed";
import { WorkspaceMembers } from "./WorkspaceMembers";

function EditWorkspaceForm({
  workspace,
  isAdmin,
  onDone,
}: {
  workspace: Workspace;
  isAdmin: boolean;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateWorkspace(workspace.id);
  const [name, setName] = useState(workspace.name);
  const [description, setDescription] = useState(workspace.description);
  const [tier, setTier] = useState<Tier>(workspace.tier);
  const [status, setStatus] = useState<WorkspaceStatus>(workspace.status);
  const [nameError, setNameError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (name.trim() === "") {
      setNameError(t("workspace.nameRequired"));
      return;
    }
    setNameError(undefined);
    const body: WorkspaceUpdate = { name: name.trim(), description };
    if (isAdmin) {
      body.tier = tier;
      body.status = status;
    }
    update.mutate(body, { onSuccess: () => onDone(true) });
  }

  const serverErrors = update.isError ? fieldErrors(update.error) : {};
  const summary: SummaryError[] = [];
  const nameMessage = nameError ?? serverErrors.name;
  if (nameMessage) summary.push({ fieldId: "workspace-name", message: nameMessage });
  if (serverErrors.description) {
    summary.push({ fieldId: "workspace-description", message: serverErrors.description });
  }
  if (update.isError && summary.length === 0) summary.push({ message: problemMessage(update.error, t) });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="edit-heading">
      <Heading level={2} data-size="xs" id="edit-heading">
        {t("workspace.editTitle")}
      </Heading>
      <FormErrorSummary key={attempt} errors={summary} />
      <Textfield
        id="workspace-name"
        label={t("workspace.name")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={nameMessage}
        required
      />
      <Textfield
        id="workspace-description"
        label={t("workspace.description")}
        multiline
        rows={6}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={serverErrors.description}
      />
      {isAdmin && (
        <div className="form__row">
          <Field>
            <Label htmlFor="workspace-tier">{t("workspace.tier")}</Label>
            <Select id="workspace-tier" value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
              {TIERS.map((v) => (
                <Select.Option key={v} value={v}>
                  {t(`tiers.${v}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor="workspace-status">{t("workspace.status")}</Label>
            <Select
              id="workspace-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as WorkspaceStatus)}
            >
              {WORKSPACE_STATUSES.map((v) => (
                <Select.Option key={v} value={v}>
                  {t(`workspaceStatus.${v}`)}
                </Select.Option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      <div className="form__actions">
        <Button type="submit" loading={update.isPending}>
          {update.isPending ? t("common.saving") : t("common.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(false)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function WorkspaceView({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const withdraw = useUpdateWorkspace(workspace.id);

  const isAdmin = me?.role === "admin";
  const isMentor = workspace.mentors.some((m) => m.id === me?.id);
  const canSeeMembers = isAdmin || isMentor || workspace.my_role != null;
  const withdrawn = workspace.status === "withdrawn";

  return (
    <>
      <PageHeading>{workspace.name}</PageHeading>
      <div className="row-list__tags">
        <Tag data-color={workspace.tier === "pilot" ? "accent" : "neutral"}>
          {t(`tiers.${workspace.tier}`)}
        </Tag>
        <Tag data-color={withdrawn ? "warning" : workspace.status === "alumni" ? "info" : "success"}>
          {t(`workspaceStatus.${workspace.status}`)}
        </Tag>
        <FollowWorkspaceButton workspaceId={workspace.id} name={workspace.name} />
      </div>
      <WorkspaceLearningNav workspaceId={workspace.id} />
      {withdrawn && (
        <Alert data-color="warning" className="notice">
          <Heading level={2} data-size="2xs">
            {t("workspace.withdrawnTitle")}
          </Heading>
          <Paragraph>{t("workspace.withdrawnBody")}</Paragraph>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="live-region">
        {saved && (
          <Alert data-color="success" className="notice">
            <Paragraph>{t("workspace.saved")}</Paragraph>
          </Alert>
        )}
      </div>

      {editing ? (
        <EditWorkspaceForm
          workspace={workspace}
          isAdmin={isAdmin}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      ) : (
        <>
          <dl className="facts">
            <dt>{t("workspace.municipalities")}</dt>
            <dd>
              <ul className="plain-list">
                {workspace.municipalities.map((m) => (
                  <li key={m.number}>
                    {t("workspace.municipalityInCounty", { name: m.name, county: m.county_name })}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t("workspace.tier")}</dt>
            <dd>{t(`tiers.${workspace.tier}`)}</dd>
            <dt>{t("workspace.status")}</dt>
            <dd>{t(`workspaceStatus.${workspace.status}`)}</dd>
            <dt>{t("workspace.memberCount")}</dt>
            <dd>{workspace.member_count}</dd>
            {workspace.my_role && (
              <>
                <dt>{t("workspace.myRole")}</dt>
                <dd>{t(`workspaceRoles.${workspace.my_role}`)}</dd>
              </>
            )}
          </dl>

          <section aria-labelledby="about-heading" className="section">
            <Heading level={2} data-size="xs" id="about-heading">
              {t("workspace.about")}
            </Heading>
            {workspace.description.trim() ? (
              <Paragraph className="prose">{workspace.description}</Paragraph>
            ) : (
              <Paragraph className="muted">{t("workspace.noDescription")}</Paragraph>
            )}
          </section>

          {workspace.can_edit && (
            <div className="form__actions">
              <Button
                variant="secondary"
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                {t("workspace.edit")}
              </Button>
              {!withdrawn && (
                <Button variant="tertiary" data-color="danger" onClick={() => setConfirmWithdraw(true)}>
                  {t("workspace.withdraw")}
                </Button>
              )}
            </div>
          )}
        </>
      )}

      <section aria-labelledby="mentors-heading" className="section">
        <Heading level={2} data-size="xs" id="mentors-heading">
          {t("workspace.mentors")}
        </Heading>
        {workspace.mentors.length === 0 ? (
          <Paragraph className="muted">{t("workspace.noMentors")}</Paragraph>
        ) : (
          <ul className="plain-list">
            {workspace.mentors.map((m) => (
              <li key={m.id}>{m.name}</li>
            ))}
          </ul>
        )}
      </section>

      {canSeeMembers ? (
        <WorkspaceMembers workspace={workspace} meId={me?.id ?? ""} />
      ) : (
        <section aria-labelledby="members-heading" className="section">
          <Heading level={2} data-size="xs" id="members-heading">
            {t("members.title")}
          </Heading>
          <Paragraph className="muted">
            {t("members.private", { count: workspace.member_count })}
          </Paragraph>
        </section>
      )}

      <ConfirmDialog
        open={confirmWithdraw}
        title={t("workspace.withdrawTitle")}
        confirmLabel={t("workspace.withdrawConfirm")}
        danger
        pending={withdraw.isPending}
        error={withdraw.isError ? problemMessage(withdraw.error, t) : undefined}
        onClose={() => {
          setConfirmWithdraw(false);
          withdraw.reset();
        }}
        onConfirm={() =>
          withdraw.mutate({ status: "withdrawn" }, { onSuccess: () => setConfirmWithdraw(false) })
        }
      >
        <Paragraph>{t("workspace.withdrawBody", { name: workspace.name })}</Paragraph>
      </ConfirmDialog>
    </>
  );
}

export function WorkspacePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const workspace = useQuery(workspaceQuery(id));
  usePageTitle(workspace.data?.name ?? t("workspace.loadingTitle"));
  if (workspace.isPending) return <Loading />;
  if (workspace.isError) {
    return (
      <>
        <PageHeading>{t("workspace.loadingTitle")}</PageHeading>
        <QueryError error={workspace.error} onRetry={() => void workspace.refetch()} />
      </>
    );
  }
  return <WorkspaceView workspace={workspace.data} />;
}
