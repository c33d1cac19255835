import { receivesReport } from './mailing-plan';
import type { OrganisationConfig, Recipient } from './organisation';
import { type LinkClaims, linkSubject, signLink } from './personal-link';
import { editionSlug } from './edition-site';
import { mayAnswerConcept } from './review';

/**
 * The `lezen` link in a final's mail: the way into a municipality's web edition (issue 28).
 * One mail goes to all of a municipality's AB-leden (To) and beleidsmedewerkers (Cc) at once, so
 * its link is as personal as the mail: it names everyone the mail went to (their linkSubject, never
 * the address) and works only while every one of them is still on the list for that municipality.
 * That is what makes "taken off the list, no more access" hold: a removed reader's old mail opens
 * nothing after their reading cookie (a day) runs out; the others get a fresh link with the next
 * final. A mail to one person carries a link for that person alone.
 */

/**
 * How long the link works: a year. A reader gets a new one with every final (every two or three
 * months), so a year covers a missed mail or a long leave; it also bounds how long a forwarded
 * mail opens the latest edition when nobody is taken off the list. The list check, not the
 * expiry, is what ends a removed reader's access.
 */
export const READING_LINK_DAYS = 366;

/**
 * Who may read a municipality's edition: whom its report goes to (its AB-leden and
 * beleidsmedewerkers) and who may answer its concept (its gbo-leden; the reviewers, who read all).
 */
function mayReadEdition(recipient: Recipient, municipality: string): boolean {
  return receivesReport(recipient, municipality) || mayAnswerConcept(recipient, municipality);
}

/** Subjects in a link's `subject`, sorted and joined: linkSubject's alphabet (base64url) has no comma. */
const SEPARATOR = ',';

/** The token of the `lezen` link for a mail to `emails` about `municipality`'s edition. */
export function readingLinkToken(key: Uint8Array, mail: { municipality: string; emails: readonly string[]; now: Date }): string {
  const subjects = [...new Set(mail.emails.map(linkSubject))].sort();
  const expiresAt = Math.floor(mail.now.getTime() / 1000) + READING_LINK_DAYS * 86_400;
  return signLink(key, { purpose: 'lezen', subject: subjects.join(SEPARATOR), scope: editionSlug(mail.municipality), expiresAt });
}

/**
 * A signed-in console user (beheerder or lezer) reads every municipality's edition through the
 * console: it makes a `lezen` link for them on request, named for the console user rather than a
 * recipient (they need not be on any list: the console's sign-in let them in), and valid only
 * minutes, long enough to follow it.
 */
export const CONSOLE_READER_PREFIX = 'console:';
export const CONSOLE_READING_MINUTES = 10;

/** The token of a console user's `lezen` link to `municipality`'s edition. */
export function consoleReadingToken(key: Uint8Array, request: { municipality: string; actor: string; now: Date }): string {
  const expiresAt = Math.floor(request.now.getTime() / 1000) + CONSOLE_READING_MINUTES * 60;
  return signLink(key, { purpose: 'lezen', subject: `${CONSOLE_READER_PREFIX}${linkSubject(request.actor)}`, scope: editionSlug(request.municipality), expiresAt });
}

export type ReadingCheck =
  | { readonly ok: true; readonly municipality: string }
  | { readonly ok: false; readonly why: 'no-municipality' | 'off-the-list' };

/**
 * Whether a verified `lezen` link still opens its edition: its municipality is still in the
 * organisation and every reader it names is still on the list, for that municipality or as reviewer.
 */
export function checkReaders(claims: LinkClaims, organisation: Pick<OrganisationConfig, 'municipalities'>, recipients: readonly Recipient[]): ReadingCheck {
  const municipality = organisation.municipalities.find((m) => editionSlug(m.name) === claims.scope);
  if (!municipality) return { ok: false, why: 'no-municipality' };
  // A console user's link: the console's sign-in checked who they are when it was made, minutes ago.
  if (claims.subject.startsWith(CONSOLE_READER_PREFIX)) return { ok: true, municipality: municipality.name };
  const readers = new Set(
    recipients.filter((r) => mayReadEdition(r, municipality.name)).map((r) => linkSubject(r.email)),
  );
  const named = claims.subject.split(SEPARATOR);
  return named.length > 0 && named.every((s) => readers.has(s)) ? { ok: true, municipality: municipality.name } : { ok: false, why: 'off-the-list' };
}
