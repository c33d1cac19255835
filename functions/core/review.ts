import type { Recipient } from './organisation';
import { type Day, addDays, addWorkdays, dayLabelNl, endOfAmsterdamDay, isWorkday } from './workdays';

/**
 * The review of a concept: when it ends, and whether an operator may skip what is left of it.
 * A release before the review's last day is refused unless every receiving municipality agreed
 * or the operator gives a reason (`--voor-einde-review --reden TEKST`), which is audited.
 */

/** Who may answer a municipality's concept: a reviewer (every municipality's), or that municipality's gbo-lid. */
export function mayAnswerConcept(recipient: Pick<Recipient, 'role' | 'municipality'>, municipality: string): boolean {
  return recipient.role === 'reviewer' || (recipient.role === 'gbo-lid' && recipient.municipality === municipality);
}

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

/** Days an answer link keeps working after the review's last day: time to read a late mail and still answer. */
export const ANSWER_LINK_GRACE_DAYS = 5;

/** When a concept's answer links stop working: the end (in Amsterdam) of the review's last day plus the grace days. */
export function answerLinkExpiry(reviewEndsOn: Day): Date {
  return endOfAmsterdamDay(addDays(reviewEndsOn, ANSWER_LINK_GRACE_DAYS));
}

/** The review's working day on which the silent gbo-leden are reminded, when `kalender.herinnering` is not set. */
export const DEFAULT_REMINDER_WORKDAY = 3;

/**
 * The day the silent gbo-leden of a concept sent on `sentOn` get their one reminder: the n-th
 * working day of the review (`kalender.herinnering`), else the default — but never the last day,
 * so a reminder leaves time to answer. Undefined when a one-day review leaves no such day.
 */
export function reminderDayFor(sentOn: Day, calendar: { readonly reviewWorkdays: number; readonly reminderWorkday?: number }): Day | undefined {
  const n = calendar.reminderWorkday ?? Math.min(DEFAULT_REMINDER_WORKDAY, calendar.reviewWorkdays - 1);
  return n >= 1 && n < calendar.reviewWorkdays ? addWorkdays(sentOn, n) : undefined;
}

/** One answer to a concept as the review counts it (usecases' ReviewAnswer has more). */
export interface AnswerFact {
  readonly municipality: string;
  readonly answer: 'akkoord' | 'opmerking';
  readonly by: string;
  readonly subject?: string;
  readonly text?: string;
}

/** Where one receiving municipality stands in the review of a concept. */
export interface MunicipalityReview {
  readonly municipality: string;
  /**
   * An Opmerking from anyone outweighs an Akkoord: the concept may need to change. Akkoord is the
   * municipality's own: one of its gbo-leden agreed (a reviewer's Akkoord counts only for a
   * municipality that has no gbo-lid).
   */
  readonly state: 'akkoord' | 'opmerking' | 'geen reactie';
  /** Who agreed, by name. */
  readonly agreed: readonly string[];
  readonly remarks: readonly { readonly by: string; readonly text: string }[];
  /** The municipality's gbo-leden who have not answered, by name. */
  readonly silent: readonly string[];
}

/** Per receiving municipality: who agreed, who remarked what, which gbo-leden are silent. */
export function reviewOfConcept(
  municipalities: readonly string[],
  gboLeden: readonly { readonly municipality: string | null; readonly name: string; readonly subject: string }[],
  answers: readonly AnswerFact[],
): MunicipalityReview[] {
  return municipalities.map((municipality) => {
    const own = answers.filter((a) => a.municipality === municipality);
    const agreed = own.filter((a) => a.answer === 'akkoord').map((a) => a.by);
    const remarks = own.filter((a) => a.answer === 'opmerking').map((a) => ({ by: a.by, text: a.text ?? '' }));
    const ownGbo = gboLeden.filter((g) => g.municipality === municipality);
    const silent = ownGbo.filter((g) => !own.some((a) => a.subject === g.subject)).map((g) => g.name);
    const municipalityAgreed = ownGbo.length > 0 ? own.some((a) => a.answer === 'akkoord' && ownGbo.some((g) => g.subject === a.subject)) : agreed.length > 0;
    const state = remarks.length > 0 ? 'opmerking' : municipalityAgreed ? 'akkoord' : 'geen reactie';
    return { municipality, state, agreed, remarks, silent };
  });
}

/** Every receiving municipality agreed and none remarked: a release may skip the rest of the review. */
export function everyMunicipalityAgreed(review: readonly MunicipalityReview[]): boolean {
  return review.length > 0 && review.every((m) => m.state === 'akkoord');
}

/** "- Tiel: akkoord (A. de Vries)", "- Buren: opmerking van B. Bakker: “…”", "- Culemborg: geen reactie" */
export function reviewLinesNl(review: readonly MunicipalityReview[]): string[] {
  return review.map((m) => {
    if (m.state === 'geen reactie') {
      const others = m.agreed.length > 0 ? `; akkoord van ${m.agreed.join(', ')}` : '';
      return `- ${m.municipality}: geen reactie${m.silent.length > 0 ? ` (${m.silent.join(', ')})` : ''}${others}`;
    }
    const agreed = m.agreed.length > 0 ? `akkoord (${m.agreed.join(', ')})` : '';
    const remarks = m.remarks.map((r) => `opmerking van ${r.by}: “${r.text}”`);
    return `- ${m.municipality}: ${[agreed, ...remarks].filter(Boolean).join('; ')}`;
  });
}

/** "Buren (geen reactie van: B. Bakker), Tiel (opmerking van A. de Vries)": who stands between a concept and an early release. */
export function notAgreedNl(review: readonly MunicipalityReview[]): string {
  return review
    .filter((m) => m.state !== 'akkoord')
    .map((m) => {
      if (m.state === 'opmerking') return `${m.municipality} (opmerking van ${m.remarks.map((r) => r.by).join(', ')})`;
      return `${m.municipality} (${m.silent.length > 0 ? `geen reactie van: ${m.silent.join(', ')}` : 'geen reactie; er is geen gbo-lid'})`;
    })
    .join(', ');
}
