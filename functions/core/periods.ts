import { InvalidInputError } from './errors';

/**
 * A reporting period: two calendar months, starting in an odd month (jan–feb, mar–apr, …).
 * It is named by its first month, `2026-09` for september–oktober 2026.
 */
export interface Period {
  readonly year: number;
  /** 1, 3, 5, 7, 9 or 11 */
  readonly firstMonth: number;
}

/** A calendar month as `YYYY-MM`, the key used for figures everywhere. */
export type MonthKey = string;

const MONTH_NAMES_NL = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
] as const;

const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;

export function parsePeriod(text: string): Period {
  const match = PERIOD_PATTERN.exec(text.trim());
  if (!match) {
    throw new InvalidInputError(`period "${text}" is not of the form YYYY-MM (for example 2026-09)`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) {
    throw new InvalidInputError(`period "${text}" has no month ${month}`);
  }
  if (month % 2 === 0) {
    throw new InvalidInputError(
      `period "${text}" starts in an even month; periods start in odd months, so use ${formatMonthKey(year, month - 1)}`,
    );
  }
  return { year, firstMonth: month };
}

export function periodId(period: Period): string {
  return formatMonthKey(period.year, period.firstMonth);
}

export function formatMonthKey(year: number, month: number): MonthKey {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function parseMonthKey(key: MonthKey): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(key);
  if (!match) throw new InvalidInputError(`month "${key}" is not of the form YYYY-MM`);
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
  return [first, addMonths(first, 1)];
}

export function previousPeriod(period: Period): Period {
  return periodOfMonth(addMonths(periodId(period), -2));
}

export function samePeriodLastYear(period: Period): Period {
  return { year: period.year - 1, firstMonth: period.firstMonth };
}

/** The period a month belongs to. */
export function periodOfMonth(key: MonthKey): Period {
  const { year, month } = parseMonthKey(key);
  return { year, firstMonth: month % 2 === 1 ? month : month - 1 };
}

/**
 * The last period that has fully ended before `today`. On 1 november 2026 that is
 * september–oktober 2026; on 30 november 2026 still the same.
 */
export function lastCompletePeriod(today: Date): Period {
  const current = periodOfMonth(formatMonthKey(today.getUTCFullYear(), today.getUTCMonth() + 1));
  return previousPeriod(current);
}

/** `count` months ending with the last month of `period`, oldest first. */
export function monthsEndingWith(period: Period, count: number): MonthKey[] {
  const last = addMonths(periodId(period), 1);
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** Months from january of the period's year up to and including its last month. */
export function yearToDateMonths(period: Period): MonthKey[] {
  return monthsEndingWith(period, period.firstMonth + 1);
}

export function monthNameNl(month: number): string {
  const name = MONTH_NAMES_NL[month - 1];
  if (!name) throw new InvalidInputError(`no month ${month}`);
  return name;
}

/** `september–oktober 2026` */
export function periodLabelNl(period: Period): string {
  return `${monthNameNl(period.firstMonth)}–${monthNameNl(period.firstMonth + 1)} ${period.year}`;
}

/** The Dutch abbreviations: `mrt`, not the first three letters `maa`. */
const SHORT_MONTH_NAMES_NL = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'] as const;

export function shortMonthNameNl(month: number): string {
  const name = SHORT_MONTH_NAMES_NL[month - 1];
  if (!name) throw new InvalidInputError(`no month ${month}`);
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
