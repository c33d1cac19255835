import type { SuppressionStrategy } from '../../functions/core/suppression';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith } from '../../functions/core/periods';
import { buildReportModel, goalStatus, measureHeaders, summarySentences, trendBetween } from '../../functions/core/report-model';
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

function model(threshold = 5, suppressionStrategy?: SuppressionStrategy) {
  return buildReportModel({
    organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: threshold, ...(suppressionStrategy ? { suppressionStrategy } : {}) }),
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
    expect(strict?.indicators[0]?.current).toEqual({ text: '< 10', value: null, suppressed: true, hidden: 'klein' });
    expect(strict?.anySuppressed).toBe(true);
    expect(model().organisationPart.indicators[0]?.current.suppressed).toBe(false);
  });

  it('hides the other municipality too, as its complement, or the organisation total minus it would give the small one away', () => {
    // Organisation 29 minus Groot's 20 is Klein's 9: Groot is hidden as "×" beside Klein's "< 10".
    const [groot, klein] = model(10, 'kleinste').paragraphs;
    expect(groot?.indicators[0]?.current).toEqual({ text: '×', value: null, suppressed: true, hidden: 'aanvulling' });
    expect(groot?.anyComplement).toBe(true);
    expect(klein?.anyComplement).toBe(false);
    // Klein's other periods (6 + 6 = 12) are not small: nothing hidden there, in either municipality.
    expect(groot?.indicators[0]?.previous.text).toBe('20');
  });

  it('rounds the organisation total instead, by default, so Groot keeps its own figure', () => {
    // 29 printed as "ca. 30" (less than 10 off): 30 minus Groot's 20 leaves Klein anything from 1 to 9.
    const { organisationPart, paragraphs } = model(10);
    expect(paragraphs[0]?.indicators[0]?.current.text).toBe('20');
    expect(paragraphs.some((p) => p.anyComplement)).toBe(false);
    expect(organisationPart.indicators[0]?.current).toMatchObject({ text: 'ca. 30', rounded: true });
    expect(organisationPart.anyRounded).toBe(true);
    // The year to date adds the rounded months up: rounded too.
    expect(organisationPart.goals[0]?.realised.text).toMatch(/^ca\. /);
    // The table says so itself: it may start on a page of its own.
    expect(organisationPart.tables.map((t) => t.legend ?? '').join()).toContain('“ca.” staat voor een afgerond aantal');
    expect(model(10, 'kleinste').paragraphs[0]?.tables.map((t) => t.legend ?? '').join()).toContain('“×” is een aantal dat niet getoond wordt om een klein aantal elders te beschermen.');
    // Only the period with the small count: the one before is printed as it is.
    expect(organisationPart.indicators[0]?.previous.rounded).toBeUndefined();
  });

  it('heads the tables with what a value is: a stand at the end of the period or a stroom over its months', () => {
    const { tables } = model().organisationPart;
    expect(tables.map((t) => [t.kind, t.headers])).toEqual([
      ['Standen', ['stand eind oktober 2026', 'stand eind augustus 2026', 'stand eind oktober 2025']],
      ['Stromen', ['september + oktober 2026', 'juli + augustus 2026', 'september + oktober 2025']],
    ]);
    expect(measureHeaders('sum', { year: 2026, firstMonth: 7, length: 3 })[0]).toBe('juli + augustus + september 2026');
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

  it('compares percentages in procentpunten, counts and durations in percent', () => {
    const cell = (value: number) => ({ text: String(value), value, suppressed: false });
    expect(trendBetween(cell(17.7), cell(16.9), true, 'percentage')).toMatchObject({ arrow: '↓', judgement: 'ongunstig', change: '−0,8 procentpunt' });
    expect(trendBetween(cell(17.12), cell(17.14), true, 'percentage')).toMatchObject({ judgement: 'gelijk' });
    expect(trendBetween(cell(2231), cell(2078), false)).toMatchObject({ arrow: '↓', judgement: 'gunstig', change: '−6,9%' });
    // 25,95 and 26,04 both print as 26,0 dagen: level, not "daalt".
    expect(trendBetween(cell(25.95), cell(25.96), false, 'dagen')).toMatchObject({ judgement: 'gelijk' });
  });

  it('says a percentage goal’s deviation in procentpunten', () => {
    const werkend = testIndicator('werkend', { label: 'Werkend', unit: 'percentage', aggregation: 'last', higherIsBetter: true, goals: { '2026': 18 } });
    const part = buildReportModel({
      organisation: testOrganisation({ municipalities, indicators: [werkend], suppressionThreshold: 5 }),
      period,
      figures: months.flatMap((month) => municipalities.map((m) => ({ municipality: m.name, indicator: 'werkend', month, value: 17.4 }))),
      benchmarks: [{ indicator: 'werkend', year: 2026, value: 18.7 }],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: false,
    }).organisationPart;
    expect(part.goals[0]?.deviationText).toBe('0,6 procentpunt slechter');
    expect(part.benchmarks[0]).toMatchObject({ basis: 'niveau', ours: '17,4%', benchmark: '18,7%', difference: '−1,3 procentpunt', judgement: 'ongunstig' });
  });

  it('judges the change of a count against the benchmark’s change, in procentpunten', () => {
    const part = buildReportModel({
      organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators }),
      period,
      figures: figures(),
      benchmarks: [{ indicator: 'instroom', year: 2026, value: 2.5 }],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: false,
    }).organisationPart;
    // Instroom September–October 2026 is 29 against 32 a year earlier: −9,4%, lower being better.
    expect(part.benchmarks[0]).toMatchObject({ basis: 'ontwikkeling', ours: '−9,4%', benchmark: '+2,5%', difference: '−11,9 procentpunt', judgement: 'gunstig' });
    expect(part.benchmarkTables.map((t) => t.caption)).toEqual(['Ontwikkeling ten opzichte van dezelfde periode vorig jaar']);
  });

  it('opens with a short summary: the largest movements, the goals counted by status, where the municipality is', () => {
    const part = model().organisationPart;
    expect(part.summary.length).toBeGreaterThanOrEqual(3);
    expect(part.summary.length).toBeLessThanOrEqual(5);
    expect(part.summary[0]).toBe('De grootste bewegingen ten opzichte van juli–augustus 2026: instroom daalt van 32 naar 29 (gunstig).');
    // Bijstand 290 against a goal of 300 (lower is better); instroom 157 against 100 so far.
    expect(part.summary).toContain('De jaardoelen tot en met oktober 2026: 1 op koers, 0 aandacht, 1 achter.');
    expect(part.summary.at(-1)).toMatch(/eerst de cijfers van uw eigen gemeente/);
    expect(summarySentences([], [], [], period)).toHaveLength(1);
  });
});
