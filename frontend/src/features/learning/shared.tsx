import {
  Alert,
  Button,
  Dialog,
  Heading,
  Link,
  Paragraph,
  Radio,
  Fieldset,
} from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { Loading } from "../../components/Loading";
import { WorkspaceLearningNav as LearningNav } from "../../components/WorkspaceLearningNav";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { intlLocale } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { VISIBILITIES, canWrite, visibilityRank, workspaceQuery, type Visibility, type Workspace } from "./api";
import "./learning.css";

// Shared with the other features from src/components; named here too for learning's own files.
import { VisibilityField, VisibilityTag } from "../../components/Visibility";
export { VisibilityField, VisibilityTag };

/**
 * The frame of a workspace's action-learning page: the workspace loaded (name, who may
 * write), the section menu and the page's h1; `children` gets the workspace.
 */
export function WorkspaceLearningPage({
  workspaceId,
  title,
  children,
}: {
  workspaceId: string;
  title: (workspace: Workspace | undefined) => string;
  children: (workspace: Workspace, canEdit: boolean) => ReactNode;
}) {
  const { t } = useTranslation();
  const workspace = useQuery(workspaceQuery(workspaceId));
  const { data: me } = useMe();
  const heading = title(workspace.data);
  usePageTitle(heading);
  return (
    <>
      {workspace.data && (
        <Paragraph data-size="sm" className="learning-eyebrow">
          <Link asChild>
            <RouterLink to={`/workspaces/${workspaceId}`}>{workspace.data.name}</RouterLink>
          </Link>
        </Paragraph>
      )}
      <PageHeading>{heading}</PageHeading>
      <LearningNav workspaceId={workspaceId} />
      {workspace.isPending ? (
        <Loading />
      ) : workspace.isError ? (
        <QueryError error={workspace.error} onRetry={() => void workspace.refetch()} />
      ) : (
        <>
          {!canWrite(workspace.data, me) && (
            <Paragraph data-size="sm" className="muted">
              {t("learning.readOnly")}
            </Paragraph>
          )}
          {children(workspace.data, canWrite(workspace.data, me))}
        </>
      )}
    </>
  );
}

/**
 * "Share": the item's level, who can read it, and a dialog to change it. Raising the level
 * is a deliberate act: the dialog says who will be added and asks for a confirmation.
 */
export function ShareControl({
  level,
  canEdit,
  onChange,
  pending,
  error,
  what,
}: {
  level: Visibility;
  canEdit: boolean;
  onChange: (level: Visibility, done: () => void) => void;
  pending: boolean;
  error: unknown;
  /** e.g. "syklusen" (used in the texts). */
  what: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Visibility>(level);
  const titleId = useId();
  const raising = visibilityRank(chosen) > visibilityRank(level);

  return (
    <div className="learning-share">
      <Paragraph className="learning-share__current">
        <VisibilityTag level={level} /> <span>{t(`learning.visibility.who.${level}`)}</span>
      </Paragraph>
      {canEdit && (
        <Button
          variant="secondary"
          data-size="sm"
          onClick={() => {
            setChosen(level);
            setOpen(true);
          }}
        >
          {t("learning.share.open")}
        </Button>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        closedby="any"
        closeButton={t("common.closeDialog")}
        aria-labelledby={titleId}
      >
        <Dialog.Block>
          <Heading level={2} data-size="xs" id={titleId}>
            {t("learning.share.title", { what })}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <Fieldset>
            <Fieldset.Legend>{t("learning.share.legend")}</Fieldset.Legend>
            {VISIBILITIES.map((v) => (
              <Radio
                key={v}
                name="visibility"
                value={v}
                checked={chosen === v}
                onChange={() => setChosen(v)}
                label={t(`learning.visibility.${v}`)}
                description={t(`learning.visibility.who.${v}`)}
              />
            ))}
          </Fieldset>
          {raising && (
            <Alert data-color="warning" className="notice" role="status">
              <Paragraph>{t("learning.share.raiseWarning", { what, who: t(`learning.visibility.adds.${chosen}`) })}</Paragraph>
            </Alert>
          )}
          {Boolean(error) && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(error, t)}</Paragraph>
            </Alert>
          )}
          <div className="form__actions dialog-actions">
            <Button
              type="button"
              loading={pending}
              onClick={() => {
                if (chosen === level) setOpen(false);
                else onChange(chosen, () => setOpen(false));
              }}
            >
              {raising ? t("learning.share.confirmRaise") : t("learning.share.confirm")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}

/** Markdown the server rendered and sanitised (markdown-it without raw HTML, then nh3). */
export function ServerHtml({ html, empty }: { html: string; empty?: string }) {
  if (!html.trim()) return empty ? <Paragraph className="muted">{empty}</Paragraph> : null;
  return <div className="prose learning-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function formatHours(value: number): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 }).format(value);
}
