import { describe, expect, it } from 'vitest';
import {
  MONTH_NAMES_NL,
  addMonths,
  dateLabelNl,
  lastMonthOf,
  monthNameNl,
  nextPeriod,
  parseMonthKey,
  periodEndLabelNl,
  periodOfMonth,
  periodSumLabelNl,
  periodsEndingWith,
  reportNameNl,
  shortMonthLabelNl,
  shortMonthNameNl,
  shortPeriodLabelNl,
  yearToDateLabelNl,
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

  it('counts quarters in the quarterly rhythm: ids, months, labels and steps', () => {
    const quarter = parsePeriod('2026-07', 3);
    expect(quarter).toEqual({ year: 2026, firstMonth: 7, length: 3 });
    expect(periodMonths(quarter)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(lastMonthOf(quarter)).toBe('2026-09');
    expect(periodLabelNl(quarter)).toBe('juli–september 2026');
    expect(shortPeriodLabelNl(quarter)).toBe('jul–sep 26');
    expect(periodSumLabelNl(quarter)).toBe('juli + augustus + september 2026');
    expect(periodEndLabelNl(quarter)).toBe('eind september 2026');
    expect(periodId(previousPeriod(parsePeriod('2027-01', 3)))).toBe('2026-10');
    expect(periodId(nextPeriod(parsePeriod('2026-10', 3)))).toBe('2027-01');
    expect(periodId(periodOfMonth('2026-12', 3))).toBe('2026-10');
    expect(periodId(periodOfMonth('2026-12'))).toBe('2026-11');
    expect(periodId(lastCompletePeriod(new Date('2026-10-01T06:00:00Z'), 3))).toBe('2026-07');
    expect(periodId(lastCompletePeriod(new Date('2026-09-30T21:00:00Z'), 3))).toBe('2026-04');
    expect(yearToDateMonths(quarter)).toHaveLength(9);
    expect(() => parsePeriod('2026-09', 3)).toThrow('periode "2026-09" begint niet met een periode: het rapport verschijnt per kwartaal (periodes beginnen in jan, apr, jul, okt); bedoelt u 2026-07?');
    expect(() => parsePeriod('2026-10')).toThrow('het rapport verschijnt tweemaandelijks');
  });

  it('reads a period with spaces around it, and names the month a period cannot have', () => {
    expect(parsePeriod(' 2026-11 ')).toEqual({ year: 2026, firstMonth: 11, length: 2 });
    expect(() => parsePeriod('2026-00')).toThrow('periode "2026-00" heeft geen maand 0');
    expect(() => parsePeriod('2026-13')).toThrow('periode "2026-13" heeft geen maand 13');
    expect(() => parsePeriod('2026-12')).toThrow('bedoelt u 2026-11?');
    expect(() => parsePeriod('x2026-09')).toThrow('periode "x2026-09" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09)');
    expect(() => parsePeriod('2026-09x')).toThrow('is niet van de vorm');
    expect(parseMonthKey('2026-03')).toEqual({ year: 2026, month: 3 });
    expect(() => parseMonthKey('2026-3')).toThrow('maand "2026-3" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09)');
  });

  it('names months, dates and reports in Dutch, with the Dutch abbreviations', () => {
    expect(MONTH_NAMES_NL).toHaveLength(12);
    expect([1, 3, 12].map(monthNameNl)).toEqual(['januari', 'maart', 'december']);
    expect(Array.from({ length: 12 }, (_, i) => shortMonthNameNl(i + 1)).join(' ')).toBe('jan feb mrt apr mei jun jul aug sep okt nov dec');
    for (const month of [0, 13]) {
      expect(() => monthNameNl(month)).toThrow(`er is geen maand ${month}; een maand is 1 tot en met 12`);
      expect(() => shortMonthNameNl(month)).toThrow(`er is geen maand ${month}; een maand is 1 tot en met 12`);
    }
    expect(shortMonthLabelNl('2026-03')).toBe('mrt 26');
    expect(dateLabelNl(new Date('2026-11-23T23:30:00Z'))).toBe('23 november 2026');
    expect(reportNameNl(2)).toBe('Tweemaandelijkse rapportage');
    expect(reportNameNl(3)).toBe('Kwartaalrapportage');
    expect(periodSumLabelNl(parsePeriod('2026-09'))).toBe('september + oktober 2026');
    expect(periodEndLabelNl(parsePeriod('2026-09'))).toBe('eind oktober 2026');
  });

  it('labels the year to date', () => {
    expect(yearToDateLabelNl(parsePeriod('2026-09'))).toBe('januari t/m oktober 2026');
    expect(yearToDateLabelNl(parsePeriod('2027-01'))).toBe('januari t/m februari 2027');
  });

  it('lists periods back from a period, oldest first', () => {
    expect(periodsEndingWith(parsePeriod('2027-01'), 3).map(periodId)).toEqual(['2026-09', '2026-11', '2027-01']);
    expect(periodsEndingWith(parsePeriod('2026-07', 3), 2).map(periodId)).toEqual(['2026-04', '2026-07']);
    expect(periodsEndingWith(parsePeriod('2026-07', 3), 1).map(periodId)).toEqual(['2026-07']);
  });
});
