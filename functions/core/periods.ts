import { InvalidInputError } from './errors';
import type { PeriodLength } from './organisation';

/**
 * A reporting period: two calendar months starting in an odd month (jan–feb, mar–apr, …), or a
 * quarter (jan–mrt, apr–jun, …), as the organisation's rhythm says. It is named by its first
 * month: `2026-09` for september–oktober 2026, `2026-07` for juli–september 2026.
 */
export interface Period {
  readonly year: number;
  /** 1, 3, 5, 7, 9 or 11 for two months; 1, 4, 7 or 10 for a quarter */
  readonly firstMonth: number;
  readonly length: PeriodLength;
}

const RHYTHM_WORD: Record<PeriodLength, string> = { 2: 'tweemaandelijks', 3: 'per kwartaal' };

/** A calendar month as `YYYY-MM`, the key used for figures everywhere. */
export type MonthKey = string;

export const MONTH_NAMES_NL = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
] as const;

const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;

export function parsePeriod(text: string, length: PeriodLength = 2): Period {
  const match = PERIOD_PATTERN.exec(text.trim());
  if (!match) {
    throw new InvalidInputError(`periode "${text}" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09)`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) {
    throw new InvalidInputError(`periode "${text}" heeft geen maand ${month}`);
  }
  const period = periodOfMonth(formatMonthKey(year, month), length);
  if (period.firstMonth !== month) {
    const starts = Array.from({ length: 12 / length }, (_, i) => shortMonthNameNl(1 + i * length)).join(', ');
    throw new InvalidInputError(
      `periode "${text}" begint niet met een periode: het rapport verschijnt ${RHYTHM_WORD[length]} (periodes beginnen in ${starts}); bedoelt u ${periodId(period)}?`,
    );
  }
  return period;
}

export function periodId(period: Period): string {
  return formatMonthKey(period.year, period.firstMonth);
}

export function formatMonthKey(year: number, month: number): MonthKey {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function parseMonthKey(key: MonthKey): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(key);
  if (!match) throw new InvalidInputError(`maand "${key}" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** Adds `delta` months (may be negative) to a month. */
export function addMonths(key: MonthKey, delta: number): MonthKey {
  const { year, month } = parseMonthKey(key);
  const index = year * 12 + (month - 1) + delta;
  return formatMonthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** The months of a period, in order. */
export function periodMonths(period: Period): MonthKey[] {
  const first = periodId(period);
  return Array.from({ length: period.length }, (_, i) => addMonths(first, i));
}

/** The period's last month, `YYYY-MM`. */
export function lastMonthOf(period: Period): MonthKey {
  return addMonths(periodId(period), period.length - 1);
}

export function previousPeriod(period: Period): Period {
  return periodOfMonth(addMonths(periodId(period), -period.length), period.length);
}

export function nextPeriod(period: Period): Period {
  return periodOfMonth(addMonths(periodId(period), period.length), period.length);
}

export function samePeriodLastYear(period: Period): Period {
  return { ...period, year: period.year - 1 };
}

/** The period a month belongs to. */
export function periodOfMonth(key: MonthKey, length: PeriodLength = 2): Period {
  const { year, month } = parseMonthKey(key);
  return { year, firstMonth: month - ((month - 1) % length), length };
}

/**
 * The last period that has fully ended before `today`. On 1 november 2026 that is
 * september–oktober 2026 (quarterly: juli–september); on 30 november 2026 still the same.
 */
export function lastCompletePeriod(today: Date, length: PeriodLength = 2): Period {
  const current = periodOfMonth(formatMonthKey(today.getUTCFullYear(), today.getUTCMonth() + 1), length);
  return previousPeriod(current);
}

/** True once every month of `period` has ended before `today` (in the same sense as lastCompletePeriod). */
export function isPeriodOver(period: Period, today: Date): boolean {
  return periodId(nextPeriod(period)) <= formatMonthKey(today.getUTCFullYear(), today.getUTCMonth() + 1);
}

/** `count` months ending with the last month of `period`, oldest first. */
export function monthsEndingWith(period: Period, count: number): MonthKey[] {
  const last = lastMonthOf(period);
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** Months from january of the period's year up to and including its last month. */
export function yearToDateMonths(period: Period): MonthKey[] {
  return monthsEndingWith(period, period.firstMonth + period.length - 1);
}

export function monthNameNl(month: number): string {
  const name = MONTH_NAMES_NL[month - 1];
  if (!name) throw new InvalidInputError(`er is geen maand ${month}; een maand is 1 tot en met 12`);
  return name;
}

/** `september–oktober 2026`, `juli–september 2026` */
export function periodLabelNl(period: Period): string {
  return `${monthNameNl(period.firstMonth)}–${monthNameNl(period.firstMonth + period.length - 1)} ${period.year}`;
}

/** `sep–okt 26`, `jul–sep 26` */
export function shortPeriodLabelNl(period: Period): string {
  return `${shortMonthNameNl(period.firstMonth)}–${shortMonthNameNl(period.firstMonth + period.length - 1)} ${String(period.year).slice(2)}`;
}

/** `count` periods ending with `period`, oldest first. */
export function periodsEndingWith(period: Period, count: number): Period[] {
  const periods = [period];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0] as Period));
  return periods;
}

/** The Dutch abbreviations: `mrt`, not the first three letters `maa`. */
const SHORT_MONTH_NAMES_NL = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'] as const;

export function shortMonthNameNl(month: number): string {
  const name = SHORT_MONTH_NAMES_NL[month - 1];
  if (!name) throw new InvalidInputError(`er is geen maand ${month}; een maand is 1 tot en met 12`);
  return name;
}

/** `sep 26`-style short label for chart axes. */
export function shortMonthLabelNl(key: MonthKey): string {
  const { year, month } = parseMonthKey(key);
  return `${shortMonthNameNl(month)} ${String(year).slice(2)}`;
}

/** `23 november 2026` */
export function dateLabelNl(date: Date): string {
  return `${date.getUTCDate()} ${monthNameNl(date.getUTCMonth() + 1)} ${date.getUTCFullYear()}`;
}

/** The report's name after the rhythm: `Tweemaandelijkse rapportage`, `Kwartaalrapportage`. */
export function reportNameNl(length: PeriodLength): string {
  return length === 3 ? 'Kwartaalrapportage' : 'Tweemaandelijkse rapportage';
}

/** The months of a period added up, for a flow: `september + oktober 2026`, `juli + augustus + september 2026`. */
export function periodSumLabelNl(period: Period): string {
  return `${periodMonths(period).map((m) => monthNameNl(parseMonthKey(m).month)).join(' + ')} ${period.year}`;
}

/** The last month of a period, for a stock: `eind oktober 2026`. */
export function periodEndLabelNl(period: Period): string {
  return `eind ${monthNameNl(period.firstMonth + period.length - 1)} ${period.year}`;
}

/** The months of the year so far: `januari t/m oktober 2026` (a period's last month is never january). */
export function yearToDateLabelNl(period: Period): string {
  return `januari t/m ${monthNameNl(period.firstMonth + period.length - 1)} ${period.year}`;
}
