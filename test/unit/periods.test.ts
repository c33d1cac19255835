import { describe, expect, it } from 'vitest';
import {
  addMonths,
  lastCompletePeriod,
  monthsEndingWith,
  parsePeriod,
  periodId,
  periodLabelNl,
  periodMonths,
  previousPeriod,
  samePeriodLastYear,
  yearToDateMonths,
} from '../../functions/core/periods';

describe('periods', () => {
  it('names a period by its first month and labels it in Dutch', () => {
    const period = parsePeriod('2026-09');
    expect(periodMonths(period)).toEqual(['2026-09', '2026-10']);
    expect(periodLabelNl(period)).toBe('september–oktober 2026');
  });

  it('refuses a period that starts in an even month and says which one to use', () => {
    expect(() => parsePeriod('2026-10')).toThrow(/periodes beginnen in jan, mrt, mei, jul, sep, nov\); bedoelt u 2026-09\?/);
  });

  it.each(['2026-9', '26-09', '2026-13', 'sept', ''])('refuses the malformed period "%s"', (text) => {
    expect(() => parsePeriod(text)).toThrow(/^periode "/);
  });

  it('takes the last complete period before today, also on the last day of a period', () => {
    expect(periodId(lastCompletePeriod(new Date('2026-11-23T12:00:00Z')))).toBe('2026-09');
    expect(periodId(lastCompletePeriod(new Date('2026-11-01T06:00:00Z')))).toBe('2026-09');
    expect(periodId(lastCompletePeriod(new Date('2026-10-31T23:00:00Z')))).toBe('2026-07');
    expect(periodId(lastCompletePeriod(new Date('2027-01-01T06:00:00Z')))).toBe('2026-11');
    expect(periodId(lastCompletePeriod(new Date('2027-02-15T06:00:00Z')))).toBe('2026-11');
  });

  it('steps back over a year boundary', () => {
    expect(periodId(previousPeriod(parsePeriod('2027-01')))).toBe('2026-11');
    expect(periodId(samePeriodLastYear(parsePeriod('2026-09')))).toBe('2025-09');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 14)).toBe('2027-02');
  });

  it('lists 24 months of history ending with the period, and the year to date', () => {
    const months = monthsEndingWith(parsePeriod('2026-09'), 24);
    expect(months).toHaveLength(24);
    expect(months[0]).toBe('2024-11');
    expect(months.at(-1)).toBe('2026-10');
    expect(yearToDateMonths(parsePeriod('2026-03'))).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
  });
});
