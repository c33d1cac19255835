import { FigureIndex, aggregateOverMonths, type MonthlySeries } from './aggregation';
import type { Aggregation, Indicator, Unit } from './catalogue';
import { formatChange, formatValue } from './format';
import type { Benchmark, Contact, Figure, OrganisationConfig } from './organisation';
import { participatingMunicipalities } from './organisation';
import {
  type MonthKey,
  type Period,
  dateLabelNl,
  reportNameNl,
  monthsEndingWith,
  periodId,
  periodLabelNl,
  periodMonths,
  previousPeriod,
  samePeriodLastYear,
  monthNameNl,
  parseMonthKey,
  periodsEndingWith,
  shortMonthLabelNl,
  shortPeriodLabelNl,
  yearToDateMonths,
} from './periods';
import { type LoadedImage, type OrganisationImages, type ReportImage, placeImages } from './report-images';
import { type Shown, type SuppressionPolicy, showAggregate, suppressMonths } from './suppression';

/** Months of history shown per indicator. */
export const HISTORY_MONTHS = 24;

/** Year-to-date realisation this much worse than the goal pro rata is "aandacht"; more is "achter". */
export const ATTENTION_MARGIN = 0.05;

export type GoalStatus = 'op koers' | 'aandacht' | 'achter';

/** A number as printed in the report, with the raw value kept for charts. */
export interface Cell {
  readonly text: string;
  readonly value: number | null;
  readonly suppressed: boolean;
}

export interface Trend {
  readonly arrow: '↑' | '↓' | '→';
  /** Whether the movement is good news for this indicator. */
  readonly judgement: 'gunstig' | 'ongunstig' | 'gelijk';
  readonly change: string;
}

/**
 * How a history is shown: per month for the organisation; per period (two months, or a quarter)
 * in a municipality's paragraph, where monthly counts of a small municipality would mostly be hidden.
 */
export type Granularity = 'maand' | 'periode' | 'kwartaal';

export interface HistoryPoint {
  /** The month, or the two months of a period, this point covers. */
  readonly months: readonly MonthKey[];
  /** For an axis: `sep 26`, or `sep–okt 26` for a period. */
  readonly label: string;
  /** For a sentence: `september 2026`, or `september–oktober 2026`. */
  readonly longLabel: string;
  readonly cell: Cell;
  /**
   * The yearly goal brought to one month (a twelfth for flows, the level itself for stocks and
   * averages); null in a municipality's paragraph, because goals are organisation-wide.
   */
  readonly goal: number | null;
}

export interface IndicatorRow {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly aggregation: Aggregation;
  readonly higherIsBetter: boolean;
  /** One of the few figures in the mail, and charted in a municipality's paragraph. */
  readonly headline: boolean;
  readonly current: Cell;
  readonly previous: Cell;
  readonly lastYear: Cell;
  readonly trend: Trend | null;
  readonly granularity: Granularity;
  readonly history: readonly HistoryPoint[];
}

export interface GoalRow {
  readonly id: string;
  readonly label: string;
  readonly goal: Cell;
  /** What the goal asks for by the end of this period (pro rata for flows). */
  readonly expected: Cell;
  readonly realised: Cell;
  /** How far the realisation is better (+) or worse (−) than the goal so far, as a fraction. */
  readonly deviation: number | null;
  readonly deviationText: string;
  readonly higherIsBetter: boolean;
  readonly status: GoalStatus | null;
}

export interface BenchmarkRow {
  readonly id: string;
  readonly label: string;
  /** What is compared: the change on a year earlier for counts, the level for days and percentages. */
  readonly basis: 'ontwikkeling t.o.v. vorig jaar' | 'niveau';
  readonly ours: string;
  readonly benchmark: string;
}

/** The organisation-wide part: the same in every municipality's report, built once per run. */
export interface OrganisationPart {
  readonly organisation: string;
  /** `Tweemaandelijkse rapportage` or `Kwartaalrapportage`, after the organisation's rhythm. */
  readonly reportName: string;
  readonly period: string;
  readonly periodLabel: string;
  /** The organisation's own risk note (organisation file `risico`), in every report and mail. */
  readonly riskNote: string;
  /** Who signs the mail and answers questions. */
  readonly contact: Contact;
  readonly issuedOn: string;
  readonly concept: boolean;
  readonly indicators: readonly IndicatorRow[];
  readonly goals: readonly GoalRow[];
  readonly benchmarks: readonly BenchmarkRow[];
  readonly commentary: string | null;
  readonly headline: readonly IndicatorRow[];
  readonly municipalityCount: number;
  /** Images the operators added to the organisation-wide sections, by section. */
  readonly images: OrganisationImages;
}

/** A municipality's own paragraph: only its own numbers, small counts suppressed. */
export interface MunicipalityParagraph {
  readonly municipality: string;
  readonly indicators: readonly IndicatorRow[];
  readonly suppressionThreshold: number;
  readonly anySuppressed: boolean;
  /** Images added for this municipality alone: in its own report, nowhere else. */
  readonly images: readonly ReportImage[];
}

export interface ReportModel {
  readonly organisationPart: OrganisationPart;
  readonly paragraphs: readonly MunicipalityParagraph[];
}

export interface ReportInput {
  /** Municipalities, indicators with goals, threshold and texts: the version the run uses. */
  readonly organisation: OrganisationConfig;
  readonly period: Period;
  readonly figures: Iterable<Figure>;
  readonly benchmarks: readonly Benchmark[];
  readonly commentary: string | null;
  readonly issuedOn: Date;
  readonly concept: boolean;
  /** The period's images with their bytes; none when not given. */
  readonly images?: readonly LoadedImage[];
}

/**
 * Builds the whole report of a run: the organisation-wide part once, and one paragraph per
 * participating municipality. Pure: everything it needs is passed in.
 */
export function buildReportModel(input: ReportInput): ReportModel {
  const { indicators } = input.organisation;
  const suppression: SuppressionPolicy = { threshold: input.organisation.suppressionThreshold };
  const index = new FigureIndex(input.figures);
  const allMunicipalities = input.organisation.municipalities.map((m) => m.name);
  const historyMonths = monthsEndingWith(input.period, HISTORY_MONTHS);
  const neededMonths = [...new Set([...historyMonths, ...yearToDateMonths(input.period)])];
  const images = placeImages(input.images ?? []);

  const organisationRows = indicators.map((indicator) =>
    indicatorRow(indicator, index.organisationSeries(indicator, allMunicipalities, neededMonths), input.period, 'maand', null),
  );

  const organisationPart: OrganisationPart = {
    organisation: input.organisation.name,
    reportName: reportNameNl(input.period.length),
    period: periodId(input.period),
    periodLabel: periodLabelNl(input.period),
    riskNote: input.organisation.riskNote,
    contact: input.organisation.contact,
    issuedOn: dateLabelNl(input.issuedOn),
    concept: input.concept,
    indicators: organisationRows,
    goals: indicators.map((indicator, i) =>
      goalRow(indicator, index.organisationSeries(indicator, allMunicipalities, neededMonths), input.period, organisationRows[i] as IndicatorRow),
    ),
    benchmarks: indicators.flatMap((indicator, i) => {
      const row = benchmarkRow(indicator, organisationRows[i] as IndicatorRow, input.benchmarks, input.period);
      return row ? [row] : [];
    }),
    commentary: input.commentary,
    headline: organisationRows.filter((_, i) => indicators[i]?.headline),
    municipalityCount: allMunicipalities.length,
    images: images.organisation,
  };

  const paragraphs = participatingMunicipalities(input.organisation).map((municipality): MunicipalityParagraph => {
    const rows = indicators.map((indicator) =>
      indicatorRow(
        indicator,
        index.municipalitySeries(indicator.id, municipality.name),
        input.period,
        input.period.length === 3 ? 'kwartaal' : 'periode',
        indicator.suppress ? suppression : null,
      ),
    );
    return {
      municipality: municipality.name,
      indicators: rows,
      suppressionThreshold: suppression.threshold,
      anySuppressed: rows.some(
        (row) => [row.current, row.previous, row.lastYear].some((c) => c.suppressed) || row.history.some((h) => h.cell.suppressed),
      ),
      images: images.byMunicipality.get(municipality.name) ?? [],
    };
  });

  return { organisationPart, paragraphs };
}

function indicatorRow(
  indicator: Indicator,
  series: MonthlySeries,
  period: Period,
  granularity: Granularity,
  suppression: SuppressionPolicy | null,
): IndicatorRow {
  // The months shown one by one and hidden as small: an aggregate over them must hide too
  // (secondary suppression). A per-period history shows no single month, so there are none.
  const hidden = suppression && granularity === 'maand' ? suppressMonths(series, suppression) : new Set<MonthKey>();
  const cellFor = (months: readonly MonthKey[]): Cell => {
    const value = aggregateOverMonths(series, months, indicator.aggregation);
    const shown: Shown = suppression
      ? showAggregate(value, months, indicator.aggregation, hidden, suppression)
      : value === null
        ? { kind: 'missing' }
        : { kind: 'value', value };
    return toCell(shown, indicator.unit, suppression);
  };

  const current = cellFor(periodMonths(period));
  const previous = cellFor(periodMonths(previousPeriod(period)));
  return {
    id: indicator.id,
    label: indicator.label,
    unit: indicator.unit,
    aggregation: indicator.aggregation,
    higherIsBetter: indicator.higherIsBetter,
    headline: indicator.headline,
    current,
    previous,
    lastYear: cellFor(periodMonths(samePeriodLastYear(period))),
    trend: trendBetween(previous, current, indicator.higherIsBetter),
    granularity,
    history:
      granularity === 'maand'
        ? monthsEndingWith(period, HISTORY_MONTHS).map((month) => ({
            months: [month],
            label: shortMonthLabelNl(month),
            longLabel: longMonthLabelNl(month),
            cell: cellFor([month]),
            goal: monthlyGoal(indicator, month),
          }))
        : periodsEndingWith(period, HISTORY_MONTHS / period.length).map((p) => ({
            months: periodMonths(p),
            label: shortPeriodLabelNl(p),
            longLabel: periodLabelNl(p),
            cell: cellFor(periodMonths(p)),
            goal: null,
          })),
  };
}

/** `september 2026` */
export function longMonthLabelNl(month: MonthKey): string {
  const { year, month: m } = parseMonthKey(month);
  return `${monthNameNl(m)} ${year}`;
}

/** The yearly goal as a level for one month: a twelfth of a flow, the level of a stock or average. */
export function monthlyGoal(indicator: Indicator, month: MonthKey): number | null {
  const goal = indicator.goals[month.slice(0, 4)];
  if (goal === undefined) return null;
  return indicator.aggregation === 'sum' ? goal / 12 : goal;
}

function toCell(shown: Shown, unit: Unit, suppression: SuppressionPolicy | null): Cell {
  switch (shown.kind) {
    case 'value':
      return { text: formatValue(shown.value, unit), value: shown.value, suppressed: false };
    case 'suppressed':
      return { text: `< ${suppression?.threshold ?? ''}`, value: null, suppressed: true };
    case 'missing':
      return { text: 'geen gegevens', value: null, suppressed: false };
  }
}

/** The movement from the previous period to this one, judged by whether higher is better. */
export function trendBetween(previous: Cell, current: Cell, higherIsBetter: boolean): Trend | null {
  if (previous.value === null || current.value === null) return null;
  const change = previous.value === 0 ? 0 : (current.value - previous.value) / previous.value;
  // Movements under half a percent are noise in bimonthly figures: call them level.
  if (Math.abs(change) < 0.005 || current.value === previous.value) {
    return { arrow: '→', judgement: 'gelijk', change: formatChange(0) };
  }
  const up = current.value > previous.value;
  return { arrow: up ? '↑' : '↓', judgement: up === higherIsBetter ? 'gunstig' : 'ongunstig', change: formatChange(change) };
}

/**
 * The goal status rule: compare the year-to-date realisation with what the yearly goal asks for
 * by now (flows pro rata over the months passed; stocks and averages against the goal itself).
 * At or better than that: "op koers"; up to 5% worse: "aandacht"; more than 5% worse: "achter".
 */
export function goalStatus(realised: number, expected: number, higherIsBetter: boolean): GoalStatus {
  if (expected === 0) return realised === 0 || higherIsBetter ? 'op koers' : 'achter';
  const better = goalDeviation(realised, expected, higherIsBetter);
  if (better >= 0) return 'op koers';
  return better >= -ATTENTION_MARGIN ? 'aandacht' : 'achter';
}

/** The realisation against the goal so far as a fraction: positive is better, whichever way is better. */
export function goalDeviation(realised: number, expected: number, higherIsBetter: boolean): number {
  if (expected === 0) return 0;
  return (higherIsBetter ? realised - expected : expected - realised) / expected;
}

function goalRow(indicator: Indicator, series: MonthlySeries, period: Period, row: IndicatorRow): GoalRow {
  const goal = indicator.goals[String(period.year)];
  const ytdMonths = yearToDateMonths(period);
  const realised = aggregateOverMonths(series, ytdMonths, indicator.aggregation);
  const expected = goal === undefined ? null : indicator.aggregation === 'sum' ? (goal * ytdMonths.length) / 12 : goal;
  const deviation = realised === null || expected === null || expected === 0 ? null : goalDeviation(realised, expected, indicator.higherIsBetter);
  const cell = (v: number | null): Cell => toCell(v === null ? { kind: 'missing' } : { kind: 'value', value: v }, indicator.unit, null);
  return {
    id: row.id,
    label: row.label,
    goal: goal === undefined ? { text: 'geen doel', value: null, suppressed: false } : cell(goal),
    expected: cell(expected),
    realised: cell(realised),
    deviation,
    deviationText: deviationText(deviation),
    higherIsBetter: indicator.higherIsBetter,
    status: realised === null || expected === null ? null : goalStatus(realised, expected, indicator.higherIsBetter),
  };
}

/** `4,2% beter` / `7,0% slechter` than the goal so far: the direction in words, not in a sign. */
function deviationText(deviation: number | null): string {
  if (deviation === null) return '–';
  if (Math.abs(deviation) < 0.0005) return 'gelijk aan doel';
  return `${formatValue(Math.abs(deviation) * 100, 'percentage')} ${deviation > 0 ? 'beter' : 'slechter'}`;
}

function benchmarkRow(indicator: Indicator, row: IndicatorRow, benchmarks: readonly Benchmark[], period: Period): BenchmarkRow | null {
  const found = benchmarks.find((b) => b.indicator === indicator.id && b.year === period.year);
  if (!found) return null;
  if (indicator.unit === 'aantal') {
    const ours = row.current.value !== null && row.lastYear.value ? (row.current.value - row.lastYear.value) / row.lastYear.value : null;
    return {
      id: row.id,
      label: row.label,
      basis: 'ontwikkeling t.o.v. vorig jaar',
      ours: ours === null ? 'geen gegevens' : formatChange(ours),
      benchmark: formatChange(found.value / 100),
    };
  }
  return { id: row.id, label: row.label, basis: 'niveau', ours: row.current.text, benchmark: formatValue(found.value, indicator.unit) };
}
