/** How small counts are hidden in a municipality's paragraph. */
export interface SuppressionPolicy {
  /** Counts from 1 up to (not including) this threshold are shown as "< threshold". */
  readonly threshold: number;
}

/**
 * How complements are chosen (the organisation file's `onderdrukking`, see README "Small counts"):
 * `kleinste` — the smallest sufficient value (the rule until issue 25); `kosten` — the set of
 * values whose hiding costs readers least (`protectGroupAtCost`); `afronden` — the organisation's
 * figures of the group printed rounded where that alone protects its small counts, so no
 * municipality loses a value (a municipality that gets no report included), else as `kosten`.
 */
export const SUPPRESSION_STRATEGIES = ['kleinste', 'kosten', 'afronden'] as const;
export type SuppressionStrategy = (typeof SUPPRESSION_STRATEGIES)[number];
export const DEFAULT_STRATEGY: SuppressionStrategy = 'afronden';
/** The rule of an organisation version stored before `onderdrukking` existed. */
export const LEGACY_STRATEGY: SuppressionStrategy = 'kleinste';

/**
 * How precisely a reader knows the sum of a group's hidden values: exactly (the organisation
 * total is printed as it is), or within ±`slack` of the true sum shifted by `offset` (the total
 * is printed rounded: the reader knows the rounded figure, and that the truth lies within the
 * slack of it).
 */
export interface KnownSum {
  readonly offset: number;
  readonly slack: number;
}

export const EXACT_SUM: KnownSum = { offset: 0, slack: 0 };

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
export function protectGroup(values: readonly GroupValue[], policy: SuppressionPolicy, known: KnownSum = EXACT_SUM): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  for (const { municipality, value } of values) if (value !== null && isSmallCount(value, policy)) hidden.set(municipality, 'klein');
  if (hidden.size === 0 || values.some((v) => v.value === null)) return hidden;
  const valueOf = new Map(values.map((v) => [v.municipality, v.value as number]));
  const hiddenValues = () => [...hidden].map(([m, reason]) => ({ value: valueOf.get(m) as number, reason }));
  while (!isProtected(hiddenValues(), policy, known)) {
    const candidates = values
      .filter((v): v is { municipality: string; value: number } => !hidden.has(v.municipality) && (v.value as number) >= policy.threshold)
      .sort((a, b) => a.value - b.value || a.municipality.localeCompare(b.municipality, 'nl'));
    const last = candidates.at(-1);
    // Nothing left to hide: every value is small or zero, and the organisation total is itself small.
    if (!last) break;
    const enough = candidates.find((c) => isProtected([...hiddenValues(), { value: c.value, reason: 'aanvulling' }], policy, known));
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
export function isProtected(hidden: readonly { value: number; reason: HiddenReason }[], policy: SuppressionPolicy, known: KnownSum = EXACT_SUM): boolean {
  const top = policy.threshold - 1;
  const bounds = hidden.map((h) => (h.reason === 'klein' ? { low: 1, high: top } : { low: policy.threshold, high: Number.POSITIVE_INFINITY }));
  const seen = hidden.reduce((a, h) => a + h.value, 0) + known.offset;
  const lowSum = bounds.reduce((a, b) => a + b.low, 0);
  const highSum = bounds.reduce((a, b) => a + b.high, 0);
  return hidden.every((h, i) => {
    if (h.reason !== 'klein') return true;
    const { low, high } = bounds[i] as { low: number; high: number };
    const least = Math.max(low, seen - known.slack - (highSum - high));
    const most = Math.min(high, seen + known.slack - (lowSum - low));
    return least <= 1 && most >= top;
  });
}

/** What hiding a value costs readers; the plan (core/suppression-plan.ts) says how much. */
export type HidingCost = (municipality: string, value: number) => number;

/** The summed cost of a group's complements. */
export function costOf(hidden: ReadonlyMap<string, HiddenReason>, values: readonly GroupValue[], cost: HidingCost): number {
  return values.reduce((a, v) => a + (hidden.get(v.municipality) === 'aanvulling' ? cost(v.municipality, v.value as number) : 0), 0);
}

/** Past this many candidates the exact search keeps the cheapest: 2^16 sets at most per group. */
const MAX_CANDIDATES = 16;

/**
 * The complements that cost readers least (as τ-ARGUS's optimal suppression minimises a weighted
 * information loss): every set of candidates is weighed — a group has a handful of municipalities,
 * so an exact search with pruning is cheap — and the cheapest set that protects every small count
 * wins; between equal costs the set the rule of today would pick, else the first by name. Never
 * costlier than `protectGroup`, whose answer is the bound the search starts from.
 */
export function protectGroupAtCost(values: readonly GroupValue[], policy: SuppressionPolicy, cost: HidingCost, known: KnownSum = EXACT_SUM): Map<string, HiddenReason> {
  const today = protectGroup(values, policy, known);
  const small = [...today].filter(([, r]) => r === 'klein').map(([m]) => m);
  if (small.length === today.size) return today;
  const valueOf = new Map(values.map((v) => [v.municipality, v.value as number]));
  const fixed = small.map((m) => ({ value: valueOf.get(m) as number, reason: 'klein' as const }));
  const candidates = values
    .filter((v): v is { municipality: string; value: number } => today.get(v.municipality) !== 'klein' && v.value !== null)
    .filter((v) => v.value >= policy.threshold)
    .map((v) => ({ ...v, cost: cost(v.municipality, v.value) }))
    .sort((a, b) => a.cost - b.cost || a.municipality.localeCompare(b.municipality, 'nl'))
    .slice(0, MAX_CANDIDATES);
  let best = { cost: costOf(today, values, cost), set: [...today].filter(([, r]) => r === 'aanvulling').map(([m]) => m) };
  const chosen: (typeof candidates)[number][] = [];
  const search = (from: number, spent: number) => {
    if (spent >= best.cost) return;
    if (isProtected([...fixed, ...chosen.map((c) => ({ value: c.value, reason: 'aanvulling' as const }))], policy, known)) {
      best = { cost: spent, set: chosen.map((c) => c.municipality) };
      return;
    }
    for (let i = from; i < candidates.length; i++) {
      const c = candidates[i] as (typeof candidates)[number];
      chosen.push(c);
      search(i + 1, spent + c.cost);
      chosen.pop();
    }
  };
  search(0, 0);
  const hidden = new Map<string, HiddenReason>(small.map((m) => [m, 'klein']));
  for (const m of best.set) hidden.set(m, 'aanvulling');
  return hidden;
}
