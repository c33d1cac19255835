import { describe, expect, it } from 'vitest';
import { FigureIndex, aggregateOverMonths, combineMunicipalities } from '../../functions/core/aggregation';
import type { Indicator } from '../../functions/core/catalogue';

const series = new Map([
  ['2026-09', 10],
  ['2026-10', 14],
]);

const indicator = (unit: Indicator['unit'], aggregation: Indicator['aggregation'], weight?: string): Indicator => ({
  id: 'test',
  label: 'Test',
  unit,
  aggregation,
  higherIsBetter: true,
  suppress: false,
  headline: false,
  goals: {},
  ...(weight === undefined ? {} : { weight }),
});

describe('aggregation over months', () => {
  it('adds flows, takes the last value of stocks and averages durations', () => {
    expect(aggregateOverMonths(series, ['2026-09', '2026-10'], 'sum')).toBe(24);
    expect(aggregateOverMonths(series, ['2026-09', '2026-10'], 'last')).toBe(14);
    expect(aggregateOverMonths(series, ['2026-09', '2026-10'], 'mean')).toBe(12);
  });

  it('gives no value when a month is missing, instead of a total that looks complete', () => {
    expect(aggregateOverMonths(series, ['2026-10', '2026-11'], 'sum')).toBeNull();
  });

  it('gives no value over no months at all, rather than a total of 0', () => {
    expect(aggregateOverMonths(series, [], 'sum')).toBeNull();
  });
});

describe('aggregation over municipalities', () => {
  const figures = [
    { municipality: 'Tiel', indicator: 'test', month: '2026-09', value: 10 },
    { municipality: 'Buren', indicator: 'test', month: '2026-09', value: 30 },
    { municipality: 'Tiel', indicator: 'test', month: '2026-10', value: 12 },
  ];
  const index = new FigureIndex(figures);

  it('adds counts and averages days and percentages', () => {
    expect(index.organisationSeries(indicator('aantal', 'sum'), ['Tiel', 'Buren'], ['2026-09']).get('2026-09')).toBe(40);
    expect(index.organisationSeries(indicator('dagen', 'mean'), ['Tiel', 'Buren'], ['2026-09']).get('2026-09')).toBe(20);
  });

  it('leaves a month out when one municipality has no figure for it', () => {
    const org = index.organisationSeries(indicator('aantal', 'sum'), ['Tiel', 'Buren'], ['2026-09', '2026-10']);
    expect(org.has('2026-10')).toBe(false);
  });

  it('keeps each municipality to its own numbers', () => {
    expect([...index.municipalitySeries('test', 'Buren').values()]).toEqual([30]);
  });

  it('weighs a rate by its gewicht, so a large municipality counts for more', () => {
    // Tiel 10% of 100 in bijstand, Buren 30% of 300: 100 of 400 is 25%, not the plain mean of 20%.
    const weighted = new FigureIndex([
      { municipality: 'Tiel', indicator: 'werkend', month: '2026-09', value: 10 },
      { municipality: 'Buren', indicator: 'werkend', month: '2026-09', value: 30 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 100 },
      { municipality: 'Buren', indicator: 'bijstand', month: '2026-09', value: 300 },
      { municipality: 'Tiel', indicator: 'werkend', month: '2026-10', value: 10 },
      { municipality: 'Buren', indicator: 'werkend', month: '2026-10', value: 30 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-10', value: 100 },
    ]);
    const werkend = weighted.organisationSeries({ ...indicator('percentage', 'last', 'bijstand'), id: 'werkend' }, ['Tiel', 'Buren'], ['2026-09', '2026-10']);
    expect(werkend.get('2026-09')).toBe(25);
    // Buren's weight is missing in October: no rate rather than one weighted by Tiel alone.
    expect(werkend.has('2026-10')).toBe(false);
  });

  it('adds counts whatever the organisation file names as their weight', () => {
    // No figures for the weight at all: a count needs none.
    const counted = index.organisationSeries(indicator('aantal', 'sum', 'bijstand'), ['Tiel', 'Buren'], ['2026-09']);
    expect(counted.get('2026-09')).toBe(40);
  });

  it('gives no organisation figure over no municipalities', () => {
    expect(index.organisationSeries(indicator('dagen', 'mean'), [], ['2026-09']).has('2026-09')).toBe(false);
  });
});

describe('combining municipalities', () => {
  const rate = indicator('percentage', 'last');

  it('averages a rate by the weights, each alike without weights or when they add up to nothing', () => {
    expect(combineMunicipalities(rate, [10, 20], [1, 3])).toBe(17.5);
    expect(combineMunicipalities(rate, [10, 20])).toBe(15);
    expect(combineMunicipalities(rate, [10, 20], [0, 0])).toBe(15);
  });

  it('combines no municipalities into no value', () => {
    expect(combineMunicipalities(rate, [])).toBeNull();
    expect(combineMunicipalities(indicator('aantal', 'sum'), [])).toBeNull();
  });
});
