import { Alert, Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation, useParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { problemCode, problemMessage } from "../../lib/problem";
import { useMe } from "../../lib/session";
import { questionQuery, topicsQuery, type Question, type QuestionSummary } from "./api";
import { BackLink, ServerHtml, StatusTag, VoteToggle, useTopicNames } from "./shared";

/** "Asked by …": the asker and their workspace, unless they asked anonymously. */
export function AskedBy({ question: q }: { question: QuestionSummary }) {
  const { t } = useTranslation();
  const when = formatDate(q.created_at);
  if (!q.asker) return <>{t("knowledge.question.askedAnonymous", { when })}</>;
  return (
    <>
      {q.workspace_name
        ? t("knowledge.question.askedBy", { name: q.asker.name, place: q.workspace_name, when })
        : t("knowledge.question.askedByNoPlace", { name: q.asker.name, when })}
    </>
  );
}

export function QuestionPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const question = useQuery(questionQuery(id));
  usePageTitle(question.data?.title ?? t("knowledge.list.title"));
  if (question.isPending) return <Loading />;
  if (question.isError) {
    return (
      <>
        <PageHeading>{t("knowledge.list.title")}</PageHeading>
        <Alert data-color="danger" className="notice">
          <Paragraph>
            {problemCode(question.error) === "not_found" ? t("knowledge.question.notFound") : problemMessage(question.error, t)}
          </Paragraph>
          <Button variant="secondary" data-size="sm" className="notice__action" onClick={() => void question.refetch()}>
            {t("common.retry")}
          </Button>
        </Alert>
        <BackLink to="/questions">{t("knowledge.question.back")}</BackLink>
      </>
    );
  }
  return <QuestionView question={question.data} />;
}

function MergedNotice({ intoId }: { intoId: string }) {
  const { t } = useTranslation();
  const survivor = useQuery(questionQuery(intoId));
  return (
    <Alert data-color="info" className="notice" data-testid="merged-notice">
      <Paragraph>{t("knowledge.question.mergedInto")}</Paragraph>
      <Paragraph>
        <Link asChild>
          <RouterLink to={`/questions/${intoId}`}>
            {survivor.data
              ? t("knowledge.question.mergedLink", { title: survivor.data.title })
              : t("knowledge.question.mergedLinkNoTitle")}
          </RouterLink>
        </Link>
      </Paragraph>
    </Alert>
  );
}

function QuestionView({ question: q }: { question: Question }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const topics = useQuery(topicsQuery());
  const topicName = useTopicNames(topics.data);
  const answerId = useId();
  const isAdmin = me?.role === "admin";
  const asked = (location.state as { asked?: boolean } | null)?.asked === true;
  const published = q.answer?.published ? q.answer : null;

  return (
    <>
      {asked && (
        <Alert data-color="success" className="notice">
          <Paragraph>{t("knowledge.ask.sent")}</Paragraph>
        </Alert>
      )}
      <PageHeading>{q.title}</PageHeading>
      {q.status === "merged" && q.merged_into_id && <MergedNotice intoId={q.merged_into_id} />}
      <div className="meta-line">
        <StatusTag status={q.status} />
        <Paragraph data-size="sm" className="muted" data-testid="asked-by">
          <AskedBy question={q} />
        </Paragraph>
      </div>
      {isAdmin && q.anonymous && (
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.question.anonymousAdmin")}
        </Paragraph>
      )}
      {q.topics.length > 0 && (
        <Paragraph data-size="sm">
          <strong>{t("knowledge.ask.topicsLabel")}:</strong> {q.topics.map(topicName).join(", ")}
        </Paragraph>
      )}
      {q.body_html && <ServerHtml html={q.body_html} />}
      {q.status !== "merged" && <VoteToggle id={q.id} title={q.title} voted={q.i_voted} count={q.vote_count} />}

      <section className="panel-k" aria-labelledby={answerId} data-testid="answer">
        <Heading level={2} data-size="xs" id={answerId}>
          {t("knowledge.question.answer")}
        </Heading>
        {published ? (
          <>
            <ServerHtml html={published.body_html} />
            {published.answered_at && (
              <Paragraph data-size="sm" className="muted">
                {t("knowledge.question.answeredAt", { when: formatDate(published.answered_at) })}
              </Paragraph>
            )}
            <Paragraph data-size="sm">
              {published.public ? t("knowledge.question.inFaqPublic") : t("knowledge.question.inFaqNetwork")}{" "}
              <Link asChild>
                <RouterLink to={`/faq#q-${q.id}`}>{t("knowledge.question.toFaq")}</RouterLink>
              </Link>
            </Paragraph>
          </>
        ) : (
          <Paragraph className="muted">{t("knowledge.question.noAnswer")}</Paragraph>
        )}
        {isAdmin && q.status !== "merged" && (
          <Paragraph>
            <Link asChild>
              <RouterLink to={`/admin/questions/${q.id}`}>{t("knowledge.question.openInQueue")}</RouterLink>
            </Link>
          </Paragraph>
        )}
      </section>
      <BackLink to="/questions">{t("knowledge.question.back")}</BackLink>
    </>
  );
}
