import { Alert, Button, Heading, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useNavigate, useParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { formatDate, formatSize } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { countLinkUse, downloadResource, resourceQuery, useDeleteResource, type Resource } from "./api";
import { BackLink, ServerHtml, VisibilitySentence } from "./shared";

export function ResourcePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const resource = useQuery(resourceQuery(id));
  usePageTitle(resource.data?.title ?? t("knowledge.resources.title"));
  if (resource.isPending) return <Loading />;
  if (resource.isError) {
    return (
      <>
        <PageHeading>{t("knowledge.resources.title")}</PageHeading>
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemCode(resource.error) === "not_found" ? t("knowledge.resource.notFound") : problemMessage(resource.error, t)}
          </Paragraph>
        </Alert>
        <BackLink to="/resources">{t("knowledge.resource.back")}</BackLink>
      </>
    );
  }
  return <ResourceView resource={resource.data} />;
}

function Open({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (r.file) {
    const file = r.file;
    return (
      <div>
        <Button
          type="button"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await downloadResource(r);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("knowledge.resource.download", { name: `${file.name} (${formatSize(file.size)})` })}
        </Button>
        {Boolean(error) && (
          <Paragraph data-size="sm" role="alert">
            {problemMessage(error, t)}
          </Paragraph>
        )}
      </div>
    );
  }
  if (r.url) {
    return (
      <Paragraph>
        <Button asChild>
          <a href={r.url} target="_blank" rel="noopener noreferrer" onClick={() => countLinkUse(r)}>
            {t("knowledge.resource.openLink")} <span className="visually-hidden">{t("knowledge.resource.openLinkNewTab")}</span>
          </a>
        </Button>{" "}
        <span className="muted">{r.url}</span>
      </Paragraph>
    );
  }
  return null;
}

function ResourceView({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const remove = useDeleteResource(r.id);
  const [confirming, setConfirming] = useState(false);
  const factsId = useId();
  const created = (location.state as { saved?: boolean } | null)?.saved === true;

  return (
    <>
      <BackLink to="/resources">{t("knowledge.resource.back")}</BackLink>
      {created && (
        <Alert data-color="success" className="notice">
          <Paragraph>{t("knowledge.resourceForm.saved")}</Paragraph>
        </Alert>
      )}
      <PageHeading>{r.title}</PageHeading>
      <div className="meta-line">
        <Tag data-size="sm" data-color="info">
          {t(`knowledge.resources.kinds.${r.kind}`)}
        </Tag>
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.resources.downloads", { count: r.download_count })}
        </Paragraph>
      </div>
      <VisibilitySentence level={r.visibility} />
      <Open resource={r} />
      {r.description_html ? (
        <ServerHtml html={r.description_html} />
      ) : (
        <Paragraph className="muted">{t("knowledge.resource.noDescription")}</Paragraph>
      )}
      <section className="panel-k" aria-labelledby={factsId}>
        <Heading level={2} data-size="2xs" id={factsId}>
          {t("knowledge.resource.facts")}
        </Heading>
        <dl className="facts">
          <dt>{t("knowledge.resources.kind")}</dt>
          <dd>{t(`knowledge.resources.kinds.${r.kind}`)}</dd>
          <dt>{t("knowledge.resources.language")}</dt>
          <dd>{t(`knowledge.resources.languages.${r.language}`)}</dd>
          <dt>{t("knowledge.resource.owner")}</dt>
          <dd>
            {r.workspace_id && r.workspace_name ? (
              <Link asChild>
                <RouterLink to={`/workspaces/${r.workspace_id}`}>{r.workspace_name}</RouterLink>
              </Link>
            ) : (
              t("knowledge.resources.ownerProject")
            )}
          </dd>
          <dt>{t("knowledge.resources.tag")}</dt>
          <dd>
            {r.tags.length === 0
              ? t("knowledge.resource.noTags")
              : r.tags.map((tag, i) => (
                  <span key={tag}>
                    {i > 0 && ", "}
                    <Link asChild>
                      <RouterLink to={`/resources?tag=${encodeURIComponent(tag)}`}>{tag}</RouterLink>
                    </Link>
                  </span>
                ))}
          </dd>
          <dt>{t("knowledge.resource.added")}</dt>
          <dd>{formatDate(r.created_at)}</dd>
        </dl>
      </section>
      {r.can_edit && (
        <div className="form__actions">
          <Button asChild variant="secondary">
            <RouterLink to={`/resources/${r.id}/edit`}>{t("knowledge.resource.edit")}</RouterLink>
          </Button>
          <Button type="button" variant="secondary" data-color="danger" onClick={() => setConfirming(true)}>
            {t("knowledge.resource.delete")}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("knowledge.resource.deleteTitle")}
        confirmLabel={t("knowledge.resource.delete")}
        danger
        pending={remove.isPending}
        error={remove.isError ? problemMessage(remove.error, t) : undefined}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => void navigate("/resources", { state: { deleted: r.title } }),
          })
        }
      >
        <Paragraph>{t("knowledge.resource.deleteConfirm", { title: r.title })}</Paragraph>
      </ConfirmDialog>
    </>
  );
}
