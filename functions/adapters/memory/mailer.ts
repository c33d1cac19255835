import type { Mailer, OutgoingMail, SendQuota } from '../../usecases/ports';
import { composeRawMail } from '../mail-composer';

/** One mail the in-memory mailer took: its raw MIME bytes and the id it answered with. */
export interface SentMail {
  readonly sesMessageId: string;
  readonly raw: Uint8Array;
  /** The raw message as text, for a test to read headers and body. */
  readonly text: string;
}

/**
 * A mailer that keeps what it sends (the real one: adapters/ses-mailer.ts). It composes the same
 * MIME bytes as the real one (nodemailer), so what a test reads is what SES would get.
 * `new InMemoryMailer({ quota?, maxPerSecond? })`; `failNext(error)` makes the next send throw it
 * (a SendRejectedError, a SendOutcomeUnknownError, …); `sent` is every mail taken, in order.
 */
export class InMemoryMailer implements Mailer {
  readonly sent: SentMail[] = [];
  /** The pace asked for: the configured rate, lowered by `limitRate`. */
  perSecond: number;
  /** How often `pace` was called: one slot per send. */
  paced = 0;
  private readonly failures: Error[] = [];
  private quotaNow: SendQuota;

  constructor(options: { quota?: Partial<SendQuota>; maxPerSecond?: number } = {}) {
    this.quotaNow = { max24HourSend: 200, maxSendRate: 1, sentLast24Hours: 0, ...options.quota };
    this.perSecond = options.maxPerSecond ?? 1;
  }

  compose(mail: OutgoingMail): Promise<Uint8Array> {
    return composeRawMail(mail);
  }

  async pace(): Promise<void> {
    this.paced++;
  }

  async send(raw: Uint8Array): Promise<string> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const sesMessageId = `memory-${String(this.sent.length + 1).padStart(4, '0')}`;
    this.sent.push({ sesMessageId, raw: new Uint8Array(raw), text: Buffer.from(raw).toString('utf8') });
    return sesMessageId;
  }

  async quota(): Promise<SendQuota> {
    return { ...this.quotaNow };
  }

  limitRate(perSecond: number): void {
    this.perSecond = Math.min(this.perSecond, perSecond);
  }

  /** The next send throws `error` instead of sending (queued: call again for the one after). */
  failNext(error: Error): void {
    this.failures.push(error);
  }

  /** Sets what `quota()` answers, e.g. a day's sending almost used up. */
  setQuota(quota: Partial<SendQuota>): void {
    this.quotaNow = { ...this.quotaNow, ...quota };
  }
}
