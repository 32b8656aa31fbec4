import { formatNumber } from "../../lib/format";

export const SCORE_VALUES = [0, 1, 2, 3, 4, 5] as const;
export const MAX_SCORE = 5;

export interface WeightedCriterion {
  id: string;
  weight: number;
}

/**
 * The weighted mean (0–5) over the criteria that have a score, as the API computes it:
 * per criterion the mean of its scores, weighted by the criterion's weight. Null when
 * nothing is scored yet.
 */
export function weightedTotal(
  criteria: WeightedCriterion[],
  scores: { criterion_id: string; score: number | null | undefined }[],
): number | null {
  const byCriterion = new Map<string, number[]>();
  for (const s of scores) {
    if (s.score == null) continue;
    const list = byCriterion.get(s.criterion_id) ?? [];
    list.push(s.score);
    byCriterion.set(s.criterion_id, list);
  }
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    const values = byCriterion.get(c.id);
    if (!values || values.length === 0 || c.weight <= 0) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    weighted += c.weight * mean;
    weights += c.weight;
  }
  return weights === 0 ? null : weighted / weights;
}

/** Each criterion's share of the total weight, as a percentage (rounded). */
export function weightShares(criteria: WeightedCriterion[]): Map<string, number> {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  return new Map(criteria.map((c) => [c.id, total > 0 ? Math.round((c.weight / total) * 100) : 0]));
}

/** "3,4" (one decimal, Norwegian comma in nb/nn), or null for no score. */
export function formatScore(value: number | null | undefined): string | null {
  return value == null ? null : formatNumber(value, 1);
}
