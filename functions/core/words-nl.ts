/**
 * The Dutch words an operator reads for the states the code keeps in English: one place, so the
 * CLI, the notices and the console say the same.
 */
export const RUN_STATUS_NL: Readonly<Record<string, string>> = {
  running: 'bezig',
  completed: 'voltooid',
  partial: 'gedeeltelijk',
  failed: 'mislukt',
};

export const RUN_KIND_NL: Readonly<Record<string, string>> = { final: 'definitief', concept: 'concept' };

/** A message's and an address's outcome: what rapportbode recorded, then what SES reported. */
export const SEND_STATUS_NL: Readonly<Record<string, string>> = {
  sent: 'verzonden',
  'already sent': 'al verzonden',
  'in progress': 'bezig',
  claimed: 'bezig',
  failed: 'mislukt',
  unknown: 'onbekend',
  delivered: 'afgeleverd',
  'soft-bounce': 'tijdelijk onbestelbaar',
  bounced: 'onbestelbaar',
  complaint: 'klacht',
  rejected: 'geweigerd',
};

/** The word for `value` in `table`, or the value itself when there is none. */
export function dutch(table: Readonly<Record<string, string>>, value: string): string {
  return table[value] ?? value;
}

const TIME_NL = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `2026-11-30T07:15:00Z` → `30-11-2026 08:15`, Dutch time; empty for no time. */
export function timeNl(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return TIME_NL.format(date).replace(/,? /, ' ');
}

/** `2026-11-30` → `30-11-2026`, the way a day is written in Dutch; other text unchanged. */
export function dayNl(day: string | undefined): string {
  if (!day) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : day;
}

/**
 * The actions of the audit trail, stored in English (usecases/ports.ts AuditEntry), as an operator
 * reads them: in the CLI's history and the console's Logboek (whose filter, static/js/logboek.js, offers the same words).
 */
export const AUDIT_ACTION_NL: Readonly<Record<string, string>> = {
  'recipient added': 'ontvanger toegevoegd',
  'recipient removed': 'ontvanger verwijderd',
  'recipient changed': 'ontvanger gewijzigd',
  'opted out': 'gemeente afgemeld',
  'opted in': 'gemeente aangemeld',
  'address blocked': 'adres geblokkeerd',
  'block cleared': 'blokkade opgeheven',
  'report resent': 'rapport opnieuw verzonden',
  'run released': 'concept vrijgegeven',
  'run released before review end': 'vrijgegeven voor het einde van de review',
  'final sent without concept': 'definitief verstuurd zonder concept',
  'organisation applied': 'organisatie toegepast',
  'period held': 'periode aangehouden',
  'period unheld': 'periode niet meer aangehouden',
  'commentary set': 'toelichting vastgelegd',
  'image added': 'afbeelding toegevoegd',
  'image removed': 'afbeelding verwijderd',
  'figures imported': 'cijfers ingelezen',
  'figures delivered': 'cijfers aangeleverd door de gemeente',
  'benchmark imported': 'benchmark ingelezen',
  'evaluation started': 'evaluatie gestart',
};

/** `1 mail`, `3 mails`, `0 waarden`: a count with the noun in its real number, not `mail(s)`. */
export function countNl(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A name as it reads inside a sentence: `Cliënten met huishoudelijke hulp` → `cliënten met …`.
 * The case stays when the first word (its letters and digits) is an abbreviation or a proper
 * name: another capital or a digit in it (`WW-uitkeringen`, `UWV`), a law (`Participatiewet`), or
 * one of the abbreviations written with one capital (`Wmo-voorzieningen`, `Wajong`).
 */
export function midSentence(name: string): string {
  const first = /^[\p{L}\p{N}]+/u.exec(name)?.[0] ?? '';
  const keep = /^.+[\p{Lu}\d]/u.test(first) || /wet$/i.test(first) || PROPER_FIRST_WORDS.has(first.toLowerCase());
  return keep ? name : name.charAt(0).toLocaleLowerCase('nl') + name.slice(1);
}

/** Abbreviations and names of the social domain written with one capital. */
const PROPER_FIRST_WORDS = new Set(['wmo', 'wajong', 'wlz', 'wsw', 'divosa', 'ioaw', 'ioaz', 'bbz', 'tozo']);
