import { Button, Link, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { queueQuery, useAssign, type QuestionSummary } from "./api";

/** The project team's answer queue: open questions, most votes and then oldest first. */
export function QueuePage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.queue.title"));
  const queue = useQuery(queueQuery());
  return (
    <>
      <PageHeading>{t("knowledge.queue.title")}</PageHeading>
      <Paragraph>{t("knowledge.queue.intro")}</Paragraph>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.length === 0 ? (
        <Paragraph className="empty-state">{t("knowledge.queue.empty")}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table data-size="sm" zebra data-testid="answer-queue">
            <caption className="visually-hidden">{t("knowledge.queue.caption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("knowledge.queue.question")}</Table.HeaderCell>
                <Table.HeaderCell className="numeric">{t("knowledge.queue.votes")}</Table.HeaderCell>
                <Table.HeaderCell>{t("knowledge.queue.asked")}</Table.HeaderCell>
                <Table.HeaderCell>{t("knowledge.queue.assignee")}</Table.HeaderCell>
                <Table.HeaderCell>{t("knowledge.queue.draft")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {queue.data.map((q) => (
                <QueueRow key={q.id} question={q} />
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </>
  );
}

function QueueRow({ question: q }: { question: QuestionSummary }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const assign = useAssign(q.id);
  return (
    <Table.Row>
      <Table.Cell>
        <Link asChild>
          <RouterLink to={`/admin/questions/${q.id}`}>{q.title}</RouterLink>
        </Link>
      </Table.Cell>
      <Table.Cell className="numeric">{q.vote_count}</Table.Cell>
      <Table.Cell>
        <time dateTime={q.created_at}>{formatDate(q.created_at)}</time>
      </Table.Cell>
      <Table.Cell>
        <div className="meta-line">
          <span>{q.assignee?.name ?? t("knowledge.queue.unassigned")}</span>
          {me && q.assignee?.id !== me.id && (
            <Button
              type="button"
              variant="tertiary"
              data-size="sm"
              loading={assign.isPending}
              onClick={() => assign.mutate(me.id)}
              aria-label={`${t("knowledge.editor.assignMe")}: ${q.title}`}
            >
              {t("knowledge.editor.assignMe")}
            </Button>
          )}
        </div>
        {assign.isError && (
          <Paragraph data-size="sm" role="alert">
            {problemMessage(assign.error, t)}
          </Paragraph>
        )}
      </Table.Cell>
      <Table.Cell>
        {q.has_draft ? (
          <Tag data-size="sm" data-color="info">
            {t("knowledge.queue.hasDraft")}
          </Tag>
        ) : (
          "–"
        )}
      </Table.Cell>
    </Table.Row>
  );
}
