import type { OrganisationConfig } from '../core/organisation';
import { type Period, monthsEndingWith, periodsEndingWith } from '../core/periods';
import { HISTORY_MONTHS, type IndicatorRow, type ReportModel, buildReportModel } from '../core/report-model';
import type { SuppressionStrategy } from '../core/suppression';
import { sampleFigures } from '../local/sample-data';
import { demoOrganisation } from '../local/demo-data';

/**
 * The organisation issue 25 was found on, generated: five municipalities, the smallest (3,000
 * inhabitants) gets no report, threshold 5, the demo's indicators.
 */
export function smallOptedOutOrganisation(): OrganisationConfig {
  const sizes: [string, number, boolean][] = [
    ['Grootstad', 52_000, false],
    ['Middelburen', 30_000, false],
    ['Rivierdorp', 24_000, false],
    ['Dijkzicht', 18_000, false],
    ['Klein Ooij', 3_000, true],
  ];
  return {
    ...demoOrganisation(),
    name: 'Werkbedrijf Vijf Gemeenten',
    suppressionThreshold: 5,
    municipalities: sizes.map(([name, inhabitants, optedOut]) => ({ name, inhabitants, optedOut })),
  };
}

/** A run's model on the generated figures, with the given strategy. */
export function modelWith(organisation: OrganisationConfig, period: Period, strategy: SuppressionStrategy): ReportModel {
  const config = { ...organisation, suppressionStrategy: strategy };
  return buildReportModel({
    organisation: config,
    period,
    figures: sampleFigures(config, monthsEndingWith(period, HISTORY_MONTHS + 12)),
    benchmarks: [],
    commentary: null,
    issuedOn: new Date(Date.UTC(period.year, period.firstMonth + 1, 1)),
    concept: false,
  });
}

/** The cells of a row a paragraph prints: the table's three, and the chart table of a kerngetal. */
export function printedCells(row: IndicatorRow) {
  if (row.headline) return row.history.map((h) => h.cell);
  return [row.current, row.previous, row.lastYear];
}

export interface StrategyCost {
  /** Per municipality: values hidden as "×" in its paragraph of the run. */
  readonly complements: ReadonlyMap<string, number>;
  /** The most "×" in one kerngetal's line of one paragraph. */
  readonly worstLine: number;
  /** Organisation figures of a period (indicator × period of the paragraphs' history) printed rounded. */
  readonly rounded: number;
}

/** What one run costs the readers of its paragraphs. */
export function costOfRun(model: ReportModel): StrategyCost {
  const complements = new Map<string, number>();
  let worstLine = 0;
  for (const paragraph of model.paragraphs) {
    const cells = paragraph.indicators.flatMap(printedCells);
    complements.set(paragraph.municipality, cells.filter((c) => c.hidden === 'aanvulling').length);
    for (const row of paragraph.indicators.filter((r) => r.headline)) {
      worstLine = Math.max(worstLine, row.history.filter((h) => h.cell.hidden === 'aanvulling').length);
    }
  }
  // A group is rounded when a month of its period is: counted per indicator and period of the paragraphs.
  const periods = model.paragraphs[0]?.indicators[0]?.history.map((h) => h.months) ?? [];
  const rounded = model.organisationPart.indicators.reduce((a, row) => {
    const roundedMonths = new Set(row.history.filter((h) => h.cell.rounded).map((h) => h.months[0]));
    return a + periods.filter((months) => months.some((m) => roundedMonths.has(m))).length;
  }, 0);
  return { complements, worstLine, rounded };
}

/** The runs of the two years the comparison covers. */
export function runsEndingWith(last: Period, count: number): Period[] {
  return periodsEndingWith(last, count);
}
