/**
 * What a reader who holds every report of a run can work out by subtraction, written apart from
 * core/suppression.ts so the tests do not check the rule against itself.
 *
 * A linked group is one indicator in one period: the organisation total, printed in every report,
 * and what each municipality's report shows of its own value — the number, "< N" (a small count),
 * "×" (hidden as a complement, so not below N), or nothing at all (a municipality that gets no
 * report). The total minus the shown numbers is the sum of the rest; with the bounds the marks
 * give, each hidden value lies between max(its lower bound, sum − the others' upper bounds) and
 * min(its upper bound, sum − the others' lower bounds).
 */
export type Seen =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'small' }
  | { readonly kind: 'complement' }
  | { readonly kind: 'unseen' };

export interface LinkedGroup {
  /** For messages: `bijstand sep–okt 26`. */
  readonly id: string;
  readonly total: number;
  /**
   * How far the true total may lie from `total`: 0 when printed as it is; for a total printed
   * rounded ("ca."), what its rounding promises (each rounded month less than the threshold off).
   */
  readonly slack?: number;
  /** The true values of municipalities that get no report, where the test knows them. */
  readonly unpublished?: ReadonlyMap<string, number>;
  readonly seen: ReadonlyMap<string, Seen>;
}

export interface Recovered {
  readonly group: string;
  readonly municipality: string;
  readonly least: number;
  readonly most: number;
  readonly mark: Seen['kind'];
}

/** The range a reader can narrow every value down to that is not shown as a number. */
export function narrow(group: LinkedGroup, threshold: number): Recovered[] {
  const hidden = [...group.seen].filter(([, s]) => s.kind !== 'value');
  const shown = [...group.seen.values()].reduce((a, s) => a + (s.kind === 'value' ? s.value : 0), 0);
  const rest = group.total - shown;
  const bound = (s: Seen) =>
    s.kind === 'small' ? { low: 1, high: threshold - 1 } : s.kind === 'complement' ? { low: threshold, high: Infinity } : { low: 0, high: Infinity };
  return hidden.map(([municipality, s]) => {
    const own = bound(s);
    const others = hidden.filter(([m]) => m !== municipality).map(([, o]) => bound(o));
    const othersLow = others.reduce((a, b) => a + b.low, 0);
    const othersHigh = others.reduce((a, b) => a + b.high, 0);
    const slack = group.slack ?? 0;
    return {
      group: group.id,
      municipality,
      least: Math.max(own.low, rest - slack - othersHigh),
      most: Math.min(own.high, rest + slack - othersLow),
      mark: s.kind,
    };
  });
}

/**
 * What the attack gains: a value pinned to one count from 1 to threshold − 1, a "< N" the
 * subtraction narrows below its full range 1 … N − 1, or a small count of a municipality that
 * gets no report (its true value given in `unpublished`) narrowed below that full range.
 */
export function leaks(groups: readonly LinkedGroup[], threshold: number): string[] {
  const found: string[] = [];
  for (const group of groups) {
    for (const r of narrow(group, threshold)) {
      const pinned = r.least === r.most && r.least >= 1 && r.least < threshold;
      const truth = group.unpublished?.get(r.municipality);
      const smallUnseen = r.mark === 'unseen' && truth !== undefined && truth >= 1 && truth < threshold;
      const narrowed = (r.mark === 'small' || smallUnseen) && (r.least > 1 || r.most < threshold - 1);
      if (pinned || narrowed) found.push(`${r.group}: ${r.municipality} (${r.mark}) is ${r.least === r.most ? r.least : `${r.least}–${r.most}`}`);
    }
  }
  return found;
}
