import type { Day } from './workdays';

/**
 * The Dutch public holidays of a year, computed: the fixed dates, Koningsdag, and the days that
 * follow Easter. Bevrijdingsdag and Goede Vrijdag are not among them: they are working days for
 * most organisations. Computed rather than taken from a holiday library, so that the run
 * function's start does not load one (date-holidays brought moment-timezone and astronomia,
 * a quarter of the bundle); `test/unit/dutch-holidays.test.ts` holds it against date-holidays.
 */
export function dutchPublicHolidays(year: number): Day[] {
  const easter = easterSunday(year);
  return [
    `${year}-01-01`, // Nieuwjaar
    easter, // Pasen
    shift(easter, 1), // Tweede paasdag
    kingsDay(year),
    shift(easter, 39), // Hemelvaartsdag
    shift(easter, 49), // Pinksteren
    shift(easter, 50), // Tweede pinksterdag
    `${year}-12-25`, // Kerstmis
    `${year}-12-26`, // Tweede kerstdag
  ].sort();
}

/** Koningsdag: 27 April, or the 26th when the 27th is a Sunday (since 2014). */
function kingsDay(year: number): Day {
  return new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0 ? `${year}-04-26` : `${year}-04-27`;
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function shift(day: Day, days: number): Day {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
