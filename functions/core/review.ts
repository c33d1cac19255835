import { type Day, addDays, addWorkdays, dayLabelNl, isWorkday } from './workdays';

/**
 * The review of a concept: when it ends, and whether an operator may skip what is left of it.
 * A release before the review's last day is refused unless every receiving municipality agreed
 * or the operator gives a reason (`--voor-einde-review --reden TEKST`), which is audited.
 */

/** The last review day of a concept sent on `sentOn`: the cycle's rule (reviewdagen working days after it). */
export function reviewEndFor(sentOn: Day, reviewWorkdays: number): Day {
  return addWorkdays(sentOn, reviewWorkdays);
}

/** Working days from `today` up to and including `reviewEndsOn` (today counts when it is one). */
export function reviewWorkdaysLeft(today: Day, reviewEndsOn: Day): number {
  let left = 0;
  for (let day = today; day <= reviewEndsOn; day = addDays(day, 1)) if (isWorkday(day)) left++;
  return left;
}

/** The review is over from its last day on: a release on that day is no longer early. */
export function reviewIsOver(today: Day, reviewEndsOn: Day): boolean {
  return today >= reviewEndsOn;
}

/** "de review loopt nog 3 werkdagen, tot en met dinsdag 8 december 2026" */
export function reviewLeftNl(today: Day, reviewEndsOn: Day): string {
  const left = reviewWorkdaysLeft(today, reviewEndsOn);
  return `de review loopt nog ${left} ${left === 1 ? 'werkdag' : 'werkdagen'}, tot en met ${dayLabelNl(reviewEndsOn)}`;
}

/** An override's reason: said in words, not a blank or a single character. */
export function validReason(reason: string | undefined): string | undefined {
  const text = reason?.trim();
  return text && text.length >= 3 ? text : undefined;
}
