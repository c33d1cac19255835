import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { RapportbodeError } from '../core/errors';

/** SES refuses raw messages over 10 MB. */
export const SES_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

let client: SESClient | undefined;
function ses(): SESClient {
  client ??= new SESClient({});
  return client;
}

export interface OutgoingMail {
  readonly from: string;
  readonly replyTo?: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per run and message, so a duplicate that slips through is recognisable. */
  readonly messageId: string;
  readonly attachments: readonly { filename: string; content: Uint8Array; contentType: string }[];
}

export class MessageTooLargeError extends RapportbodeError {}
export class SendFailedError extends RapportbodeError {}

/** Composes the MIME message (nodemailer's MailComposer) byte for byte as it will be sent. */
export async function composeRawMail(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    replyTo: mail.replyTo,
    to: [...mail.to],
    cc: [...mail.cc],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
  });
  const raw = await composer.compile().build();
  if (raw.length > SES_MAX_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`message ${mail.messageId} is ${raw.length} bytes; SES accepts at most ${SES_MAX_MESSAGE_BYTES}`);
  }
  return raw;
}

export interface Mailer {
  /** Sends one raw message and returns SES's message id. */
  send(raw: Uint8Array): Promise<string>;
}

const MAX_ATTEMPTS = 6;

/**
 * Sends through SES SendRawEmail, paced to at most `maxPerSecond` and retried with exponential
 * back-off and jitter on throttling and 5xx answers.
 */
export class SesMailer implements Mailer {
  private nextSlot = 0;

  constructor(
    private readonly options: { maxPerSecond: number; configurationSet?: string },
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async send(raw: Uint8Array): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await this.waitForSlot();
      try {
        const result = await ses().send(
          new SendRawEmailCommand({ RawMessage: { Data: raw }, ConfigurationSetName: this.options.configurationSet }),
        );
        if (!result.MessageId) throw new SendFailedError('SES answered without a message id');
        return result.MessageId;
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) {
          throw new SendFailedError(`SES refused the message: ${describe(error)}`, { cause: error });
        }
        await this.sleep(backoffMs(attempt));
      }
    }
  }

  /** Spaces sends evenly at the configured rate; concurrent callers queue up for the next slot. */
  private async waitForSlot(): Promise<void> {
    const interval = 1000 / this.options.maxPerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** Full jitter over an exponential ceiling: 200 ms, 400 ms, … capped at 10 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(10_000, 200 * 2 ** (attempt - 1)));
}

export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.name === 'Throttling' || e?.name === 'ThrottlingException') return true;
  if (/maximum sending rate exceeded/i.test(e?.message ?? '')) return true;
  const status = e?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return [e?.name, e?.message].filter(Boolean).join(': ') || String(error);
}
