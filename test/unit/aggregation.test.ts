import { describe, expect, it } from 'vitest';
import { FigureIndex, aggregateOverMonths } from '../../functions/core/aggregation';
import type { Indicator } from '../../functions/core/catalogue';

const series = new Map([
  ['2026-09', 10],
  ['2026-10', 14],
]);

const indicator = (unit: Indicator['unit'], aggregation: Indicator['aggregation']): Indicator => ({
  id: 'test',
  label: 'Test',
  unit,
  aggregation,
  higherIsBetter: true,
  suppress: false,
  headline: false,
  goals: {},
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
});
