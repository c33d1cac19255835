import type { Catalogue, Indicator } from './catalogue';
import type { EvaluationPlan } from './evaluation';
import type { SuppressionStrategy } from './suppression';

/** The werkbedrijf (or gemeente) and the municipalities it reports to. */
export interface Organisation {
  readonly name: string;
  readonly municipalities: readonly Municipality[];
}

export interface Municipality {
  readonly name: string;
  /** Gets no report (seed 000: a municipality without Participatiewet tasks at the werkbedrijf). */
  readonly optedOut: boolean;
  /** Inhabitants, when the file gives them: only the sample figures of a demo use it. */
  readonly inhabitants?: number;
  /** Who uploads the municipality's own figures (`aanleveraars`), when an indicator has `bron: gemeente`. */
  readonly suppliers?: readonly string[];
}

/** How long a period is: two months (jan–feb, …) or a quarter (jan–mrt, …). */
export type PeriodLength = 2 | 3;

/** The person who signs the mail. */
export interface Contact {
  readonly name: string;
  readonly role: string;
  readonly email: string;
  readonly phone: string;
}

/** The cycle's calendar (usecases/cycle): when the figures are due, how long the review lasts. */
export interface CycleCalendar {
  /** Working day of the month after the period by which the figures are in. */
  readonly dataDeadlineWorkday: number;
  /** Working days the reviewers get for a concept. */
  readonly reviewWorkdays: number;
  /** `automatic`: the final goes after the review days unless held; `manual`: an operator releases it. */
  readonly release: 'manual' | 'automatic';
  /** Working day of the review on which silent gbo-leden get one reminder; absent: core/review's default. */
  readonly reminderWorkday?: number;
  /**
   * `continue` (`zonder_gemeentecijfers: doorgaan`): after the last reminder a municipality's
   * missing own figures print as "niet aangeleverd" and hold nothing up; absent or `wait`: they do.
   */
  readonly withoutMunicipalFigures?: 'continue' | 'wait';
}

/**
 * Everything an organisation sets up without a developer, as applied from its organisation file
 * (core/organisation-file.ts): who it is, who it reports to, on what, when and how.
 */
export interface OrganisationConfig extends Organisation {
  /** `"Naam" <adres@domein>`: the SES identity that sends. */
  readonly sender: string;
  readonly replyTo?: string;
  readonly contact: Contact;
  /** Get the operators' notices (figures missing, concept sent, release due). */
  readonly administrators: readonly string[];
  readonly periodLength: PeriodLength;
  /** Counts below this are shown as "< N". */
  readonly suppressionThreshold: number;
  /**
   * How small counts are protected (`onderdrukking`). Every file read since issue 25 sets it (the
   * default when the file says nothing); absent only in a version or snapshot stored before, which
   * was planned by `kleinste` and so keeps it: a final renders what its concept showed.
   */
  readonly suppressionStrategy?: SuppressionStrategy;
  /**
   * Who may read the web edition. Every file read since issue 28 sets it (the default when the file
   * says nothing); absent only in a version stored before, which reads as `besloten`.
   */
  readonly publication?: Publication;
  /** Printed in every report and mail (seed 000: no relation to the financial settlement). */
  readonly riskNote: string;
  readonly calendar: CycleCalendar;
  /** The organisation's colour (`huisstijl: kleur`) on the web edition's header and links; at least 4,5:1 on white. */
  readonly colour?: string;
  readonly indicators: readonly Indicator[];
  /** The evaluation the file plans (`evaluatie:`): when the cycle starts it, and its questions. */
  readonly evaluation?: EvaluationPlan;
}

/**
 * Who may read the web edition (`publicatie`): `besloten` — a reader comes in through the personal
 * link in their mail, for their own municipality only; `openbaar` — published, no access control.
 */
export const PUBLICATIONS = ['besloten', 'openbaar'] as const;
export type Publication = (typeof PUBLICATIONS)[number];
export const DEFAULT_PUBLICATION: Publication = 'besloten';

/** An applied organisation: its configuration and the version every run records. */
export interface OrganisationVersion {
  readonly version: number;
  readonly config: OrganisationConfig;
  readonly appliedAt: string;
  readonly appliedBy: string;
  /**
   * The organisation file as applied, comments and all: `organisation export` sets the values in
   * force into it (core/organisation-file.ts organisationIntoFile). Absent on versions applied before.
   */
  readonly fileText?: string;
}

export function catalogueOf({ version, config }: OrganisationVersion): Catalogue {
  return { version, indicators: config.indicators };
}

/**
 * Who gets what: per municipality its AB-leden (To) and beleidsmedewerkers (Cc) the final, its
 * gbo-leden its own concept; the organisation-wide reviewers (no municipality) every concept.
 */
export const RECIPIENT_ROLES = ['ab-lid', 'beleidsmedewerker', 'reviewer', 'gbo-lid'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export interface Recipient {
  readonly email: string;
  readonly name: string;
  readonly role: RecipientRole;
  /** Reviewers (GBO / internal) belong to no municipality. */
  readonly municipality: string | null;
}

/** One monthly value of one indicator in one municipality. */
export interface Figure {
  readonly municipality: string;
  readonly indicator: string;
  /** `YYYY-MM` */
  readonly month: string;
  readonly value: number;
}

/** Divosa benchmark value of an indicator for a year. */
export interface Benchmark {
  readonly indicator: string;
  readonly year: number;
  readonly value: number;
}

export function participatingMunicipalities(organisation: Organisation): Municipality[] {
  return organisation.municipalities.filter((m) => !m.optedOut);
}
