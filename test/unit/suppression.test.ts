import { describe, expect, it } from 'vitest';
import { isSmallCount, monthsBehind, showAggregate, suppressMonths } from '../../functions/core/suppression';

const policy = { threshold: 5 };

describe('suppression of small counts', () => {
  it('hides counts from 1 up to the threshold and shows zero and the threshold itself', () => {
    expect([0, 1, 4, 5, 6].map((v) => isSmallCount(v, policy))).toEqual([false, true, true, false, false]);
    expect(isSmallCount(9, { threshold: 10 })).toBe(true);
  });

  it('hides every small monthly value (primary suppression)', () => {
    const series = new Map([
      ['2026-09', 3],
      ['2026-10', 12],
      ['2026-11', 0],
    ]);
    expect([...suppressMonths(series, policy)]).toEqual(['2026-09']);
  });

  it('hides a small total even when no month in it is hidden', () => {
    expect(showAggregate(4, ['2026-09', '2026-10'], 'sum', new Set(), policy)).toEqual({ kind: 'suppressed' });
  });

  it('hides a large sum that contains a hidden month, because the sum minus the shown month gives it away (secondary)', () => {
    // September 3 (hidden) and October 12 (shown): showing 15 would reveal September as 15 − 12.
    const hidden = new Set(['2026-09']);
    expect(showAggregate(15, ['2026-09', '2026-10'], 'sum', hidden, policy)).toEqual({ kind: 'suppressed' });
  });

  it('hides a mean over a hidden month for the same reason', () => {
    expect(showAggregate(7.5, ['2026-09', '2026-10'], 'mean', new Set(['2026-09']), policy)).toEqual({ kind: 'suppressed' });
  });

  it('shows a stock whose last month is shown, even when an earlier month of the period was hidden', () => {
    // A stock is the last month's value; the hidden September is not part of it.
    expect(monthsBehind(['2026-09', '2026-10'], 'last')).toEqual(['2026-10']);
    expect(showAggregate(12, ['2026-09', '2026-10'], 'last', new Set(['2026-09']), policy)).toEqual({ kind: 'value', value: 12 });
    expect(showAggregate(12, ['2026-09', '2026-10'], 'last', new Set(['2026-10']), policy)).toEqual({ kind: 'suppressed' });
  });

  it('shows a sum of shown months and tells a missing value apart from a hidden one', () => {
    expect(showAggregate(24, ['2026-09', '2026-10'], 'sum', new Set(['2026-11']), policy)).toEqual({ kind: 'value', value: 24 });
    expect(showAggregate(null, ['2026-09'], 'sum', new Set(), policy)).toEqual({ kind: 'missing' });
  });
});
