import { Alert, Button, Heading, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { queueQuery, useMarkSeen, waitedUnit, type QueueItem } from "./notificationsApi";
import "./feed.css";

function Waited({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  const { unit, count } = waitedUnit(seconds);
  return <>{t(`feed.queue.waited.${unit}`, { count })}</>;
}

function QueueRow({ item, onSeen }: { item: QueueItem; onSeen: (title: string) => void }) {
  const { t } = useTranslation();
  const seen = useMarkSeen();
  return (
    <li className="row-list__item" data-testid="queue-item">
      <div className="row-list__main">
        <div className="row-list__tags">
          <Tag data-size="sm" data-color="accent">
            {t(`feed.queue.types.${item.type}`)}
          </Tag>
          <Tag data-size="sm" data-color={item.kind === "new" ? "info" : "neutral"}>
            {item.kind === "new" ? t("feed.queue.new") : t("feed.queue.changed")}
          </Tag>
        </div>
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={item.url}>{item.title || t(`feed.queue.types.${item.type}`)}</RouterLink>
          </Link>
        </Heading>
        <Paragraph data-size="sm">
          {item.workspace_name} ·{" "}
          <strong>
            <Waited seconds={item.waited_seconds} />
          </strong>{" "}
          <span className="muted">({t("feed.queue.since", { when: formatDateTime(item.waiting_since) })})</span>
        </Paragraph>
        {seen.isError && (
          <Paragraph data-size="sm" className="feed-error" role="alert">
            {problemMessage(seen.error, t)}
          </Paragraph>
        )}
      </div>
      <Button
        type="button"
        variant="secondary"
        data-size="sm"
        loading={seen.isPending}
        aria-label={t("feed.queue.markSeenLabel", { title: item.title })}
        onClick={() => seen.mutate([{ type: item.type, id: item.id }], { onSuccess: () => onSeen(item.title) })}
      >
        {t("feed.queue.markSeen")}
      </Button>
    </li>
  );
}

/** The mentor's queue: what is new or changed in their workspaces, oldest waiting first. */
export function MentorQueuePage() {
  const { t } = useTranslation();
  usePageTitle(t("feed.queue.title"));
  const queue = useInfiniteQuery(queueQuery());
  const markAll = useMarkSeen();
  const [notice, setNotice] = useState("");
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeading>{t("feed.queue.title")}</PageHeading>
      <Paragraph>{t("feed.queue.intro")}</Paragraph>
      <div role="status" aria-live="polite" className="live-region">
        {notice && <Paragraph data-size="sm" className="feed-saved">{notice}</Paragraph>}
      </div>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Paragraph className="empty-state">{t("feed.queue.empty")}</Paragraph>
      ) : (
        <section aria-labelledby="queue-heading" className="section">
          <div className="feed-section-head">
            <Heading level={2} data-size="xs" id="queue-heading">
              {t("feed.queue.waiting", { count: items.length })}
            </Heading>
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              loading={markAll.isPending}
              onClick={() =>
                markAll.mutate(
                  items.slice(0, 200).map((i) => ({ type: i.type, id: i.id })),
                  { onSuccess: () => setNotice(t("feed.queue.allSeen")) },
                )
              }
            >
              {t("feed.queue.markAllSeen")}
            </Button>
          </div>
          {markAll.isError && (
            <Alert data-color="danger" className="notice">
              <Paragraph>{problemMessage(markAll.error, t)}</Paragraph>
            </Alert>
          )}
          <ol className="row-list" data-testid="queue-list">
            {items.map((item) => (
              <QueueRow
                key={`${item.type}-${item.id}`}
                item={item}
                onSeen={(title) => setNotice(t("feed.queue.seen", { title }))}
              />
            ))}
          </ol>
          {queue.hasNextPage && (
            <div>
              <Button variant="secondary" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
                {t("common.loadMore")}
              </Button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
