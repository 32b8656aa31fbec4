import { Button, Checkbox, Fieldset, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { formatDate } from "../../lib/format";
import type { CycleSummary } from "./api";

/** When a cycle started (entered plan) and ended (done), as calendar days. */
export function cycleSpan(cycle: CycleSummary): { start: string; end: string | null } {
  const start = (cycle.phase_entered.plan ?? cycle.created_at).slice(0, 10);
  const end = cycle.phase_entered.done ? cycle.phase_entered.done.slice(0, 10) : null;
  return { start, end };
}

/** Whether the cycle ran at some time within the period (an open cycle runs until today). */
export function inPeriod(cycle: CycleSummary, start: string, end: string): boolean {
  if (!start || !end) return true;
  const span = cycleSpan(cycle);
  return span.start <= end && (span.end === null || span.end >= start);
}

export function toggle(selected: string[], id: string, on: boolean): string[] {
  if (on) return selected.includes(id) ? selected : [...selected, id];
  return selected.filter((s) => s !== id);
}

/**
 * The report's cycles: one checkbox per cycle of the workspace with its dates and phase; a
 * cycle outside the period says it will not be included.
 */
export function CyclePicker({
  cycles,
  selected,
  onChange,
  periodStart,
  periodEnd,
  disabled = false,
}: {
  cycles: CycleSummary[];
  selected: string[];
  onChange: (ids: string[]) => void;
  periodStart: string;
  periodEnd: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const ordered = [...cycles].sort((a, b) => cycleSpan(a).start.localeCompare(cycleSpan(b).start));
  const within = ordered.filter((c) => inPeriod(c, periodStart, periodEnd));
  return (
    <Fieldset data-testid="cycle-picker">
      <Fieldset.Legend>{t("progress.report.cycles")}</Fieldset.Legend>
      <Fieldset.Description>
        {t("progress.report.cyclesHint", { count: selected.length, total: cycles.length })}
      </Fieldset.Description>
      {cycles.length === 0 ? (
        <Paragraph className="muted">{t("progress.report.noCycles")}</Paragraph>
      ) : (
        <>
          <div className="progress-actions">
            <Button
              type="button"
              variant="tertiary"
              data-size="sm"
              disabled={disabled}
              onClick={() => onChange(within.map((c) => c.id))}
            >
              {t("progress.report.selectInPeriod", { count: within.length })}
            </Button>
            <Button type="button" variant="tertiary" data-size="sm" disabled={disabled} onClick={() => onChange([])}>
              {t("progress.report.selectNone")}
            </Button>
          </div>
          {ordered.map((c) => {
            const span = cycleSpan(c);
            const outside = !inPeriod(c, periodStart, periodEnd);
            const dates = span.end
              ? t("progress.report.cycleDates", { start: formatDate(span.start), end: formatDate(span.end) })
              : t("progress.report.cycleOpen", { start: formatDate(span.start) });
            return (
              <Checkbox
                key={c.id}
                value={c.id}
                label={c.title}
                description={[
                  dates,
                  t(`progress.phase.${c.phase}`),
                  outside ? t("progress.report.outsidePeriod") : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
                checked={selected.includes(c.id)}
                disabled={disabled}
                onChange={(e) => onChange(toggle(selected, c.id, e.target.checked))}
              />
            );
          })}
        </>
      )}
    </Fieldset>
  );
}
