import type { RecipientRole } from './organisation';
import { MONTH_NAMES_NL } from './periods';
import { slug } from './slug';

/** Whom a mail is addressed to (its To): the greeting follows from them. */
export interface Addressee {
  readonly name?: string;
  /** `extern`: an address off the recipient list, sent a report again on request. */
  readonly role: RecipientRole | 'extern';
}

/**
 * The salutation, as a board secretary would write it: one person by name ("Geachte A. de Vries,"
 * — the name alone, because the list does not say whether to write "heer" or "mevrouw"); several
 * AB-leden as the board; several reviewers as colleagues; someone without a name as "heer, mevrouw".
 */
export function greetingFor(addressees: readonly Addressee[]): string {
  const [only] = addressees;
  if (addressees.length === 1 && only) return only.name?.trim() ? `Geachte ${only.name.trim()},` : 'Geachte heer, mevrouw,';
  if (addressees.length > 0 && addressees.every((a) => a.role === 'ab-lid')) return 'Geachte leden van het algemeen bestuur,';
  // Reviewers and a municipality's gbo-leden read a concept as colleagues.
  if (addressees.length > 0 && addressees.every((a) => a.role === 'reviewer' || a.role === 'gbo-lid')) return 'Geachte collega’s,';
  return 'Geachte heer, mevrouw,';
}

/** What the attachment's name is made of; the organisation part of a run has all of it. */
export interface AttachmentFacts {
  readonly reportName: string;
  readonly organisation: string;
  /** `september–oktober 2026`: read for the months when `periodMonths` is absent (a run archived before it was recorded). */
  readonly periodLabel: string;
  readonly periodMonths?: readonly string[];
  readonly concept: boolean;
}

/**
 * `tweemaandelijkse-rapportage-werkzaak-rivierenland-september-oktober-2026-tiel.pdf`: the report,
 * the organisation, every month of the period (`2026-09` read as September only) and the
 * municipality, so a saved attachment says what it is; a concept's name starts with `concept-`.
 */
export function attachmentNameFor(facts: AttachmentFacts, municipality: string): string {
  const year = /\d{4}/.exec(facts.periodLabel)?.[0] ?? '';
  const months = facts.periodMonths ?? monthsOfLabel(facts.periodLabel);
  return `${facts.concept ? 'concept-' : ''}${[facts.reportName, facts.organisation, ...months, year, municipality].map(slug).filter(Boolean).join('-')}.pdf`;
}

/** `juli–september 2026` → juli, augustus, september. */
function monthsOfLabel(label: string): string[] {
  const words = label.replace(/\s*\d{4}\s*$/, '');
  const [first, last] = words.split('–').map((m) => MONTH_NAMES_NL.indexOf(m.trim() as (typeof MONTH_NAMES_NL)[number]));
  if (first === undefined || first < 0) return [words];
  const end = last === undefined || last < 0 ? first : last;
  return MONTH_NAMES_NL.slice(first, end + 1);
}

/** What the attachment holds, as far as a run's organisation part says (an archived one may lack fields). */
export interface AttachmentContents {
  readonly goals?: readonly { readonly goal: { readonly value: number | null } }[];
  readonly benchmarks?: readonly unknown[];
  readonly images?: { readonly benchmark?: readonly unknown[] };
}

/**
 * `de kengetallen, de doelen, de vergelijking met de Divosa-benchmark en de cijfers van Tiel`:
 * only what the report holds — goals when one is set for the year, the benchmark when one is
 * imported (or an operator added its graph).
 */
export function attachmentContents(part: AttachmentContents, municipality: string): string {
  const goals = (part.goals ?? []).some((g) => g.goal.value !== null);
  const benchmark = (part.benchmarks ?? []).length > 0 || (part.images?.benchmark ?? []).length > 0;
  const items = ['de kengetallen', ...(goals ? ['de doelen'] : []), ...(benchmark ? ['de vergelijking met de Divosa-benchmark'] : []), `de cijfers van ${municipality}`];
  return `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}
