import { dutchPublicHolidays } from './dutch-holidays';
import { InvalidInputError } from './errors';

/**
 * Working days: Monday to Friday, without the Dutch public holidays (Nieuwjaar, Pasen,
 * Koningsdag, Hemelvaart, Pinksteren, Kerst). Bevrijdingsdag and Goede Vrijdag are working days
 * for most organisations (`core/dutch-holidays.ts`).
 * Days are calendar dates in Europe/Amsterdam, written `YYYY-MM-DD`.
 */
export type Day = string;

const holidaysByYear = new Map<number, ReadonlySet<Day>>();
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(text: string): Day {
  const match = DAY.exec(text.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== text.trim()) {
    throw new InvalidInputError(`"${text}" is geen datum van de vorm JJJJ-MM-DD (bijvoorbeeld 2026-11-30)`);
  }
  return text.trim();
}

/** The calendar date in Amsterdam at `instant` (07:00 there is 05:00 or 06:00 UTC). */
export function amsterdamDay(instant: Date): Day {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Where `day` ends in Amsterdam: its midnight, 23:00 UTC in winter time and 22:00 UTC in summer time. */
export function endOfAmsterdamDay(day: Day): Date {
  const next = addDays(day, 1);
  const summer = new Date(`${next}T00:00:00+02:00`);
  return amsterdamDay(summer) === next ? summer : new Date(`${next}T00:00:00+01:00`);
}

export function isWorkday(day: Day): boolean {
  const date = new Date(`${day}T12:00:00Z`);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(date.getUTCFullYear()).has(day);
}

function publicHolidays(year: number): ReadonlySet<Day> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Set(dutchPublicHolidays(year));
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

export function addDays(day: Day, delta: number): Day {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + delta);
  return date.toISOString().slice(0, 10);
}

/** The `count`th working day after `day` (not counting `day` itself). */
export function addWorkdays(day: Day, count: number): Day {
  let current = day;
  for (let left = count; left > 0; ) {
    current = addDays(current, 1);
    if (isWorkday(current)) left--;
  }
  return current;
}

/** The `n`th working day of a month (`YYYY-MM`): the 5th of January 2027 is 8 January. */
export function nthWorkdayOfMonth(month: string, n: number): Day {
  let day = addDays(`${month}-01`, -1);
  for (let found = 0; found < n; ) {
    day = addDays(day, 1);
    if (isWorkday(day)) found++;
  }
  return day;
}

/** `8-1-2027` → `vrijdag 8 januari 2027` */
export function dayLabelNl(day: Day): string {
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
}
