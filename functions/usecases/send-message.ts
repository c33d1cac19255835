import { RapportbodeError } from '../core/errors';
import { formatMailbox } from '../core/recipient-validation';
import { type AttachmentFacts, attachmentNameFor } from '../core/mail-text';
import { type Archive, type Mailer, type RenderedMail, SendOutcomeUnknownError } from './ports';

/**
 * sent: by this attempt; already sent: by an earlier attempt; in progress: another live worker
 * holds it; failed: SES refused it; unknown: SES may have sent it (check before a resend).
 */
export type SendStatus = 'sent' | 'already sent' | 'in progress' | 'failed' | 'unknown';

export interface SendOutcome {
  readonly status: SendStatus;
  readonly sesMessageId?: string;
  readonly reason?: string;
}

/** Where one message's claim and outcome are kept: the run's ledger, or a re-send's own record. */
export interface MessageClaim {
  /** Claims the message with a conditional write; otherwise the outcome that stops this worker. */
  claim(): Promise<{ readonly claimed: true } | ({ readonly claimed: false } & SendOutcome)>;
  markSent(sesMessageId: string, sentAt: string): Promise<void>;
  markFailed(reason: string): Promise<void>;
  /** SES may have it: never sent again automatically. */
  markUnknown(reason: string): Promise<void>;
}

export interface Addressee {
  readonly email: string;
  readonly name?: string;
}

export interface OutgoingMessage {
  readonly sender: { readonly from: string; readonly replyTo?: string };
  readonly to: readonly Addressee[];
  readonly cc: readonly Addressee[];
  readonly mail: RenderedMail;
  /** Stable per message: a duplicate that ever slips through carries the same Message-ID. */
  readonly messageId: string;
  readonly attachment: { readonly filename: string; readonly pdf: Uint8Array };
  /** Where the raw mail is archived, exactly as it was sent. */
  readonly archiveKey: string;
}

export interface SendDeps {
  readonly archive: Pick<Archive, 'put'>;
  readonly mailer: Pick<Mailer, 'compose' | 'pace' | 'send'>;
  readonly now: () => Date;
  /** Told how long pacing and sending took (the run's benchmark listens). */
  readonly timed?: <T>(phase: 'pacing' | 'send', work: () => Promise<T>) => Promise<T>;
}

/** The one name of an attached report: `…-september-oktober-2026-<gemeente>.pdf` (core/mail-text.ts). */
export function reportAttachmentName(part: AttachmentFacts, municipality: string): string {
  return attachmentNameFor(part, municipality);
}

/** `<2026-09-final.tiel.1@rapportbode>` from the parts that make a message unique. */
export function messageIdFor(...parts: readonly string[]): string {
  // Accents dropped, not replaced: the local outbox names the mail after the municipality's slug.
  return `<${parts.map((p) => p.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '.')).join('.')}@rapportbode>`;
}

/**
 * The one step that sends one message, for a run and a re-send alike:
 * 1. compose the MIME message (names without control characters; a message SES would refuse fails here, unclaimed);
 * 2. wait for a send slot — before the claim, so a crash leaves an unconfirmed claim only for
 *    the length of the SES call itself;
 * 3. claim it (a message settled or held by another worker is not sent again);
 * 4. archive the raw mail, send it, record the outcome: sent, failed, or unknown when SES may have it.
 */
export async function sendMessage(message: OutgoingMessage, claim: MessageClaim, deps: SendDeps, onClaimed?: () => Promise<void>): Promise<SendOutcome> {
  const timed = deps.timed ?? (<T>(_: string, work: () => Promise<T>) => work());
  const raw = await deps.mailer.compose({
    from: message.sender.from,
    replyTo: message.sender.replyTo,
    to: message.to.map((a) => formatMailbox(a.name, a.email)),
    cc: message.cc.map((a) => formatMailbox(a.name, a.email)),
    subject: message.mail.subject,
    text: message.mail.text,
    html: message.mail.html,
    messageId: message.messageId,
    attachments: [{ filename: message.attachment.filename, content: message.attachment.pdf, contentType: 'application/pdf' }],
  }).catch((error: unknown) => error as Error);
  if (raw instanceof Error) {
    if (!(raw instanceof RapportbodeError)) throw raw;
    return { status: 'failed', reason: raw.message };
  }

  await timed('pacing', () => deps.mailer.pace());
  const claimed = await claim.claim();
  if (!claimed.claimed) return { status: claimed.status, sesMessageId: claimed.sesMessageId, reason: claimed.reason };
  await onClaimed?.();

  try {
    await deps.archive.put(message.archiveKey, raw, 'message/rfc822');
    const sesMessageId = await timed('send', () => deps.mailer.send(raw));
    await claim.markSent(sesMessageId, deps.now().toISOString());
    return { status: 'sent', sesMessageId };
  } catch (error) {
    if (error instanceof SendOutcomeUnknownError) {
      await claim.markUnknown(error.message);
      return { status: 'unknown', reason: error.message };
    }
    if (!(error instanceof RapportbodeError)) throw error;
    await claim.markFailed(error.message);
    return { status: 'failed', reason: error.message };
  }
}
