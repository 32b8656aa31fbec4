import { Alert, Heading, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { collectionQuery, collectionsQuery, type Collection } from "./api";
import { BackLink, ServerHtml, VisibilitySentence } from "./shared";

/** The project team's collections: a gathering's materials, and theme packages. */
export function CollectionsPage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.collections.title"));
  const list = useQuery(collectionsQuery());
  return (
    <>
      <BackLink to="/resources">{t("knowledge.resource.back")}</BackLink>
      <PageHeading>{t("knowledge.collections.title")}</PageHeading>
      <Paragraph>{t("knowledge.collections.intro")}</Paragraph>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Paragraph className="empty-state">{t("knowledge.collections.empty")}</Paragraph>
      ) : (
        <ul className="row-list">
          {list.data.map((c) => (
            <li key={c.id} className="row-list__item">
              <div className="row-list__main">
                <Heading level={2} data-size="2xs">
                  <Link asChild>
                    <RouterLink to={`/collections/${c.id}`}>{c.title}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph data-size="sm" className="muted">
                  {t("knowledge.collections.resourceCount", { count: c.resource_count })}
                </Paragraph>
              </div>
              <div className="row-list__tags">
                <Tag data-size="sm" data-color="info">
                  {t(`knowledge.collections.kinds.${c.kind}`)}
                </Tag>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function CollectionPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const collection = useQuery(collectionQuery(id));
  usePageTitle(collection.data?.title ?? t("knowledge.collections.title"));
  if (collection.isPending) return <Loading />;
  if (collection.isError) {
    return (
      <>
        <PageHeading>{t("knowledge.collections.title")}</PageHeading>
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemCode(collection.error) === "not_found"
              ? t("knowledge.collections.notFound")
              : problemMessage(collection.error, t)}
          </Paragraph>
        </Alert>
        <BackLink to="/collections">{t("knowledge.collections.back")}</BackLink>
      </>
    );
  }
  return <CollectionView collection={collection.data} />;
}

function CollectionView({ collection: c }: { collection: Collection }) {
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/collections">{t("knowledge.collections.back")}</BackLink>
      <PageHeading>{c.title}</PageHeading>
      <div className="meta-line">
        <Tag data-size="sm" data-color="info">
          {t(`knowledge.collections.kinds.${c.kind}`)}
        </Tag>
        {c.gathering_id && (
          <Link asChild>
            <RouterLink to={`/gatherings/${c.gathering_id}`}>{t("knowledge.collections.gathering")}</RouterLink>
          </Link>
        )}
      </div>
      <VisibilitySentence level={c.visibility} />
      {c.description_html && <ServerHtml html={c.description_html} />}
      {c.sections.map((section) => (
        <SectionBlock key={section.key} section={section} />
      ))}
    </>
  );
}

function SectionBlock({ section }: { section: Collection["sections"][number] }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel-k" aria-labelledby={headingId}>
      <Heading level={2} data-size="xs" id={headingId}>
        {t(`knowledge.collections.sections.${section.key}`)}
      </Heading>
      {section.body_html && <ServerHtml html={section.body_html} />}
      {section.resources.length === 0 ? (
        section.body_html ? null : <Paragraph className="muted">{t("knowledge.collections.noResources")}</Paragraph>
      ) : (
        <ul className="plain-links">
          {section.resources.map((r) => (
            <li key={r.id}>
              <Link asChild>
                <RouterLink to={`/resources/${r.id}`}>{r.title}</RouterLink>
              </Link>{" "}
              <span className="muted">({t(`knowledge.resources.kinds.${r.kind}`)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
