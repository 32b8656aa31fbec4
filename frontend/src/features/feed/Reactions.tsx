import { Button, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { problemMessage } from "../../lib/problem";
import { REACTION_KINDS, reactionsQuery, useReact, type ReactionKind, type Target } from "./api";

/**
 * "Useful" and "inspiring": toggle buttons (aria-pressed) with their counts, and who reacted
 * behind a disclosure. `canReact` is false for signed-out readers.
 */
export function Reactions({ target, canReact = true, label }: { target: Target; canReact?: boolean; label?: string }) {
  const { t } = useTranslation();
  const reactions = useQuery(reactionsQuery(target));
  const react = useReact(target);
  const mine = new Set<ReactionKind>(reactions.data?.mine ?? []);
  const people = reactions.data?.people ?? [];

  return (
    <div className="reactions" role="group" aria-label={label ?? t("feed.reactions.label")}>
      <div className="reactions__buttons">
        {REACTION_KINDS.map((kind) => {
          const count = reactions.data?.counts[kind] ?? 0;
          const pressed = mine.has(kind);
          return (
            <Button
              key={kind}
              type="button"
              variant={pressed ? "primary" : "secondary"}
              data-size="sm"
              aria-pressed={pressed}
              aria-disabled={!canReact || react.isPending || reactions.isPending || undefined}
              onClick={() => {
                if (!canReact || react.isPending || reactions.isPending) return;
                react.mutate({ kind, on: !pressed });
              }}
            >
              {t(`feed.reactions.${kind}`)} <span className="reactions__count">{count}</span>
            </Button>
          );
        })}
      </div>
      {people.length > 0 && (
        <details className="reactions__who">
          <summary>{t("feed.reactions.who", { count: people.length })}</summary>
          <ul className="plain-list">
            {REACTION_KINDS.map((kind) => {
              const names = people.filter((p) => p.kind === kind).map((p) => p.name);
              return names.length > 0 ? (
                <li key={kind}>
                  {t("feed.reactions.whoKind", { kind: t(`feed.reactions.${kind}`), names: names.join(", ") })}
                </li>
              ) : null;
            })}
          </ul>
        </details>
      )}
      {react.isError && (
        <Paragraph data-size="sm" className="feed-error" role="alert">
          {problemMessage(react.error, t)}
        </Paragraph>
      )}
    </div>
  );
}
