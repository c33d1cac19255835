import type { Aggregation, Indicator } from './catalogue';
import type { Figure } from './organisation';
import type { MonthKey } from './periods';

/** Monthly values of one indicator, by month; a missing month is absent, never 0. */
export type MonthlySeries = ReadonlyMap<MonthKey, number>;

/** Combines monthly values over time: a period, a year to date. Null when a month is missing. */
export function aggregateOverMonths(series: MonthlySeries, months: readonly MonthKey[], aggregation: Aggregation): number | null {
  const values = months.map((m) => series.get(m));
  if (values.length === 0 || values.some((v) => v === undefined)) return null;
  const present = values as number[];
  switch (aggregation) {
    case 'sum':
      return present.reduce((a, b) => a + b, 0);
    case 'last':
      return present[present.length - 1] ?? null;
    case 'mean':
      return present.reduce((a, b) => a + b, 0) / present.length;
  }
}

/**
 * Combines the municipalities' values of one month into the organisation's value: counts add up;
 * durations and percentages are averaged, weighted by the indicator's `gewicht` (the count it is a
 * rate of, e.g. bijstand) when the organisation file names one, else each municipality alike.
 */
export function combineMunicipalities(indicator: Indicator, values: readonly number[], weights?: readonly number[]): number | null {
  if (values.length === 0) return null;
  const total = values.reduce((a, b) => a + b, 0);
  if (indicator.unit === 'aantal') return total;
  if (!weights) return total / values.length;
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return total / values.length;
  return values.reduce((sum, v, i) => sum + v * (weights[i] ?? 0), 0) / weightSum;
}

/** Index of all figures: indicator → municipality → month → value. */
export class FigureIndex {
  private readonly byIndicator = new Map<string, Map<string, Map<MonthKey, number>>>();

  constructor(figures: Iterable<Figure>) {
    for (const f of figures) {
      const byMunicipality = this.byIndicator.get(f.indicator) ?? new Map<string, Map<MonthKey, number>>();
      this.byIndicator.set(f.indicator, byMunicipality);
      const series = byMunicipality.get(f.municipality) ?? new Map<MonthKey, number>();
      byMunicipality.set(f.municipality, series);
      series.set(f.month, f.value);
    }
  }

  municipalitySeries(indicator: string, municipality: string): MonthlySeries {
    return this.byIndicator.get(indicator)?.get(municipality) ?? new Map();
  }

  /**
   * The organisation's monthly series over the given municipalities: a month is present only
   * when every one of them has a value (and its weight, for a weighted rate), so a gap is never
   * hidden by a partial total.
   */
  organisationSeries(indicator: Indicator, municipalities: readonly string[], months: readonly MonthKey[]): MonthlySeries {
    const result = new Map<MonthKey, number>();
    const weighted = indicator.unit !== 'aantal' && indicator.weight !== undefined;
    for (const month of months) {
      const values: number[] = [];
      const weights: number[] = [];
      for (const m of municipalities) {
        const v = this.municipalitySeries(indicator.id, m).get(month);
        const w = weighted ? this.municipalitySeries(indicator.weight as string, m).get(month) : 0;
        if (v === undefined || w === undefined) break;
        values.push(v);
        weights.push(w);
      }
      if (values.length !== municipalities.length) continue;
      const combined = combineMunicipalities(indicator, values, weighted ? weights : undefined);
      if (combined !== null) result.set(month, combined);
    }
    return result;
  }
}
