import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { dutchPublicHolidays, easterSunday } from '../../functions/core/dutch-holidays';

describe('Dutch public holidays', () => {
  it('are the days date-holidays calls public in the Netherlands, every year from 2020 to 2040', () => {
    // Prepare
    const reference = new Holidays('NL');
    for (let year = 2020; year <= 2040; year++) {
      const expected = reference
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .sort();
      // Act, Assess
      expect(dutchPublicHolidays(year), String(year)).toEqual(expected);
    }
  });

  it('puts Easter on the known Sundays, the early and late ones included', () => {
    expect(['2024', '2025', '2038', '2035'].map((y) => easterSunday(Number(y)))).toEqual(['2024-03-31', '2025-04-20', '2038-04-25', '2035-03-25']);
  });

  it('moves Koningsdag to the 26th when the 27th of April is a Sunday', () => {
    expect(dutchPublicHolidays(2025)).toContain('2025-04-26');
    expect(dutchPublicHolidays(2026)).toContain('2026-04-27');
  });
});
