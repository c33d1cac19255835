import { describe, expect, it } from 'vitest';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith } from '../../functions/core/periods';
import { buildReportModel } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

/** One indicator for each pairing of direction and which way is better, plus a stock. */
const indicators = [
  testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false, suppress: true }),
  testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true }),
  testIndicator('uitstroom', { label: 'Uitstroom', aggregation: 'sum', higherIsBetter: true, suppress: true }),
  testIndicator('plaatsingen', { label: 'Plaatsingen', aggregation: 'sum', higherIsBetter: true, suppress: true }),
];
const period = { year: 2026, firstMonth: 9, length: 2 } as const;
// The opted-out municipality in the middle: a list offset by one goes wrong from there on.
const municipalities = [
  { name: 'Aa', optedOut: false },
  { name: 'Bee', optedOut: true },
  { name: 'Cee', optedOut: false },
  { name: 'Dee', optedOut: false },
];

/**
 * Municipality `i`: every value a hundred apart from its neighbours'. This period (sep–okt)
 * against the previous one (jul–aug): bijstand and uitstroom rise, instroom and plaatsingen fall.
 */
function value(indicator: string, i: number, month: string): number {
  const now = month >= '2026-09';
  const base = 100 * (i + 1);
  switch (indicator) {
    case 'bijstand':
      // A stock: october (its last month) differs from september, and is above august.
      return base + ({ '2026-08': 10, '2026-09': 40, '2026-10': 30 }[month] ?? 0);
    case 'instroom':
      return base + (now ? 10 : 20);
    case 'uitstroom':
      return base + (now ? 20 : 10);
    default:
      return base + (now ? 10 : 20);
  }
}

function figures(): Figure[] {
  return monthsEndingWith(period, 24).flatMap((month) =>
    municipalities.flatMap(({ name }, i) => indicators.map((indicator) => ({ municipality: name, indicator: indicator.id, month, value: value(indicator.id, i, month) }))),
  );
}

const model = () =>
  buildReportModel({
    organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: 5 }),
    period,
    figures: figures(),
    benchmarks: [],
    commentary: null,
    issuedOn: new Date(Date.UTC(2026, 10, 1)),
    concept: false,
  });

const row = (indicators: readonly { id: string }[], id: string) => indicators.find((r) => r.id === id) as ReturnType<typeof model>['organisationPart']['indicators'][number];

describe('what a reader of the report model sees', () => {
  it("gives each participating municipality a paragraph with its own figures, also after an opted-out one", () => {
    const { paragraphs } = model();
    expect(paragraphs.map((p) => p.municipality)).toEqual(['Aa', 'Cee', 'Dee']);
    for (const paragraph of paragraphs) {
      const i = municipalities.findIndex((m) => m.name === paragraph.municipality);
      // Bijstand is a stock: october this period, august the previous one.
      expect(row(paragraph.indicators, 'bijstand').current.value, paragraph.municipality).toBe(value('bijstand', i, '2026-10'));
      expect(row(paragraph.indicators, 'bijstand').previous.value, paragraph.municipality).toBe(value('bijstand', i, '2026-08'));
      expect(row(paragraph.indicators, 'instroom').current.value, paragraph.municipality).toBe(value('instroom', i, '2026-09') + value('instroom', i, '2026-10'));
    }
  });

  it("shows a stock as its last month's value, for the organisation the sum over every municipality", () => {
    const bijstand = row(model().organisationPart.indicators, 'bijstand');
    // 100 + 200 + 300 + 400 + 4 × 30 in october, the opted-out municipality included.
    expect(bijstand.current).toEqual({ text: '1.120', value: 1120, suppressed: false });
    expect(bijstand.previous.value).toBe(1040);
  });

  it('calls a movement gunstig or ongunstig by which way is better, for all four pairings', () => {
    const judgement = (id: string) => {
      const trend = row(model().organisationPart.indicators, id).trend;
      return `${trend?.arrow} ${trend?.judgement}`;
    };
    // Lower is better.
    expect(judgement('bijstand')).toBe('↑ ongunstig');
    expect(judgement('instroom')).toBe('↓ gunstig');
    // Higher is better.
    expect(judgement('uitstroom')).toBe('↑ gunstig');
    expect(judgement('plaatsingen')).toBe('↓ ongunstig');
  });

  it('says nothing of the year goals when the organisation set none', () => {
    expect(model().organisationPart.summary.filter((sentence) => sentence.startsWith('De jaardoelen'))).toEqual([]);
  });
});
