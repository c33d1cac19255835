import type { Notice } from '../core/cycle';
import type { OrganisationConfig } from '../core/organisation';
import { RapportbodeError } from '../core/errors';
import { type CycleStore, type Mailer, SendOutcomeUnknownError } from './ports';

/**
 * A plain-text mail without attachments from the organisation's sender, composed and paced: the
 * raw message, for the caller to send (or to claim first, where a mail must go out once).
 */
export async function composePlainMail(
  mailer: Pick<Mailer, 'compose' | 'pace'>,
  organisation: Pick<OrganisationConfig, 'sender' | 'replyTo'>,
  to: readonly string[],
  mail: Notice,
  messageId: string,
): Promise<Uint8Array> {
  const raw = await mailer.compose({ from: organisation.sender, replyTo: organisation.replyTo, to: [...to], cc: [], subject: mail.subject, text: mail.text, messageId, attachments: [] });
  await mailer.pace();
  return raw;
}

/** A plain-text notice to the beheerders (or to `to`: a gbo-lid's reminder, an aanleveraar's request), from the organisation's sender. */
export async function sendNotice(organisation: OrganisationConfig, notice: Notice, key: string, deps: { run: { mailer: Pick<Mailer, 'compose' | 'pace' | 'send'> } }, to: readonly string[] = organisation.administrators): Promise<void> {
  const raw = await composePlainMail(deps.run.mailer, organisation, to, notice, `<${key.replace(/[^A-Za-z0-9-]+/g, '.')}@rapportbode>`);
  await deps.run.mailer.send(raw);
}

/**
 * Sends a mail the cycle claimed (`claimNotice`): when SES refuses it for certain the claim is given
 * back, so the next cycle sends it after all; an unknown outcome keeps the claim (SES may have sent
 * it: never twice). The error goes on to the caller either way.
 */
export async function sendClaimed(cycles: Pick<CycleStore, 'releaseNotice'>, claim: { period: string; kind: string; about: string }, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof RapportbodeError && !(error instanceof SendOutcomeUnknownError)) await cycles.releaseNotice(claim.period, claim.kind, claim.about);
    throw error;
  }
}
