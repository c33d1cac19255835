/** How small counts are hidden in a municipality's paragraph. */
export interface SuppressionPolicy {
  /** Counts from 1 up to (not including) this threshold are shown as "< threshold". */
  readonly threshold: number;
}

export const DEFAULT_SUPPRESSION: SuppressionPolicy = { threshold: 5 };

/**
 * Why a municipality's value is not shown: `klein` — a small count itself, printed as "< 5";
 * `aanvulling` — a larger count hidden as its complement (printed as "×"), because the
 * organisation total minus the shown values would otherwise give the small one away.
 */
export type HiddenReason = 'klein' | 'aanvulling';

/** One municipality's value in a linked group; null when there is no figure. */
export interface GroupValue {
  readonly municipality: string;
  readonly value: number | null;
}

/**
 * A count that could point at a person. Zero is shown: "nobody" identifies no one, and hiding it
 * would make every quiet month look like a secret.
 */
export function isSmallCount(value: number, policy: SuppressionPolicy): boolean {
  return value > 0 && value < policy.threshold;
}

/**
 * Which values of one linked group to hide. A linked group is one indicator in one period: the
 * organisation's figure, which every report prints, and the figures of all its municipalities —
 * those that get no report too, as if they did, so that who opts in or out never changes what
 * an earlier period exposes, and a value published elsewhere (a municipality's own figures)
 * protects nothing.
 *
 * The rule: whoever holds every report of a run subtracts the shown values from the organisation
 * total and gets the sum of the hidden ones. That sum must tell nothing about a hidden small
 * count that its "< 5" does not already say: each could still be anything from 1 to 4. So:
 * 1. every small count is hidden (`klein`);
 * 2. while that is not so, one more value is hidden (`aanvulling`): the smallest value of at least
 *    the threshold that makes it so, or, when none does on its own, the largest, and look again.
 * Only values of at least the threshold are complements: a reader knows "×" is not below it, and
 * a hidden zero would tell nothing. When the figures of a group are incomplete, the organisation
 * has no total for it ("geen gegevens"), so only the small counts are hidden.
 */
export function protectGroup(values: readonly GroupValue[], policy: SuppressionPolicy): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  for (const { municipality, value } of values) if (value !== null && isSmallCount(value, policy)) hidden.set(municipality, 'klein');
  if (hidden.size === 0 || values.some((v) => v.value === null)) return hidden;
  const valueOf = new Map(values.map((v) => [v.municipality, v.value as number]));
  const hiddenValues = () => [...hidden].map(([m, reason]) => ({ value: valueOf.get(m) as number, reason }));
  while (!isProtected(hiddenValues(), policy)) {
    const candidates = values
      .filter((v): v is { municipality: string; value: number } => !hidden.has(v.municipality) && (v.value as number) >= policy.threshold)
      .sort((a, b) => a.value - b.value || a.municipality.localeCompare(b.municipality, 'nl'));
    const last = candidates.at(-1);
    // Nothing left to hide: every value is small or zero, and the organisation total is itself small.
    if (!last) break;
    const enough = candidates.find((c) => isProtected([...hiddenValues(), { value: c.value, reason: 'aanvulling' }], policy));
    hidden.set((enough ?? last).municipality, 'aanvulling');
  }
  return hidden;
}

/**
 * Whether the hidden values of a group, known only by their sum (organisation total minus the
 * shown values) and their marks, leave every small count its full range 1 … threshold − 1.
 * A reader bounds "< 5" by 1 and 4 and "×" from below by 5; with one sum and such bounds, a
 * value can be anything from max(its lower bound, sum − the others' upper bounds) to
 * min(its upper bound, sum − the others' lower bounds).
 */
export function isProtected(hidden: readonly { value: number; reason: HiddenReason }[], policy: SuppressionPolicy): boolean {
  const top = policy.threshold - 1;
  const bounds = hidden.map((h) => (h.reason === 'klein' ? { low: 1, high: top } : { low: policy.threshold, high: Number.POSITIVE_INFINITY }));
  const sum = hidden.reduce((a, h) => a + h.value, 0);
  const lowSum = bounds.reduce((a, b) => a + b.low, 0);
  const highSum = bounds.reduce((a, b) => a + b.high, 0);
  return hidden.every((h, i) => {
    if (h.reason !== 'klein') return true;
    const { low, high } = bounds[i] as { low: number; high: number };
    const least = Math.max(low, sum - (highSum - high));
    const most = Math.min(high, sum - (lowSum - low));
    return least <= 1 && most >= top;
  });
}
