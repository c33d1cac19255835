import type { CycleCalendar } from './organisation';
import { type Period, addMonths, lastMonthOf, periodId, periodLabelNl } from './periods';
import type { MissingFigure } from './readiness';
import { type Day, dayLabelNl, nthWorkdayOfMonth } from './workdays';
import { type CommandHint, plainCommand } from './command-hint';
import { countNl } from './words-nl';
import { type MunicipalityReview, reviewLinesNl } from './review';

/**
 * The cycle of a period as an operator reads it: the figures are awaited, the concept is with the
 * reviewers, the final went out — or an operator holds it.
 */
export const CYCLE_STATES = ['wacht op gegevens', 'concept verstuurd', 'vrijgegeven', 'aangehouden'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

/** The day by which the figures of `period` are due: the n-th working day of the month after it. */
export function dataDeadline(period: Period, calendar: CycleCalendar): Day {
  return nthWorkdayOfMonth(addMonths(lastMonthOf(period), 1), calendar.dataDeadlineWorkday);
}

/** Gaps named in a notice before "en N meer". */
export const SHOWN_GAPS = 20;

export interface Notice {
  readonly subject: string;
  readonly text: string;
}

export function gapsNotice(organisation: string, period: Period, deadline: Day, missing: readonly MissingFigure[], command: CommandHint = plainCommand): Notice {
  const shown = missing.slice(0, SHOWN_GAPS).map((m) => `- ${m.municipality} · ${m.indicator} · ${m.month}`);
  if (missing.length > SHOWN_GAPS) shown.push(`- … en ${missing.length - SHOWN_GAPS} meer`);
  return {
    subject: `${organisation}: cijfers ${periodLabelNl(period)} nog niet compleet`,
    text: [
      `De cijfers over ${periodLabelNl(period)} (${periodId(period)}) zijn nog niet compleet; ze werden uiterlijk ${dayLabelNl(deadline)} verwacht.`,
      `Er ${missing.length === 1 ? 'ontbreekt' : 'ontbreken'} ${countNl(missing.length, 'waarde', 'waarden')}:`,
      ...shown,
      '',
      `Lees de ontbrekende cijfers in (${command('import BESTAND')}, of zet het bestand in de ingest-bucket). Zodra ze compleet zijn, gaat het concept naar de reviewers; tot dan gaat er niets naar de AB-leden of de reviewers.`,
      'Deze melding komt hoogstens eens per werkdag.',
    ].join('\n'),
  };
}

export function conceptNotice(
  organisation: string,
  period: Period,
  concept: { runId: string; mails: number; reviewEndsOn: Day; release: CycleCalendar['release']; changes: readonly string[]; reminderOn?: Day },
  command: CommandHint = plainCommand,
): Notice {
  return {
    subject: `${organisation}: concept ${periodLabelNl(period)} naar de reviewers`,
    text: [
      `Concept ${concept.runId} over ${periodLabelNl(period)} is naar de reviewers en gbo-leden verstuurd (${countNl(concept.mails, 'mail', 'mails')}: ieder één per gemeente die hij beoordeelt, met een persoonlijke link om te reageren).`,
      ...(concept.changes.length > 0 ? ['Het vervangt het vorige concept, omdat er daarna iets is gewijzigd:', ...concept.changes.map((c) => `- ${c}`)] : []),
      `De review loopt tot en met ${dayLabelNl(concept.reviewEndsOn)}.${concept.reminderOn ? ` Een gbo-lid dat op ${dayLabelNl(concept.reminderOn)} nog niet reageerde, krijgt die dag één herinnering.` : ''}`,
      concept.release === 'automatic'
        ? `Daarna gaat de definitieve versie vanzelf naar de AB-leden, tenzij u de periode aanhoudt: ${command(`release --aanhouden ${concept.runId}`)}.`
        : `Daarna geeft u het vrij: ${command(`release ${concept.runId}`)}.`,
    ].join('\n'),
  };
}

export function reminderNotice(organisation: string, period: Period, runId: string, reviewEndsOn: Day, command: CommandHint = plainCommand, review?: readonly MunicipalityReview[]): Notice {
  return {
    subject: `${organisation}: ${periodLabelNl(period)} wacht op vrijgave`,
    text: [
      `De review van ${runId} over ${periodLabelNl(period)} liep tot en met ${dayLabelNl(reviewEndsOn)}.`,
      ...reviewSection(review),
      `Geef het concept vrij met ${command(`release ${runId}`)}; dan gaat de definitieve versie naar de AB-leden. Of houd de periode aan met ${command(`release --aanhouden ${runId}`)}.`,
      'Deze herinnering komt eenmaal per concept.',
    ].join('\n'),
  };
}

export function releasedNotice(organisation: string, period: Period, finalRunId: string, status: string, command: CommandHint = plainCommand, review?: readonly MunicipalityReview[]): Notice {
  return {
    subject: `${organisation}: ${periodLabelNl(period)} definitief verstuurd`,
    text: [
      `Na de review is ${finalRunId} over ${periodLabelNl(period)} automatisch naar de AB-leden verstuurd (status: ${status}). Zie ${command(`deliveries ${finalRunId}`)}.`,
      ...reviewSection(review),
    ].join('\n'),
  };
}

/** `vrijgeven: automatisch`, and a municipality remarked on the concept: the final waits for the beheerders. */
export function remarkStopsReleaseNotice(organisation: string, period: Period, runId: string, review: readonly MunicipalityReview[], command: CommandHint = plainCommand): Notice {
  return {
    subject: `${organisation}: ${periodLabelNl(period)} niet automatisch vrijgegeven — er is een opmerking`,
    text: [
      `De review van ${runId} over ${periodLabelNl(period)} is voorbij, maar er kwam een opmerking op het concept; de definitieve versie gaat daarom niet vanzelf naar de AB-leden.`,
      ...reviewSection(review),
      `Geef het concept toch vrij met ${command(`release ${runId}`)}, of verwerk de opmerking en verstuur een nieuw concept (${command(`run --periode ${periodId(period)} --concept`)}).`,
      'Deze melding komt eenmaal per concept.',
    ].join('\n'),
  };
}

/** The one reminder to a gbo-lid who has not answered a concept, with their own link again. */
export function answerReminder(
  organisation: { readonly name: string; readonly contact: { readonly name: string } },
  period: Period,
  to: { name: string; municipality: string; link?: string; sentOn: Day; reviewEndsOn: Day },
): Notice {
  const how = to.link
    ? [`Reageer op het concept van ${to.municipality}: ${to.link}`, '', 'Kies op die pagina Akkoord, of Opmerking met uw toelichting, en verstuur: één klik is genoeg. U hebt geen account of wachtwoord nodig. Deze link is persoonlijk: stuur deze mail niet door.']
    : ['Reageer via de persoonlijke link in de mail met het concept: kies Akkoord, of Opmerking met uw toelichting.'];
  return {
    subject: `Herinnering: uw reactie op het concept van ${to.municipality} (${periodLabelNl(period)})`,
    text: [
      `Geachte ${to.name},`,
      '',
      `Op ${dayLabelNl(to.sentOn)} ontving u het concept van de rapportage van ${organisation.name} over ${periodLabelNl(period)} voor ${to.municipality}. Uw reactie hebben wij nog niet ontvangen.`,
      '',
      ...how,
      '',
      `De review loopt tot en met ${dayLabelNl(to.reviewEndsOn)}. Dit is de enige herinnering.`,
      '',
      'Met vriendelijke groet,',
      '',
      organisation.contact.name,
      organisation.name,
    ].join('\n'),
  };
}

/** A release before the review's end (`--voor-einde-review`): the beheerders learn who skipped it, and why. */
export function earlyReleaseNotice(
  organisation: string,
  period: Period,
  release: { conceptRunId: string; finalRunId: string; by: string; left: string; reason: string; status: string; review?: readonly MunicipalityReview[] },
  command: CommandHint = plainCommand,
): Notice {
  return {
    subject: `${organisation}: ${periodLabelNl(period)} vrijgegeven vóór het einde van de review`,
    text: [
      `${release.by} heeft ${release.conceptRunId} over ${periodLabelNl(period)} vrijgegeven als ${release.finalRunId} vóór het einde van de review: ${release.left} (status: ${release.status}).`,
      `Reden: ${release.reason}`,
      ...reviewSection(release.review),
      `Zie ${command(`deliveries ${release.finalRunId}`)}; dit is vastgelegd in het logboek.`,
    ].join('\n'),
  };
}

/** The answers per municipality, for a notice to the beheerders; nothing when they are not known. */
function reviewSection(review: readonly MunicipalityReview[] | undefined): string[] {
  return review ? ['', 'De reacties per gemeente:', ...reviewLinesNl(review), ''] : [];
}

/** What the cycle knows of a period on a day, gathered by the use case. */
export interface CycleFacts {
  readonly today: Day;
  readonly workday: boolean;
  readonly dataDeadline: Day;
  readonly released: boolean;
  readonly held: boolean;
  readonly gaps: number;
  /** The concept with the reviewers, if one is. */
  readonly concept?: { readonly runId: string; readonly reviewEndsOn: Day };
  /** The data in force differs from the concept's frozen input. */
  readonly changedSinceConcept: boolean;
  readonly release: CycleCalendar['release'];
  /** The review's reminder day (`kalender.herinnering`) has come: the silent gbo-leden are reminded once. */
  readonly reminderDue?: boolean;
  /** A municipality made an Opmerking on the concept: `automatisch` waits for the beheerders. */
  readonly remarked?: boolean;
}

/** The one thing the cycle does for a period today, and the state it is in. */
export type CycleDecision =
  | { readonly state: 'vrijgegeven'; readonly action: 'none' }
  | { readonly state: 'aangehouden'; readonly action: 'none' }
  | { readonly state: 'wacht op gegevens'; readonly action: 'none'; readonly why: 'before deadline' | 'no working day' }
  | { readonly state: 'wacht op gegevens'; readonly action: 'notice gaps' }
  | { readonly state: 'concept verstuurd'; readonly action: 'send concept' }
  | { readonly state: 'concept verstuurd'; readonly action: 'none'; readonly why: 'in review' }
  | { readonly state: 'concept verstuurd'; readonly action: 'remind silent' }
  | { readonly state: 'concept verstuurd'; readonly action: 'release' | 'remind' | 'stopped by remark' };

/**
 * The cycle's rule, in order: a released period is done, a held one waits; incomplete figures
 * get a notice to the beheerders from the deadline on, on working days; complete figures without
 * a current concept get one; a concept under review waits until its last review day has passed,
 * reminding its silent gbo-leden from the reminder day on (once each: the use case claims it);
 * then the final goes out (automatisch, unless a municipality remarked: then the beheerders are
 * told) or the beheerders are reminded (handmatig).
 */
export function decideCycleStep(facts: CycleFacts): CycleDecision {
  if (facts.released) return { state: 'vrijgegeven', action: 'none' };
  if (facts.held) return { state: 'aangehouden', action: 'none' };
  if (facts.gaps > 0) {
    if (facts.today < facts.dataDeadline) return { state: 'wacht op gegevens', action: 'none', why: 'before deadline' };
    if (!facts.workday) return { state: 'wacht op gegevens', action: 'none', why: 'no working day' };
    return { state: 'wacht op gegevens', action: 'notice gaps' };
  }
  if (!facts.concept || facts.changedSinceConcept) return { state: 'concept verstuurd', action: 'send concept' };
  if (facts.today <= facts.concept.reviewEndsOn) {
    return facts.reminderDue && facts.workday ? { state: 'concept verstuurd', action: 'remind silent' } : { state: 'concept verstuurd', action: 'none', why: 'in review' };
  }
  if (facts.release === 'automatic') return { state: 'concept verstuurd', action: facts.remarked ? 'stopped by remark' : 'release' };
  return { state: 'concept verstuurd', action: 'remind' };
}
