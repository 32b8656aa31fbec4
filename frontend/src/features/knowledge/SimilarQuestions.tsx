import { Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { problemMessage } from "../../lib/problem";

/** What a suggestion needs to show (a subset of the API's question summary). */
export interface SimilarItem {
  id: string;
  title: string;
  status: string;
  vote_count: number;
  i_voted: boolean;
}

export type FetchSimilar = (q: string, signal: AbortSignal) => Promise<SimilarItem[]>;
export type VoteSimilar = (id: string, vote: boolean) => Promise<{ vote_count: number; i_voted: boolean }>;

export const SIMILAR_DELAY_MS = 400;
export const SIMILAR_MIN_LENGTH = 3;

export type SimilarState =
  | { status: "idle"; items: SimilarItem[] }
  | { status: "loading"; items: SimilarItem[] }
  | { status: "done"; items: SimilarItem[]; q: string }
  | { status: "error"; items: SimilarItem[]; error: unknown };

/**
 * Suggestions for a title being typed: asks `fetchSimilar` once the typing has paused for
 * `delay` ms, cancels a request that a newer keystroke made stale, and ignores its answer.
 */
export function useSimilarQuestions(title: string, fetchSimilar: FetchSimilar, delay = SIMILAR_DELAY_MS) {
  const [state, setState] = useState<SimilarState>({ status: "idle", items: [] });
  const q = title.trim();

  useEffect(() => {
    if (q.length < SIMILAR_MIN_LENGTH) {
      setState({ status: "idle", items: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ status: "loading", items: s.items }));
      fetchSimilar(q, controller.signal).then(
        (items) => {
          if (!controller.signal.aborted) setState({ status: "done", items, q });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: "error", items: [], error });
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, fetchSimilar, delay]);

  return { state, setState };
}

/**
 * While someone types a question's title: existing questions that look the same, each with a
 * link and an "I wonder too" button, and a polite live region that says how many there are.
 */
export function SimilarQuestions({
  title,
  fetchSimilar,
  vote,
  delay = SIMILAR_DELAY_MS,
}: {
  title: string;
  fetchSimilar: FetchSimilar;
  vote: VoteSimilar;
  delay?: number;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const { state, setState } = useSimilarQuestions(title, fetchSimilar, delay);
  const [voteError, setVoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = state.items;
  const announcement =
    state.status === "done" && items.length > 0 ? t("knowledge.ask.similar.count", { count: items.length }) : "";

  async function toggle(item: SimilarItem) {
    setBusy(item.id);
    setVoteError(null);
    try {
      const result = await vote(item.id, !item.i_voted);
      setState((s) => ({
        ...s,
        items: s.items.map((i) => (i.id === item.id ? { ...i, ...result } : i)),
      }));
    } catch (error) {
      setVoteError(problemMessage(error, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="similar-questions">
      <div role="status" aria-live="polite" className="visually-hidden" data-testid="similar-announcement">
        {announcement}
      </div>
      {items.length > 0 && (
        <section className="similar-questions__panel" aria-labelledby={headingId} data-testid="similar-questions">
          <Heading level={2} data-size="2xs" id={headingId}>
            {t("knowledge.ask.similar.heading", { count: items.length })}
          </Heading>
          <Paragraph data-size="sm">{t("knowledge.ask.similar.intro")}</Paragraph>
          <ul className="similar-questions__list">
            {items.map((item) => (
              <li key={item.id} className="similar-questions__item">
                <Link asChild>
                  <RouterLink to={`/questions/${item.id}`}>{item.title}</RouterLink>
                </Link>
                <span className="muted">
                  {t(`knowledge.status.${item.status}` as never, { defaultValue: item.status })}
                  {" · "}
                  {t("knowledge.votes.count", { count: item.vote_count })}
                </span>
                <Button
                  type="button"
                  variant={item.i_voted ? "primary" : "secondary"}
                  data-size="sm"
                  aria-pressed={item.i_voted}
                  loading={busy === item.id}
                  onClick={() => void toggle(item)}
                  aria-label={t("knowledge.votes.toggleFor", { title: item.title })}
                >
                  {t("knowledge.votes.toggle")}
                </Button>
              </li>
            ))}
          </ul>
          {voteError && (
            <Paragraph data-size="sm" role="alert">
              {voteError}
            </Paragraph>
          )}
        </section>
      )}
    </div>
  );
}
