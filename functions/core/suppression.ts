import type { Aggregation } from './catalogue';
import type { MonthKey } from './periods';

/** How small counts are hidden in a municipality's paragraph. */
export interface SuppressionPolicy {
  /** Counts from 1 up to (not including) this threshold are shown as "< threshold". */
  readonly threshold: number;
}

export const DEFAULT_SUPPRESSION: SuppressionPolicy = { threshold: 5 };

/** A value as a reader may see it: the number, or hidden because it is small. */
export type Shown = { readonly kind: 'value'; readonly value: number } | { readonly kind: 'suppressed' } | { readonly kind: 'missing' };

/**
 * A count that could point at a person. Zero is shown: "nobody" identifies no one, and hiding it
 * would make every quiet month look like a secret.
 */
export function isSmallCount(value: number, policy: SuppressionPolicy): boolean {
  return value > 0 && value < policy.threshold;
}

/** Primary suppression of monthly values: every small count is hidden. */
export function suppressMonths(series: ReadonlyMap<MonthKey, number>, policy: SuppressionPolicy): Set<MonthKey> {
  const hidden = new Set<MonthKey>();
  for (const [month, value] of series) if (isSmallCount(value, policy)) hidden.add(month);
  return hidden;
}

/** The months an aggregate is computed from: every month for a sum or mean, only the last for a stock. */
export function monthsBehind(months: readonly MonthKey[], aggregation: Aggregation): readonly MonthKey[] {
  return aggregation === 'last' ? months.slice(-1) : months;
}

/**
 * Decides how an aggregate over `months` is shown beside the monthly values.
 * Primary: a small aggregate is hidden. Secondary: an aggregate computed from a hidden month is
 * hidden too, because the sum (or mean) minus the other, shown months would give that month away.
 * A stock (`last`) is the last month itself, so it is hidden exactly when that month is.
 */
export function showAggregate(
  value: number | null,
  months: readonly MonthKey[],
  aggregation: Aggregation,
  hiddenMonths: ReadonlySet<MonthKey>,
  policy: SuppressionPolicy,
): Shown {
  if (value === null) return { kind: 'missing' };
  if (isSmallCount(value, policy)) return { kind: 'suppressed' };
  if (monthsBehind(months, aggregation).some((m) => hiddenMonths.has(m))) return { kind: 'suppressed' };
  return { kind: 'value', value };
}

