import { Alert, Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useLocation } from "react-router";

import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/page";
import { useAuth } from "../../lib/session";
import { faqQuery, topicName, type FaqItem, type FaqTopic } from "./api";
import { ServerHtml, useUiLocale } from "./shared";

const NO_TOPIC = "other-questions";

function topicAnchor(group: FaqTopic): string {
  return `topic-${group.topic?.slug ?? NO_TOPIC}`;
}

/**
 * The FAQ: published answers grouped by topic, with a topic menu and a link to each answer
 * (`/faq#q-<id>`). Readable signed out (public answers only); signed in, it shows them all.
 */
export function FaqPage() {
  const { t } = useTranslation();
  usePageTitle(t("knowledge.faq.title"));
  const auth = useAuth();
  const signedIn = auth.status === "authenticated";
  const faq = useQuery(faqQuery(signedIn));
  const location = useLocation();
  const locale = useUiLocale();
  const navId = useId();

  // Opened at /faq#q-…: once the answers are there, bring that one into view.
  useEffect(() => {
    if (!faq.data || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
  }, [faq.data, location.hash]);

  const groups = (faq.data?.topics ?? []).filter((g) => g.items.length > 0);

  return (
    <div className="faq-page">
      <PageHeading>{t("knowledge.faq.title")}</PageHeading>
      <Paragraph>{t("knowledge.faq.intro")}</Paragraph>
      {signedIn ? (
        <div className="meta-line">
          <Button asChild data-size="sm">
            <RouterLink to="/questions/new">{t("knowledge.faq.ask")}</RouterLink>
          </Button>
          <Link asChild>
            <RouterLink to="/questions">{t("knowledge.faq.allQuestions")}</RouterLink>
          </Link>
          <Link asChild>
            <RouterLink to="/">{t("knowledge.faq.backToApp")}</RouterLink>
          </Link>
        </div>
      ) : (
        <Alert data-color="info">
          <Paragraph>{t("knowledge.faq.signedOut")}</Paragraph>
          <Paragraph>
            <Link asChild>
              <RouterLink to="/login" state={{ from: `/faq${location.hash}` }}>
                {t("knowledge.faq.signIn")}
              </RouterLink>
            </Link>
          </Paragraph>
        </Alert>
      )}
      {faq.isPending ? (
        <Loading />
      ) : faq.isError ? (
        <QueryError error={faq.error} onRetry={() => void faq.refetch()} />
      ) : groups.length === 0 ? (
        <Paragraph className="empty-state">{t("knowledge.faq.empty")}</Paragraph>
      ) : (
        <div className="faq-layout">
          <nav aria-labelledby={navId} className="faq-nav">
            <Heading level={2} data-size="2xs" id={navId}>
              {t("knowledge.faq.topicNav")}
            </Heading>
            <ul>
              {groups.map((g) => (
                <li key={topicAnchor(g)}>
                  <Link href={`#${topicAnchor(g)}`}>
                    {g.topic ? topicName(g.topic, locale) : t("knowledge.faq.noTopic")} ({g.items.length})
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="section">
            {groups.map((g) => (
              <section
                key={topicAnchor(g)}
                id={topicAnchor(g)}
                className="faq-topic"
                aria-labelledby={`${topicAnchor(g)}-heading`}
              >
                <Heading level={2} data-size="sm" id={`${topicAnchor(g)}-heading`}>
                  {g.topic ? topicName(g.topic, locale) : t("knowledge.faq.noTopic")}
                </Heading>
                {g.items.map((item) => (
                  <FaqEntry key={`${topicAnchor(g)}-${item.id}`} item={item} anchor={anchorFor(g, item, groups)} />
                ))}
              </section>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * An answer under several topics appears once per topic; the first occurrence carries the
 * `q-<id>` anchor, the others a topic-qualified one (ids stay unique).
 */
function anchorFor(group: FaqTopic, item: FaqItem, groups: FaqTopic[]): string {
  const first = groups.find((g) => g.items.some((i) => i.id === item.id));
  return first === group ? `q-${item.id}` : `q-${item.id}-${group.topic?.slug ?? NO_TOPIC}`;
}

function FaqEntry({ item, anchor }: { item: FaqItem; anchor: string }) {
  const { t } = useTranslation();
  const headingId = `${anchor}-title`;
  return (
    <article id={anchor} className="faq-item" aria-labelledby={headingId} tabIndex={-1}>
      <Heading level={3} data-size="xs" id={headingId}>
        {item.title}
      </Heading>
      {item.body_html && <ServerHtml html={item.body_html} className="muted" />}
      <div className="faq-item__answer">
        <ServerHtml html={item.answer_html} />
      </div>
      <div className="meta-line">
        {item.answered_at && (
          <Paragraph data-size="sm" className="muted">
            {t("knowledge.faq.answeredAt", { when: formatDate(item.answered_at) })}
          </Paragraph>
        )}
        <Link href={`#q-${item.id}`} data-size="sm" aria-label={t("knowledge.faq.permalink", { title: item.title })}>
          {t("knowledge.faq.permalinkShort")}
        </Link>
      </div>
    </article>
  );
}
