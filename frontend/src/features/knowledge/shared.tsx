import { Button, Link, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { toLocale } from "../../i18n";
import { problemMessage } from "../../lib/problem";
import { topicName, useVote, type QuestionStatus, type Topic, type Visibility } from "./api";
import "./knowledge.css";

/** HTML rendered and sanitised by the server (markdown-it without raw HTML, then nh3). */
export function ServerHtml({ html, className }: { html: string; className?: string }) {
  return <div className={className ? `rendered ${className}` : "rendered"} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function useUiLocale() {
  const { i18n } = useTranslation();
  return toLocale(i18n.resolvedLanguage ?? i18n.language);
}

/** Topic slugs → names in the UI language (unknown slugs as they are). */
export function useTopicNames(topics: Topic[] | undefined) {
  const locale = useUiLocale();
  return (slug: string) => {
    const topic = topics?.find((x) => x.slug === slug);
    return topic ? topicName(topic, locale) : slug;
  };
}

export function StatusTag({ status }: { status: QuestionStatus }) {
  const { t } = useTranslation();
  const color = status === "answered" ? "success" : status === "merged" ? "neutral" : "warning";
  return (
    <Tag data-size="sm" data-color={color}>
      {t(`knowledge.status.${status}`)}
    </Tag>
  );
}

export function BackLink({ to, children }: { to: string; children: string }) {
  return (
    <Paragraph>
      <Link asChild>
        <RouterLink to={to}>{children}</RouterLink>
      </Link>
    </Paragraph>
  );
}

/** "Who can read": the level and the sentence that says who that is. */
export function VisibilitySentence({ level }: { level: Visibility }) {
  const { t } = useTranslation();
  return (
    <Paragraph data-size="sm" className="muted" data-testid="visibility-sentence">
      <strong>{t(`knowledge.visibility.${level}`)}:</strong> {t(`knowledge.visibility.who.${level}`)}
    </Paragraph>
  );
}

/** "I wonder too": a toggle button with the count beside it. */
export function VoteToggle({
  id,
  title,
  voted,
  count,
  disabled,
}: {
  id: string;
  title: string;
  voted: boolean;
  count: number;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const vote = useVote();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="vote-toggle">
      <Button
        type="button"
        data-size="sm"
        variant={voted ? "primary" : "secondary"}
        aria-pressed={voted}
        loading={vote.isPending}
        disabled={disabled}
        aria-label={t("knowledge.votes.toggleFor", { title })}
        onClick={() => {
          setError(null);
          vote.mutate({ id, vote: !voted }, { onError: (e) => setError(problemMessage(e, t)) });
        }}
      >
        {t("knowledge.votes.toggle")}
      </Button>
      <span className="muted" data-testid="vote-count">
        {t("knowledge.votes.count", { count })}
      </span>
      <span role="status" className="visually-hidden">
        {voted ? t("knowledge.votes.voted") : ""}
      </span>
      {error && (
        <Paragraph data-size="sm" role="alert">
          {error}
        </Paragraph>
      )}
    </div>
  );
}
