import { useTranslation } from "react-i18next";

import type { components } from "../api/schema";
import "./Verdict.css";

export type VerdictValue = components["schemas"]["VerdictOut"];

/** Making Data Count's variation icons, as text glyphs in a coloured disc (never colour alone: the words go with them). */
const ICON: Record<VerdictValue["variation"], string> = {
  improvement: "↑",
  concern: "↓",
  neither: "↕",
  common: "~",
  too_few: "…",
};
const ASSURANCE_ICON: Record<NonNullable<VerdictValue["assurance"]>, string> = {
  likely: "✓",
  unlikely: "✗",
  uncertain: "?",
};

/**
 * A measure's verdict in the spirit of NHS England's "Making Data Count": an icon and the
 * words for its variation (special-cause improvement or concern, common cause) and, with a
 * target and limits, whether the target is likely to be met.
 */
export function Verdict({ verdict, compact = false }: { verdict: VerdictValue; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`verdict${compact ? " verdict--compact" : ""}`} data-testid="verdict" data-variation={verdict.variation}>
      <span className={`verdict__item verdict__item--${verdict.variation}`}>
        <span className="verdict__icon" aria-hidden="true">
          {ICON[verdict.variation]}
        </span>
        <span className="verdict__text">{t(`verdict.variation.${verdict.variation}`)}</span>
      </span>
      {verdict.assurance && (
        <span className={`verdict__item verdict__item--${verdict.assurance}`} data-testid="verdict-assurance">
          <span className="verdict__icon" aria-hidden="true">
            {ASSURANCE_ICON[verdict.assurance]}
          </span>
          <span className="verdict__text">{t(`verdict.assurance.${verdict.assurance}`)}</span>
        </span>
      )}
    </span>
  );
}
