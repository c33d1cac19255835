/** The werkbedrijf and the municipalities it serves. */
export interface Organisation {
  readonly name: string;
  readonly municipalities: readonly Municipality[];
}

export interface Municipality {
  readonly name: string;
  /** Opted out of the bimonthly mailing (Neder-Betuwe: no Participatiewet tasks at the werkbedrijf). */
  readonly optedOut: boolean;
}

export const RECIPIENT_ROLES = ['ab-lid', 'beleidsmedewerker', 'reviewer'] as const;
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
