import { describe, expect, it } from 'vitest';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith } from '../../functions/core/periods';
import { buildReportModel, goalStatus } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

const indicators = [
  testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true, headline: true, goals: { '2026': 120 } }),
  testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false, suppress: true, goals: { '2026': 300 } }),
];
const period = { year: 2026, firstMonth: 9, length: 2 } as const;
const months = monthsEndingWith(period, 24);
const municipalities = [{ name: 'Groot', optedOut: false }, { name: 'Klein', optedOut: false }];

/** Klein: instroom 3 in september 2026 and 6 otherwise; bijstand 40 every month. */
function figures(): Figure[] {
  return months.flatMap((month) => [
    { municipality: 'Groot', indicator: 'instroom', month, value: 10 },
    { municipality: 'Groot', indicator: 'bijstand', month, value: 250 },
    { municipality: 'Klein', indicator: 'instroom', month, value: month === '2026-09' ? 3 : 6 },
    { municipality: 'Klein', indicator: 'bijstand', month, value: 40 },
  ]);
}

function model(threshold = 5) {
  return buildReportModel({
    organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: threshold }),
    period,
    figures: figures(),
    benchmarks: [],
    commentary: null,
    issuedOn: new Date(Date.UTC(2026, 10, 1)),
    concept: false,
  });
}

describe('report model', () => {
  it('labels the period in Dutch and keeps 24 months of organisation history with the goal per month', () => {
    const part = model().organisationPart;
    expect(part.periodLabel).toBe('september–oktober 2026');
    expect(part.issuedOn).toBe('1 november 2026');
    const instroom = part.indicators[0];
    expect(instroom?.history).toHaveLength(24);
    expect(instroom?.history.at(-1)?.label).toBe('okt 26');
    // A flow's yearly goal of 120 is 10 a month.
    expect(instroom?.history.at(-1)?.goal).toBe(10);
    // September 10 + 3, October 10 + 6.
    expect(instroom?.current.text).toBe('29');
  });

  it('hides a municipality’s small period total and never its organisation total', () => {
    const [groot, klein] = model().paragraphs;
    // Klein's September–October: 3 + 6 = 9 is not small, and no single month is shown, so 9 is shown.
    expect(klein?.indicators[0]?.current.text).toBe('9');
    expect(groot?.indicators[0]?.current.text).toBe('20');
    // With a threshold of 10 the period total of 9 is itself small.
    const strict = model(10).paragraphs[1];
    expect(strict?.indicators[0]?.current).toEqual({ text: '< 10', value: null, suppressed: true });
    expect(strict?.anySuppressed).toBe(true);
    expect(model().organisationPart.indicators[0]?.current.suppressed).toBe(false);
  });

  it('shows a municipality per period, so no single month sits beside a total that contains it', () => {
    const klein = model(10).paragraphs[1];
    const history = klein?.indicators[0]?.history ?? [];
    expect(history).toHaveLength(12);
    expect(history.at(-1)?.months).toEqual(['2026-09', '2026-10']);
    expect(history.at(-1)?.label).toBe('sep–okt 26');
    // Every point is a period; the chart plots nothing where the table says "< 10".
    expect(history.every((h) => h.months.length === 2)).toBe(true);
    expect(history.filter((h) => h.cell.suppressed).every((h) => h.cell.value === null)).toBe(true);
  });

  it('gives no trend where one side is hidden, as a percentage change would give the hidden value away', () => {
    const klein = model(10).paragraphs[1];
    expect(klein?.indicators[0]?.trend).toBeNull();
  });

  it('carries no goals into a municipality’s paragraph: goals are organisation-wide', () => {
    const klein = model().paragraphs[1];
    expect(klein?.indicators.every((row) => row.history.every((h) => h.goal === null))).toBe(true);
  });

  it('judges the year to date against the goal pro rata and says how far off it is', () => {
    const goal = model().organisationPart.goals[0];
    // Instroom January–October is 100 + 57 = 157 against 10 months × 10 = 100: 57% worse, lower being better.
    expect(goal?.expected.text).toBe('100');
    expect(goal?.status).toBe('achter');
    expect(goal?.deviationText).toBe('57,0% slechter');
    expect(goalStatus(100, 100, true)).toBe('op koers');
    expect(goalStatus(96, 100, true)).toBe('aandacht');
    expect(goalStatus(94, 100, true)).toBe('achter');
    expect(goalStatus(104, 100, false)).toBe('aandacht');
  });
});
