import { Button, Field, Heading, Label, Link, Paragraph, Select, ToggleGroup } from "@digdir/designsystemet-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { questionsQuery, topicName, topicsQuery, type QuestionSummary } from "./api";
import { StatusTag, VoteToggle, useTopicNames, useUiLocale } from "./shared";

type StatusFilter = "open" | "answered" | null;

/** All questions or my own (asked or voted for), open or answered; filters kept in the address. */
export function QuestionsPage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.list.title"));
  const [params, setParams] = useSearchParams();
  const mine = params.get("mine") === "true";
  const statusParam = params.get("status");
  const status: StatusFilter = statusParam === "open" || statusParam === "answered" ? statusParam : null;
  const topic = params.get("topic") || null;
  const list = useInfiniteQuery(questionsQuery({ mine, status, topic }));
  const topics = useQuery(topicsQuery());
  const locale = useUiLocale();
  const topicId = useId();
  const topicNameOf = useTopicNames(topics.data);
  const statusId = useId();
  const listHeadingId = useId();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  function update(next: { mine?: boolean; status?: StatusFilter; topic?: string | null }) {
    const p = new URLSearchParams(params);
    const m = next.mine ?? mine;
    const s = next.status === undefined ? status : next.status;
    const tp = next.topic === undefined ? topic : next.topic;
    if (m) p.set("mine", "true");
    else p.delete("mine");
    if (s) p.set("status", s);
    else p.delete("status");
    if (tp) p.set("topic", tp);
    else p.delete("topic");
    setParams(p, { replace: true, flushSync: true });
  }

  return (
    <>
      <PageHeading>{t("knowledge.list.title")}</PageHeading>
      <Paragraph>{t("knowledge.list.intro")}</Paragraph>
      <div className="meta-line">
        <Button asChild>
          <RouterLink to="/questions/new">{t("knowledge.list.ask")}</RouterLink>
        </Button>
        <Link asChild>
          <RouterLink to="/faq">{t("knowledge.list.faq")}</RouterLink>
        </Link>
      </div>
      <div className="filter-bar" role="group" aria-label={t("knowledge.list.filters")}>
        <ToggleGroup
          data-size="sm"
          value={mine ? "mine" : "all"}
          onChange={(value) => update({ mine: value === "mine" })}
          aria-label={t("knowledge.list.scope")}
        >
          <ToggleGroup.Item value="all">{t("knowledge.list.scopeAll")}</ToggleGroup.Item>
          <ToggleGroup.Item value="mine">{t("knowledge.list.scopeMine")}</ToggleGroup.Item>
        </ToggleGroup>
        <Field data-size="sm">
          <Label htmlFor={statusId}>{t("knowledge.list.status")}</Label>
          <Select
            id={statusId}
            value={status ?? ""}
            onChange={(e) => update({ status: (e.target.value || null) as StatusFilter })}
          >
            <Select.Option value="">{t("knowledge.list.statusAll")}</Select.Option>
            <Select.Option value="open">{t("knowledge.status.open")}</Select.Option>
            <Select.Option value="answered">{t("knowledge.status.answered")}</Select.Option>
          </Select>
        </Field>
        <Field data-size="sm">
          <Label htmlFor={topicId}>{t("knowledge.ask.topicsLabel")}</Label>
          <Select id={topicId} value={topic ?? ""} onChange={(e) => update({ topic: e.target.value || null })}>
            <Select.Option value="">{t("knowledge.list.statusAll")}</Select.Option>
            {(topics.data ?? []).map((x) => (
              <Select.Option key={x.slug} value={x.slug}>
                {topicName(x, locale)}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>
      <section className="section" aria-labelledby={listHeadingId}>
        <Heading level={2} data-size="xs" id={listHeadingId} className="visually-hidden">
          {mine ? t("knowledge.list.scopeMine") : t("knowledge.list.scopeAll")}
        </Heading>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Paragraph className="empty-state">{mine && !status && !topic ? t("knowledge.list.emptyMine") : t("knowledge.list.empty")}</Paragraph>
        ) : (
          <ul className="row-list" data-testid="question-list">
            {items.map((q) => (
              <QuestionRow key={q.id} question={q} topicName={topicNameOf} />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div>
            <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t("knowledge.list.loadMore")}
            </Button>
          </div>
        )}
      </section>
    </>
  );
}

function QuestionRow({ question: q, topicName }: { question: QuestionSummary; topicName: (slug: string) => string }) {
  const { t } = useTranslation();
  return (
    <li className="row-list__item">
      <div className="row-list__main">
        <Heading level={3} data-size="2xs">
          <Link asChild>
            <RouterLink to={`/questions/${q.id}`}>{q.title}</RouterLink>
          </Link>
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t("knowledge.list.askedAt", { when: formatDate(q.created_at) })}
          {q.topics.length > 0 && ` · ${q.topics.map(topicName).join(", ")}`}
        </Paragraph>
        <VoteToggle id={q.id} title={q.title} voted={q.i_voted} count={q.vote_count} disabled={q.status === "merged"} />
      </div>
      <div className="row-list__tags">
        <StatusTag status={q.status} />
      </div>
    </li>
  );
}
