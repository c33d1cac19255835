import { FigureIndex, aggregateOverMonths, type MonthlySeries } from './aggregation';
import type { Aggregation, Indicator, Unit } from './catalogue';
import { formatBenchmark, formatChange, formatDifference, formatPoints, formatValue } from './format';
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
  periodEndLabelNl,
  periodSumLabelNl,
  periodsEndingWith,
  shortMonthLabelNl,
  shortPeriodLabelNl,
  yearToDateLabelNl,
  yearToDateMonths,
} from './periods';
import { type LoadedImage, type OrganisationImages, type ReportImage, placeImages } from './report-images';
import type { HiddenReason } from './suppression';
import { type SuppressionPlan, planSuppression } from './suppression-plan';
import { midSentence } from './words-nl';

/** Months of history shown per indicator. */
export const HISTORY_MONTHS = 24;

/** Year-to-date realisation this much worse than the goal pro rata is "aandacht"; more is "achter". */
export const ATTENTION_MARGIN = 0.05;

export type GoalStatus = 'op koers' | 'aandacht' | 'achter';

export type Judgement = 'gunstig' | 'ongunstig' | 'gelijk';

/** A number as printed in the report, with the raw value kept for charts. */
export interface Cell {
  readonly text: string;
  readonly value: number | null;
  /** Not shown: a small count ("< 5") or its complement ("×"); `hidden` says which. */
  readonly suppressed: boolean;
  readonly hidden?: HiddenReason;
  /** An organisation figure printed rounded ("ca. 45"; the font has no ≈) so a small count elsewhere stays hidden. */
  readonly rounded?: boolean;
}

export interface Trend {
  readonly arrow: '↑' | '↓' | '→';
  /** Whether the movement is good news for this indicator. */
  readonly judgement: Judgement;
  /** Signed: `+3,2%` for counts and durations, `−0,8 procentpunt` for percentages. */
  readonly change: string;
  /** The size of the movement relative to the previous value, to rank movements by. */
  readonly size: number;
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
  /** A kerngetal: one of the few figures in the mail, and charted in the report. */
  readonly headline: boolean;
  readonly current: Cell;
  readonly previous: Cell;
  readonly lastYear: Cell;
  readonly trend: Trend | null;
  readonly granularity: Granularity;
  readonly history: readonly HistoryPoint[];
}

/**
 * The rows of one kind of measure with column headers that say what a value is: a stand at the
 * end of a month, a stroom added up over the months, or an average over them. The same header
 * over a stock and a flow made "2.078" and "97" look alike.
 */
export interface MeasureTable {
  readonly aggregation: Aggregation;
  /** `Standen`, `Stromen`, `Gemiddelden` */
  readonly kind: string;
  /** This period, the previous one, the same period a year earlier. */
  readonly headers: readonly [string, string, string];
  readonly rows: readonly IndicatorRow[];
  /** What its "< 5", "×" or "ca." mean, in the table itself: it may start on a page of its own. */
  readonly legend?: string;
}

export interface GoalRow {
  readonly id: string;
  readonly label: string;
  readonly aggregation: Aggregation;
  readonly goal: Cell;
  /** What the goal asks for by the end of this period (pro rata for flows). */
  readonly expected: Cell;
  readonly realised: Cell;
  /** How far the realisation is better (+) or worse (−) than the goal so far, as a fraction of it. */
  readonly deviation: number | null;
  /** `2,3% beter`; for a percentage in procentpunten: `0,6 procentpunt slechter`. */
  readonly deviationText: string;
  readonly higherIsBetter: boolean;
  readonly status: GoalStatus | null;
}

/** The goals of one kind of measure, with a header that says what the realisation is. */
export interface GoalTable {
  readonly aggregation: Aggregation;
  readonly kind: string;
  /** Flows have a goal so far (pro rata); for stocks and averages that is the goal itself. */
  readonly flows: boolean;
  /** `Realisatie januari t/m oktober 2026`, `Stand eind oktober 2026`, `Gemiddeld januari t/m oktober 2026` */
  readonly realisedHeader: string;
  readonly rows: readonly GoalRow[];
}

export interface BenchmarkTable {
  readonly caption: string;
  readonly rows: readonly BenchmarkRow[];
}

export interface BenchmarkRow {
  readonly id: string;
  readonly label: string;
  /** What is compared: the change on a year earlier for counts, the level for days and percentages. */
  readonly basis: 'ontwikkeling' | 'niveau';
  readonly ours: string;
  readonly benchmark: string;
  /** Ours minus the benchmark: procentpunten for changes and percentages, days or minutes else. */
  readonly difference: string;
  readonly judgement: Judgement | null;
}

/** The organisation-wide part: the same in every municipality's report, built once per run. */
export interface OrganisationPart {
  readonly organisation: string;
  /** `Tweemaandelijkse rapportage` or `Kwartaalrapportage`, after the organisation's rhythm. */
  readonly reportName: string;
  readonly period: string;
  readonly periodLabel: string;
  /** The months of the period in words, for the attachment's name: `september-oktober-2026`. */
  readonly periodMonths: readonly string[];
  /** The organisation's own risk note (organisation file `risico`), in every report and mail. */
  readonly riskNote: string;
  /** Who signs the mail and answers questions. */
  readonly contact: Contact;
  readonly issuedOn: string;
  readonly concept: boolean;
  /** "In het kort": three to five sentences from the figures, the first thing a reader sees. */
  readonly summary: readonly string[];
  /**
   * How the report judges a movement, with the organisation's own indicators as examples (another
   * organisation's report named the demo's instroom and plaatsingen).
   */
  readonly directionNote: string;
  /** `Voor stromen (zoals …)`: the organisation's own flows, or none named when it has none. */
  readonly flowsNote: string;
  readonly indicators: readonly IndicatorRow[];
  /** The indicators by measure (stand, stroom, gemiddelde), each table with its own headers. */
  readonly tables: readonly MeasureTable[];
  readonly goals: readonly GoalRow[];
  readonly goalTables: readonly GoalTable[];
  /** The year the goals are for. */
  readonly year: number;
  /** `januari t/m oktober 2026`: what "tot nu toe" covers. */
  readonly yearToDate: string;
  readonly attentionMargin: number;
  readonly benchmarks: readonly BenchmarkRow[];
  /** Changes (counts) and levels (days, percentages) apart, each table saying which it compares. */
  readonly benchmarkTables: readonly BenchmarkTable[];
  readonly commentary: string | null;
  readonly headline: readonly IndicatorRow[];
  readonly historyMonths: number;
  readonly municipalityCount: number;
  /** Images the operators added to the organisation-wide sections, by section. */
  readonly images: OrganisationImages;
  /** Some organisation figure is printed rounded ("ca."), to a multiple of `roundingBase` a month. */
  readonly anyRounded: boolean;
  readonly roundingBase: number;
  /** Why an indicator the municipalities deliver has no organisation total ("geen gegevens"): one of them did not deliver. */
  readonly notDeliveredNote?: string;
}

/** A municipality's own paragraph: only its own numbers, small counts suppressed. */
export interface MunicipalityParagraph {
  readonly municipality: string;
  /** Its line in "In het kort": its own largest movements, from values its paragraph shows. */
  readonly summary: string;
  readonly indicators: readonly IndicatorRow[];
  readonly tables: readonly MeasureTable[];
  readonly suppressionThreshold: number;
  readonly anySuppressed: boolean;
  /** Some value is hidden as the complement of a small one ("×"). */
  readonly anyComplement: boolean;
  /**
   * Rows left out of the tables because all three of their values are hidden: a row of "< 5"
   * and "×" only tells nothing and reads as withheld figures. Their charts stay.
   */
  readonly leftOut: readonly string[];
  /** Images added for this municipality alone: in its own report, nowhere else. */
  readonly images: readonly ReportImage[];
  /** Why some of its own figures read "niet aangeleverd": it did not deliver them (issue 29). */
  readonly notDeliveredNote?: string;
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
  const index = new FigureIndex(input.figures);
  const images = placeImages(input.images ?? []);
  // One plan for the run: what every PDF, mail and page of it hides or rounds.
  const plan = planSuppression(index, input.organisation, input.period);
  return {
    organisationPart: organisationPartOf(input, index, images.organisation, plan),
    paragraphs: paragraphsOf(input, index, images.byMunicipality, plan),
  };
}

/** The organisation-wide part, from the organisation's series over all its municipalities. */
function organisationPartOf(input: ReportInput, index: FigureIndex, images: OrganisationImages, plan: SuppressionPlan): OrganisationPart {
  const { indicators } = input.organisation;
  const { period } = input;
  const allMunicipalities = input.organisation.municipalities.map((m) => m.name);
  const neededMonths = [...new Set([...monthsEndingWith(period, HISTORY_MONTHS), ...yearToDateMonths(period)])];
  const series = indicators.map((indicator) => roundedSeries(index.organisationSeries(indicator, allMunicipalities, neededMonths), indicator.id, plan));
  const rows = indicators.map((indicator, i) => {
    const rounded = (months: readonly MonthKey[]) => months.some((m) => plan.rounded(indicator.id, m) !== undefined);
    return indicatorRow(indicator, series[i] as MonthlySeries, period, 'maand', (months) => (rounded(months) ? 'afgerond' : undefined));
  });
  const goals = indicators.map((indicator, i) => {
    const goal = goalRow(indicator, series[i] as MonthlySeries, period, rows[i] as IndicatorRow);
    // A year to date that adds up a rounded month is itself rounded, and says so.
    const rounded = goal.realised.value !== null && yearToDateMonths(period).some((m) => plan.rounded(indicator.id, m) !== undefined);
    return rounded ? { ...goal, realised: { ...goal.realised, text: `ca. ${goal.realised.text}`, rounded: true } } : goal;
  });
  const benchmarks = indicators.flatMap((indicator, i) => {
    const row = benchmarkRow(indicator, rows[i] as IndicatorRow, input.benchmarks, period);
    return row ? [row] : [];
  });
  return {
    organisation: input.organisation.name,
    reportName: reportNameNl(period.length),
    period: periodId(period),
    periodLabel: periodLabelNl(period),
    periodMonths: periodMonths(period).map((m) => monthNameNl(parseMonthKey(m).month)),
    riskNote: input.organisation.riskNote,
    contact: input.organisation.contact,
    issuedOn: dateLabelNl(input.issuedOn),
    concept: input.concept,
    summary: summarySentences(rows, goals, benchmarks, period),
    ...indicatorNotes(indicators),
    indicators: rows,
    tables: measureTables(rows, period),
    goals,
    goalTables: goalTables(goals, period),
    year: period.year,
    yearToDate: yearToDateLabelNl(period),
    attentionMargin: ATTENTION_MARGIN,
    benchmarks,
    benchmarkTables: benchmarkTables(benchmarks),
    commentary: input.commentary,
    headline: rows.filter((_, i) => indicators[i]?.headline),
    historyMonths: HISTORY_MONTHS,
    municipalityCount: allMunicipalities.length,
    images,
    anyRounded: rows.some((row) => row.history.some((h) => h.cell.rounded)),
    roundingBase: plan.threshold,
    ...organisationNotDelivered(indicators, rows),
  };
}

/** A paragraph per participating municipality, its values hidden as planned once for the run. */
function paragraphsOf(input: ReportInput, index: FigureIndex, images: ReadonlyMap<string, readonly ReportImage[]>, plan: SuppressionPlan): MunicipalityParagraph[] {
  const { indicators } = input.organisation;
  const { period } = input;
  const suppression = { threshold: plan.threshold };
  const granularity: Granularity = period.length === 3 ? 'kwartaal' : 'periode';
  return participatingMunicipalities(input.organisation).map((municipality) => {
    const rows = indicators.map((indicator) =>
      notDelivered(indicator, indicatorRow(indicator, index.municipalitySeries(indicator.id, municipality.name), period, granularity, (months, value) => {
        const reason = indicator.suppress ? plan.reason(indicator.id, months, municipality.name, value) : undefined;
        return reason ? { reason, threshold: suppression.threshold } : undefined;
      })),
    );
    const undelivered = rows.filter((row) => row.current.text === NOT_DELIVERED).map((row) => midSentence(row.label));
    const cells = rows.flatMap((row) => [row.current, row.previous, row.lastYear, ...row.history.map((h) => h.cell)]);
    return {
      municipality: municipality.name,
      summary: municipalitySummary(municipality.name, rows, period),
      indicators: rows,
      tables: measureTables(rows.filter((row) => !allHidden(row)), period),
      leftOut: rows.filter(allHidden).map((row) => row.label),
      suppressionThreshold: suppression.threshold,
      anySuppressed: cells.some((c) => c.suppressed),
      anyComplement: cells.some((c) => c.hidden === 'aanvulling'),
      images: images.get(municipality.name) ?? [],
      ...(undelivered.length > 0
        ? { notDeliveredNote: `${municipality.name} heeft de eigen cijfers over ${listNl(undelivered)} over deze periode niet op tijd aangeleverd; ze staan er als “${NOT_DELIVERED}”.` }
        : {}),
    };
  });
}

/** What a municipality's own figure reads when it did not deliver it. */
export const NOT_DELIVERED = 'niet aangeleverd';

/** A value the municipality delivers itself and did not: "niet aangeleverd", not "geen gegevens". */
function notDelivered(indicator: Indicator, row: IndicatorRow): IndicatorRow {
  if (indicator.source !== 'municipality' || row.current.value !== null || row.current.suppressed) return row;
  return { ...row, current: { ...row.current, text: NOT_DELIVERED } };
}

/** The organisation part's explanation of a total missing because a municipality did not deliver; no municipality is named. */
function organisationNotDelivered(indicators: readonly Indicator[], rows: readonly IndicatorRow[]): { notDeliveredNote?: string } {
  const missing = indicators.filter((indicator, i) => indicator.source === 'municipality' && rows[i]?.current.value === null).map((i) => midSentence(i.label));
  if (missing.length === 0) return {};
  return { notDeliveredNote: `Niet alle gemeenten hebben hun eigen cijfers over ${listNl(missing)} over deze periode op tijd aangeleverd; het totaal van de organisatie staat er daarom als “geen gegevens”.` };
}

function allHidden(row: IndicatorRow): boolean {
  return row.current.suppressed && row.previous.suppressed && row.lastYear.suppressed;
}

/** The organisation's monthly figures as printed: those the plan rounds, rounded. */
function roundedSeries(series: MonthlySeries, indicator: string, plan: SuppressionPlan): MonthlySeries {
  const months = [...series.keys()].filter((m) => plan.rounded(indicator, m) !== undefined);
  if (months.length === 0) return series;
  const copy = new Map(series);
  for (const m of months) copy.set(m, plan.rounded(indicator, m) as number);
  return copy;
}

type HiddenFor = (months: readonly MonthKey[], value: number | null) => { reason: HiddenReason; threshold: number } | 'afgerond' | undefined;

function indicatorRow(indicator: Indicator, series: MonthlySeries, period: Period, granularity: Granularity, hiddenFor: HiddenFor): IndicatorRow {
  const cellFor = (months: readonly MonthKey[]): Cell => {
    const value = aggregateOverMonths(series, months, indicator.aggregation);
    return toCell(value, indicator.unit, hiddenFor(months, value));
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
    trend: trendBetween(previous, current, indicator.higherIsBetter, indicator.unit),
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

const MEASURE_KINDS: Record<Aggregation, string> = { last: 'Standen', sum: 'Stromen', mean: 'Gemiddelden' };

/** Column headers that say what the three values of a row are, per kind of measure. */
export function measureHeaders(aggregation: Aggregation, period: Period): readonly [string, string, string] {
  const label = (p: Period) =>
    aggregation === 'last' ? `stand ${periodEndLabelNl(p)}` : aggregation === 'sum' ? periodSumLabelNl(p) : `gemiddeld ${periodLabelNl(p)}`;
  return [label(period), label(previousPeriod(period)), label(samePeriodLastYear(period))];
}

/** The rows in tables per kind of measure: stocks, flows, averages, in the organisation file's order. */
export function measureTables(rows: readonly IndicatorRow[], period: Period): MeasureTable[] {
  return (['last', 'sum', 'mean'] as const).flatMap((aggregation) => {
    const own = rows.filter((row) => row.aggregation === aggregation);
    if (own.length === 0) return [];
    const legend = legendOf(own.flatMap((row) => [row.current, row.previous, row.lastYear]));
    return [{ aggregation, kind: MEASURE_KINDS[aggregation], headers: measureHeaders(aggregation, period), rows: own, ...(legend ? { legend } : {}) }];
  });
}

/**
 * What the marks among `cells` mean, in words for beside them: "×" says it protects a small count
 * elsewhere, never whose. Undefined when nothing is hidden or rounded.
 */
export function legendOf(cells: readonly Cell[]): string | undefined {
  const small = cells.find((c) => c.suppressed && c.hidden !== 'aanvulling');
  const parts: string[] = [];
  if (small) parts.push(`“${small.text}” is een aantal ${small.text.replace('<', 'kleiner dan')}, niet getoond zodat het niet naar personen te herleiden is.`);
  if (cells.some((c) => c.hidden === 'aanvulling')) parts.push('“×” is een aantal dat niet getoond wordt om een klein aantal elders te beschermen.');
  if (cells.some((c) => c.rounded)) parts.push('“ca.” staat voor een afgerond aantal, zodat een klein aantal van een gemeente niet uit het totaal terug te rekenen is.');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function goalTables(goals: readonly GoalRow[], period: Period): GoalTable[] {
  const headers: Record<Aggregation, string> = {
    sum: `Realisatie ${yearToDateLabelNl(period)}`,
    last: `Stand ${periodEndLabelNl(period)}`,
    mean: `Gemiddeld ${yearToDateLabelNl(period)}`,
  };
  return (['last', 'sum', 'mean'] as const).flatMap((aggregation) => {
    const rows = goals.filter((g) => g.aggregation === aggregation);
    return rows.length === 0 ? [] : [{ aggregation, kind: MEASURE_KINDS[aggregation], flows: aggregation === 'sum', realisedHeader: headers[aggregation], rows }];
  });
}

function benchmarkTables(rows: readonly BenchmarkRow[]): BenchmarkTable[] {
  const tables = [
    { caption: 'Ontwikkeling ten opzichte van dezelfde periode vorig jaar', rows: rows.filter((r) => r.basis === 'ontwikkeling') },
    { caption: 'Niveau in deze periode', rows: rows.filter((r) => r.basis === 'niveau') },
  ];
  return tables.filter((t) => t.rows.length > 0);
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

function toCell(value: number | null, unit: Unit, hidden?: { reason: HiddenReason; threshold: number } | 'afgerond'): Cell {
  if (value === null) return { text: 'geen gegevens', value: null, suppressed: false };
  if (hidden === 'afgerond') return { text: `ca. ${formatValue(value, unit)}`, value, suppressed: false, rounded: true };
  if (hidden?.reason === 'klein') return { text: `< ${hidden.threshold}`, value: null, suppressed: true, hidden: hidden.reason };
  if (hidden?.reason === 'aanvulling') return { text: '×', value: null, suppressed: true, hidden: hidden.reason };
  return { text: formatValue(value, unit), value, suppressed: false };
}

/**
 * The movement from the previous period to this one, judged by whether higher is better: a
 * relative change for counts and durations, a difference in procentpunten for percentages.
 * What prints the same at one decimal (or as the same count) is level.
 */
export function trendBetween(previous: Cell, current: Cell, higherIsBetter: boolean, unit: Unit = 'aantal'): Trend | null {
  if (previous.value === null || current.value === null) return null;
  const level = { arrow: '→', judgement: 'gelijk', size: 0 } as const;
  // From nothing, a relative change has no size: it ranks above every relative one.
  const size = previous.value === 0 ? Number.POSITIVE_INFINITY : Math.abs(current.value - previous.value) / previous.value;
  const judged = (up: boolean, change: string): Trend => ({ arrow: up ? '↑' : '↓', judgement: up === higherIsBetter ? 'gunstig' : 'ongunstig', change, size });
  if (unit === 'percentage') {
    const points = current.value - previous.value;
    if (formatPoints(points) === '0,0 procentpunt') return { ...level, change: formatPoints(0) };
    return judged(points > 0, formatPoints(points));
  }
  if (formatValue(current.value, unit) === formatValue(previous.value, unit)) return { ...level, change: formatChange(0) };
  // From nothing: how much came, in the unit (`+5`), since a percentage of 0 is none.
  if (previous.value === 0) return judged(true, `+${formatValue(current.value, unit)}`);
  const change = (current.value - previous.value) / previous.value;
  // Movements under half a percent are noise in bimonthly figures: call them level.
  if (Math.abs(change) < 0.005) return { ...level, change: formatChange(0) };
  return judged(change > 0, formatChange(change));
}

/**
 * The goal status rule: compare the year-to-date realisation with what the yearly goal asks for
 * by now (flows pro rata over the months passed; stocks and averages against the goal itself).
 * At or better than that: "op koers"; up to ATTENTION_MARGIN (5%) of the goal worse: "aandacht";
 * more: "achter". For a percentage too the margin is 5% of the goal (0,9 procentpunt of 18%).
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
  const cell = (v: number | null): Cell => toCell(v, indicator.unit);
  return {
    id: row.id,
    label: row.label,
    aggregation: indicator.aggregation,
    goal: goal === undefined ? { text: 'geen doel', value: null, suppressed: false } : cell(goal),
    expected: goal === undefined ? { text: '–', value: null, suppressed: false } : cell(expected),
    realised: cell(realised),
    deviation,
    deviationText: deviationText(deviation, realised, expected, indicator),
    higherIsBetter: indicator.higherIsBetter,
    status: realised === null || expected === null ? null : goalStatus(realised, expected, indicator.higherIsBetter),
  };
}

/**
 * `4,2% beter` / `7,0% slechter` than the goal so far: the direction in words, not in a sign.
 * A percentage against a percentage goal in procentpunten: `0,6 procentpunt slechter`.
 */
function deviationText(deviation: number | null, realised: number | null, expected: number | null, indicator: Indicator): string {
  if (deviation === null || realised === null || expected === null) return '–';
  const word = deviation > 0 ? 'beter' : 'slechter';
  if (indicator.unit === 'percentage') {
    const points = formatDifference(realised - expected, 'percentage');
    return points === formatDifference(0, 'percentage') ? 'gelijk aan doel' : `${points} ${word}`;
  }
  if (Math.abs(deviation) < 0.0005) return 'gelijk aan doel';
  return `${formatValue(Math.abs(deviation) * 100, 'percentage')} ${word}`;
}

/**
 * The organisation beside the Divosa benchmark: for a count the change on the same period a year
 * earlier, for a duration or a percentage the level; the difference in procentpunten or in the
 * indicator's unit, judged by whether higher is better.
 */
function benchmarkRow(indicator: Indicator, row: IndicatorRow, benchmarks: readonly Benchmark[], period: Period): BenchmarkRow | null {
  const found = benchmarks.find((b) => b.indicator === indicator.id && b.year === period.year);
  if (!found) return null;
  const counted = indicator.unit === 'aantal';
  const ours = counted
    ? row.current.value !== null && row.lastYear.value
      ? ((row.current.value - row.lastYear.value) / row.lastYear.value) * 100
      : null
    : row.current.value;
  const difference = ours === null ? null : ours - found.value;
  // A change in percent minus a change in percent is a difference in procentpunten.
  const magnitude = difference === null ? null : formatDifference(difference, counted ? 'percentage' : indicator.unit);
  const level = magnitude === null || magnitude.startsWith('0,0 ');
  const sign = difference === null || level ? '' : difference > 0 ? '+' : '−';
  return {
    id: row.id,
    label: row.label,
    basis: counted ? 'ontwikkeling' : 'niveau',
    ours: counted ? (ours === null ? 'geen gegevens' : formatChange(ours / 100)) : row.current.text,
    benchmark: formatBenchmark(found.value, indicator.unit),
    difference: magnitude === null ? '–' : `${sign}${magnitude}`,
    judgement: difference === null ? null : level ? 'gelijk' : difference > 0 === indicator.higherIsBetter ? 'gunstig' : 'ongunstig',
  };
}

/**
 * "In het kort": what a board member should know if they read nothing else, from the figures
 * alone — the largest movements, how the indicators moved, where the goals stand, the benchmark,
 * and where their own municipality's figures are.
 */
export function summarySentences(rows: readonly IndicatorRow[], goals: readonly GoalRow[], benchmarks: readonly BenchmarkRow[], period: Period): string[] {
  const sentences: string[] = [];
  const moved = rows.filter((r): r is IndicatorRow & { trend: Trend } => r.trend !== null);
  const largest = largestMovements(rows);
  if (largest.length > 0) {
    sentences.push(`De grootste bewegingen ten opzichte van ${periodLabelNl(previousPeriod(period))}: ${listNl(largest.map(movementNl))}.`);
  }
  if (moved.length > 0) {
    const count = (j: Judgement) => moved.filter((r) => r.trend.judgement === j).length;
    const level = count('gelijk');
    sentences.push(
      `Van de ${moved.length} kengetallen ontwikkelden zich er ${count('gunstig')} gunstig en ${count('ongunstig')} ongunstig; ${level} ${level === 1 ? 'bleef' : 'bleven'} gelijk.`,
    );
  }
  const judged = goals.filter((g) => g.status !== null);
  if (judged.length > 0) {
    const count = (s: GoalStatus) => judged.filter((g) => g.status === s).length;
    sentences.push(`De jaardoelen tot en met ${periodEndLabelNl(period).replace(/^eind /, '')}: ${count('op koers')} op koers, ${count('aandacht')} aandacht, ${count('achter')} achter.`);
  }
  const compared = benchmarks.filter((b) => b.judgement !== null);
  if (compared.length > 0) {
    const count = (j: Judgement) => compared.filter((b) => b.judgement === j).length;
    sentences.push(`Naast de Divosa-benchmark doet de organisatie het bij ${count('gunstig')} van de ${compared.length} indicatoren beter en bij ${count('ongunstig')} slechter.`);
  }
  sentences.push('Hierna volgen eerst de cijfers van uw eigen gemeente, daarna die van de hele organisatie.');
  return sentences;
}

type Moved = IndicatorRow & { trend: Trend };

/** The three largest movements that are not level, largest first. */
function largestMovements(rows: readonly IndicatorRow[]): Moved[] {
  return rows
    .filter((r): r is Moved => r.trend !== null && r.trend.judgement !== 'gelijk')
    .sort((a, b) => b.trend.size - a.trend.size)
    .slice(0, 3);
}

/** `instroom daalt van 100 naar 80 (gunstig)`: the name as it reads inside a sentence. */
function movementNl(r: Moved): string {
  return `${midSentence(r.label)} ${r.trend.arrow === '↑' ? 'stijgt' : 'daalt'} van ${r.previous.text} naar ${r.current.text} (${r.trend.judgement})`;
}

/**
 * A municipality's line in "In het kort": its own largest movements. A movement needs both values
 * shown (a hidden one has no value, so no trend): nothing the paragraph hides appears here.
 */
export function municipalitySummary(municipality: string, rows: readonly IndicatorRow[], period: Period): string {
  const since = periodLabelNl(previousPeriod(period));
  const largest = largestMovements(rows);
  if (largest.length > 0) return `In ${municipality} de grootste bewegingen ten opzichte van ${since}: ${listNl(largest.map(movementNl))}.`;
  if (rows.some((r) => r.trend !== null)) return `In ${municipality} bleven de kengetallen gelijk ten opzichte van ${since}.`;
  return `Voor ${municipality} is er geen beweging ten opzichte van ${since} te tonen; de cijfers staan in de gemeentespecifieke paragraaf.`;
}

/**
 * The organisation's own indicators as the examples of the report's fixed texts: one where a fall
 * is good and one where a rise is, and its flows (goals pro rata).
 */
function indicatorNotes(indicators: readonly Indicator[]): { directionNote: string; flowsNote: string } {
  const fall = indicators.find((i) => !i.higherIsBetter);
  const rise = indicators.find((i) => i.higherIsBetter);
  const examples = [fall && `bij ${midSentence(fall.label)} is een daling gunstig`, rise && `bij ${midSentence(rise.label)} ${fall ? 'een stijging' : 'is een stijging gunstig'}`].filter(Boolean);
  const flows = indicators.filter((i) => i.aggregation === 'sum').slice(0, 2).map((i) => midSentence(i.label));
  return {
    directionNote: `er staat bij of de beweging gunstig is: ${examples.join(', ')}.`,
    flowsNote: flows.length > 0 ? `Voor stromen (zoals ${listNl(flows)})` : 'Voor stromen',
  };
}

/** `a`, `a en b`, `a, b en c` */
function listNl(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}
