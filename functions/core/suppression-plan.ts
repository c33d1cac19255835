import { type FigureIndex, aggregateOverMonths } from './aggregation';
import type { Indicator } from './catalogue';
import type { OrganisationConfig } from './organisation';
import { type MonthKey, type Period, periodMonths, periodsEndingWith } from './periods';
import {
  EXACT_SUM,
  type GroupValue,
  type HiddenReason,
  type HidingCost,
  type KnownSum,
  LEGACY_STRATEGY,
  type SuppressionPolicy,
  type SuppressionStrategy,
  isProtected,
  isSmallCount,
  protectGroup,
  protectGroupAtCost,
} from './suppression';

/** Months of history a run publishes per municipality (report-model's HISTORY_MONTHS). */
const PLANNED_MONTHS = 24;

/**
 * What hiding a value costs a reader, relative to an ordinary cell of a municipality's table:
 * a kerngetal is charted over 24 months and named in the mail, so a hole there breaks a line; a
 * municipality that gets no report has no reader today (an opt-in later shows the "×" as planned).
 */
export const COST = { ordinary: 1, kerngetal: 3, optedOut: 0.25, rotation: 0.5 } as const;

/** Which values of a run hide, and which organisation figures are rounded; built once per run. */
export interface SuppressionPlan {
  readonly strategy: SuppressionStrategy;
  readonly threshold: number;
  reason(indicator: string, months: readonly MonthKey[], municipality: string, value: number | null): HiddenReason | undefined;
  /** The organisation's figure of a month as printed when the plan rounds it, else undefined. */
  rounded(indicator: string, month: MonthKey): number | undefined;
  /** How many organisation figures of a period (indicator × period) are printed rounded. */
  readonly roundedGroups: number;
}

const key = (indicator: string, months: readonly MonthKey[]) => `${indicator}|${months.join(',')}`;

/**
 * Every linked group a run publishes — an indicator in each period of the municipalities'
 * history, which holds the current, the previous and last year's period — protected as a whole
 * (core/suppression.ts). A group's plan depends only on its own figures, the organisation file
 * and the period it is, never on the run that shows it: the same figures give the same hidden
 * values in every run, so reports of different runs cannot be played off against each other.
 */
export function planSuppression(index: FigureIndex, organisation: OrganisationConfig, period: Period): SuppressionPlan {
  const strategy = organisation.suppressionStrategy ?? LEGACY_STRATEGY;
  const policy: SuppressionPolicy = { threshold: organisation.suppressionThreshold };
  const groups = new Map<string, Map<string, HiddenReason>>();
  const roundedMonths = new Map<string, number>();
  let roundedGroups = 0;
  for (const [i, indicator] of organisation.indicators.entries()) {
    if (!indicator.suppress) continue;
    for (const p of periodsEndingWith(period, PLANNED_MONTHS / period.length)) {
      const months = periodMonths(p);
      const values = organisation.municipalities.map((m) => ({
        municipality: m.name,
        value: aggregateOverMonths(index.municipalitySeries(indicator.id, m.name), months, indicator.aggregation),
      }));
      const rounding = strategy === 'afronden' ? roundingFor(index, organisation, indicator, months, values, policy) : null;
      if (rounding) {
        roundedGroups++;
        for (const [month, value] of rounding.months) roundedMonths.set(`${indicator.id}|${month}`, value);
      }
      const known = rounding?.known ?? EXACT_SUM;
      const hidden =
        strategy === 'kleinste' ? protectGroup(values, policy) : protectGroupAtCost(values, policy, hidingCost(organisation, indicator, i, p), known);
      groups.set(key(indicator.id, months), hidden);
    }
  }
  return {
    strategy,
    threshold: policy.threshold,
    roundedGroups,
    reason(indicator, months, municipality, value) {
      const group = groups.get(key(indicator, months));
      if (group) return group.get(municipality);
      // Outside the planned periods nothing is published beside it; a small count is still hidden.
      return value !== null && isSmallCount(value, policy) ? 'klein' : undefined;
    },
    rounded: (indicator, month) => roundedMonths.get(`${indicator}|${month}`),
  };
}

/**
 * The cost of hiding one municipality's value in one group. Who pays turns with the period and
 * the indicator: among values that protect equally well and cost alike, a different municipality
 * is picked each period, so no one loses the same row every period for the same small count.
 */
export function hidingCost(organisation: OrganisationConfig, indicator: Indicator, indicatorIndex: number, period: Period): HidingCost {
  const n = organisation.municipalities.length;
  const ordinal = Math.floor((period.year * 12 + period.firstMonth - 1) / period.length);
  return (municipality, value) => {
    const at = organisation.municipalities.findIndex((m) => m.name === municipality);
    if (organisation.municipalities[at]?.optedOut) return COST.optedOut;
    const turn = (((at + ordinal + indicatorIndex) % n) + n) % n;
    const weight = indicator.headline ? COST.kerngetal : COST.ordinary;
    // The value itself only breaks ties: between two turns alike, the smaller one.
    return weight * (1 + (COST.rotation * turn) / n) + value * 1e-9;
  };
}

/**
 * Rounding the organisation's figures of a group instead of hiding a published value (`afronden`):
 * issue 25 found a municipality that gets no report costing another its paragraph. Each month that makes the period's
 * figure (the last for a stand, every one for a stroom) is printed as a multiple of the threshold
 * next to it, below or above: a reader knows only that the truth lies less than the threshold
 * from each. Of those roundings the one nearest the truth that leaves every small count of the
 * group its whole range; when none does, none, and complements protect the group as before.
 */
function roundingFor(
  index: FigureIndex,
  organisation: OrganisationConfig,
  indicator: Indicator,
  months: readonly MonthKey[],
  values: readonly GroupValue[],
  policy: SuppressionPolicy,
): { months: Map<MonthKey, number>; known: KnownSum } | null {
  const small = values.filter((v) => v.value !== null && isSmallCount(v.value, policy));
  if (indicator.aggregation === 'mean' || small.length === 0 || values.some((v) => v.value === null)) return null;
  const hidden = small.map((v) => ({ value: v.value as number, reason: 'klein' as const }));
  // Small counts that already hide each other (2 and 3) need nothing.
  if (isProtected(hidden, policy)) return null;
  const shaping = indicator.aggregation === 'last' ? months.slice(-1) : months;
  const series = index.organisationSeries(indicator, organisation.municipalities.map((m) => m.name), shaping);
  const truths = shaping.map((m) => series.get(m));
  if (truths.some((t) => t === undefined)) return null;
  const base = policy.threshold;
  const slack = shaping.length * (base - 1);
  let best: { rounded: number[]; offset: number } | null = null;
  for (const rounded of roundings(truths as number[], base)) {
    const offset = rounded.reduce((a, r, i) => a + r - (truths[i] as number), 0);
    if (!isProtected(hidden, policy, { offset, slack })) continue;
    if (!best || Math.abs(offset) < Math.abs(best.offset) || (Math.abs(offset) === Math.abs(best.offset) && offset < best.offset)) best = { rounded, offset };
  }
  if (!best) return null;
  const chosen = best;
  return { months: new Map(shaping.map((m, i) => [m, chosen.rounded[i] as number])), known: { offset: chosen.offset, slack } };
}

/** Every way to round each value to the multiple of `base` just below or just above it. */
function roundings(values: readonly number[], base: number): number[][] {
  return values.reduce<number[][]>(
    (sets, v) => {
      const down = Math.floor(v / base) * base;
      const options = down === v ? [v] : [down, down + base];
      return sets.flatMap((s) => options.map((o) => [...s, o]));
    },
    [[]],
  );
}
