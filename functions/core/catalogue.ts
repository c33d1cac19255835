/**
 * The indicators an organisation reports on, from its organisation file (core/organisation-file.ts).
 *
 * How monthly values become one value for a period or a year: `sum` for flows (instroom,
 * plaatsingen: *stroom*), `last` for stocks (bijstandsuitkeringen at the end of the period:
 * *stand*), `mean` for durations and rates (*gemiddelde*).
 */
export const AGGREGATIONS = ['sum', 'last', 'mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** No money: the report carries no financial information (seed 000). */
export const UNITS = ['aantal', 'percentage', 'dagen', 'minuten'] as const;
export type Unit = (typeof UNITS)[number];

/** Who delivers an indicator's values: the organisation's own import, or each municipality by upload (`bron: gemeente`). */
export type IndicatorSource = 'organisation' | 'municipality';

export interface Indicator {
  /** lowercase letters, digits and dashes; the key in figure files */
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly aggregation: Aggregation;
  /**
   * The count indicator whose values weigh each municipality in the organisation's figure of a
   * rate or a duration (e.g. `werkend` weighted by `bijstand`); unweighted when absent.
   */
  readonly weight?: string;
  readonly higherIsBetter: boolean;
  /** Small counts are hidden in a municipality's paragraph; counts only. */
  readonly suppress: boolean;
  /** A key indicator (kerngetal): charted over 24 months in the report and named in the mail. */
  readonly headline: boolean;
  /** `municipality`: each municipality's aanleveraars upload its values (usecases/deliveries-upload.ts); absent: the organisation's import. */
  readonly source?: IndicatorSource;
  /** Organisation-wide goal per calendar year (`"2026"`), in the indicator's unit and aggregation over the year. */
  readonly goals: Readonly<Record<string, number>>;
}

/** The indicators in force, with the version of the organisation they come from. */
export interface Catalogue {
  readonly version: number;
  readonly indicators: readonly Indicator[];
}

/** The indicators each municipality delivers itself (`bron: gemeente`). */
export function municipalIndicators(indicators: readonly Indicator[]): Indicator[] {
  return indicators.filter((i) => i.source === 'municipality');
}
