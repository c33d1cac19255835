import type { Organisation, Recipient } from './organisation';
import { linkSubject } from './personal-link';

/** SES accepts at most 50 addresses (To + Cc + Bcc) in one message. */
export const SES_MAX_RECIPIENTS = 50;

export interface PlannedMessage {
  /** Stable within a run: the delivery ledger is keyed by run and this key. */
  readonly key: string;
  readonly municipality: string;
  readonly to: readonly Recipient[];
  readonly cc: readonly Recipient[];
}

export interface MailingProblem {
  readonly municipality: string;
  readonly reason: string;
}

export interface MailingPlan {
  readonly messages: readonly PlannedMessage[];
  /** Municipalities that cannot be mailed; reported before anything is sent. */
  readonly problems: readonly MailingProblem[];
  readonly optedOut: readonly string[];
}

/** Who a municipality's report goes to: its AB-leden (To) and its beleidsmedewerkers (Cc). */
export function reportAddressees(recipients: readonly Recipient[], municipality: string): { to: Recipient[]; cc: Recipient[] } {
  const own = recipients.filter((r) => r.municipality === municipality);
  return { to: own.filter((r) => r.role === 'ab-lid'), cc: own.filter((r) => r.role === 'beleidsmedewerker') };
}

/** Whether `recipient` is one of the addressees of `municipality`'s report (reportAddressees). */
export function receivesReport(recipient: Pick<Recipient, 'role' | 'municipality'>, municipality: string): boolean {
  return recipient.municipality === municipality && (recipient.role === 'ab-lid' || recipient.role === 'beleidsmedewerker');
}

/**
 * One message per participating municipality: To its AB-leden, Cc its beleidsmedewerkers.
 * A municipality with no AB-lid is a problem, never a mail with only Cc. More than 50
 * addresses are spread over several messages, each with To addresses first.
 */
export function planMailing(
  organisation: Organisation,
  recipients: readonly Recipient[],
  maxRecipients: number = SES_MAX_RECIPIENTS,
): MailingPlan {
  const messages: PlannedMessage[] = [];
  const problems: MailingProblem[] = [];
  const optedOut: string[] = [];
  for (const municipality of organisation.municipalities) {
    if (municipality.optedOut) {
      optedOut.push(municipality.name);
      continue;
    }
    const { to, cc } = reportAddressees(recipients, municipality.name);
    if (to.length === 0) {
      problems.push({ municipality: municipality.name, reason: 'geen AB-lid om de mail aan te richten (Aan zou leeg zijn); voeg er een toe met rapportbode recipients add --rol ab-lid' });
      continue;
    }
    const parts = splitMessage(municipality.name, to, cc, maxRecipients);
    if (typeof parts === 'string') problems.push({ municipality: municipality.name, reason: parts });
    else messages.push(...parts);
  }
  return { messages, problems, optedOut };
}

/**
 * The concept mailing: only the reviewers (GBO secretariat, team Beleid) and each municipality's
 * own gbo-leden, never its AB-leden or beleidsmedewerkers. One message per person per
 * participating municipality: each carries that person's own answer link for that
 * municipality's concept (usecases/answers.ts), so a mail can never be shared by two. A gbo-lid
 * gets only its own municipality's; a reviewer one per municipality: exactly the PDF that
 * municipality's AB will get, so they review the real documents; no document ever holds two
 * municipalities' paragraphs, and each message stays far below the SES size limit however many
 * municipalities there are. Keyed by municipality and person (`Tiel#<person>`), so a later attempt
 * of the run, or a list that changed in between, never takes one person's mail for another's.
 * What would stop the final (a municipality without AB-lid, too many addresses) is reported with
 * the concept already, so it is fixed before the release, not found by it.
 */
export function planConceptMailing(
  organisation: Organisation,
  recipients: readonly Recipient[],
  maxRecipients: number = SES_MAX_RECIPIENTS,
): MailingPlan {
  const reviewers = recipients.filter((r) => r.role === 'reviewer');
  const gboLeden = recipients.filter((r) => r.role === 'gbo-lid');
  const participating = organisation.municipalities.filter((m) => !m.optedOut);
  const optedOut = organisation.municipalities.filter((m) => m.optedOut).map((m) => m.name);
  if (reviewers.length === 0 && gboLeden.length === 0) {
    return {
      messages: [],
      problems: [{ municipality: '(concept)', reason: 'er zijn geen reviewers of gbo-leden om het concept aan te sturen; voeg er een toe met: rapportbode recipients add --rol reviewer (of --gemeente NAAM --rol gbo-lid)' }],
      optedOut,
    };
  }
  const problems = planMailing(organisation, recipients, maxRecipients).problems.map((p) => ({ ...p, reason: `de definitieve versie kan niet worden verstuurd: ${p.reason}` }));
  const messages: PlannedMessage[] = [];
  for (const { name } of participating) {
    const readers = [...reviewers, ...gboLeden.filter((r) => r.municipality === name)];
    if (readers.length === 0) problems.push({ municipality: name, reason: `geen reviewer of gbo-lid om het concept van ${name} aan te sturen; voeg er een toe met: rapportbode recipients add --gemeente ${name} --rol gbo-lid` });
    const seen = new Set<string>();
    for (const reader of readers) {
      const key = `${name}#${personKey(reader.email)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      messages.push({ key, municipality: name, to: [reader], cc: [] });
    }
  }
  return { messages, problems, optedOut };
}

/** A short, stable key for a person within a run: the address's link subject, shortened (no address in keys or file names). */
function personKey(email: string): string {
  return linkSubject(email).slice(0, 10);
}

/** Spreads the addresses over messages of at most `max`, each with at least one To; or says why not. */
function splitMessage(municipality: string, to: readonly Recipient[], cc: readonly Recipient[], max: number): PlannedMessage[] | string {
  const parts = Math.ceil((to.length + cc.length) / max);
  if (parts > to.length) {
    return `${to.length + cc.length} adressen vragen ${parts} berichten van hoogstens ${max}, maar er zijn maar ${to.length} AB-leden om ze aan te richten`;
  }
  const result: PlannedMessage[] = [];
  let ccLeft = [...cc];
  for (let p = 0; p < parts; p++) {
    // Even shares, so with parts <= to.length every part gets at least one To.
    const partTo = to.slice(Math.floor((p * to.length) / parts), Math.floor(((p + 1) * to.length) / parts));
    const partCc = ccLeft.slice(0, max - partTo.length);
    ccLeft = ccLeft.slice(partCc.length);
    result.push({ key: `${municipality}#${p + 1}`, municipality, to: partTo, cc: partCc });
  }
  return result;
}
