import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { RapportbodeError } from '../core/errors';
import {
  type Mailer,
  MessageTooLargeError,
  type OutgoingMail,
  SendOutcomeUnknownError,
  type SendQuota,
  SendRejectedError,
  SendThrottledError,
  SesAccountError,
} from '../usecases/ports';
import { SES_MAX_MESSAGE_BYTES, composeRawMail } from './mail-composer';
import { clientPerEnvironment } from './sdk-client';

// One client per environment (sdk-client.ts), created on first use so the local stack can set the endpoint first.
// maxAttempts 1: the SDK's own retries would resend after a lost 5xx answer; we retry ourselves,
// and only what SES certainly did not accept.
const ses = clientPerEnvironment(['AWS_ENDPOINT_URL_SES'], () => new SESClient({ maxAttempts: 1 }));
// The SDK reads AWS_ENDPOINT_URL_SESV2 for this client; an operator sets one SES endpoint, so
// fall back to AWS_ENDPOINT_URL_SES (in AWS neither is set and the regional endpoint is used).
const sesv2 = clientPerEnvironment(['AWS_ENDPOINT_URL_SESV2', 'AWS_ENDPOINT_URL_SES'], () => new SESv2Client({ endpoint: process.env.AWS_ENDPOINT_URL_SESV2 ?? process.env.AWS_ENDPOINT_URL_SES }));

export type { Mailer, OutgoingMail, SendQuota };
export { MessageTooLargeError, SendOutcomeUnknownError, SendRejectedError, SendThrottledError, SesAccountError };
export { SES_MAX_MESSAGE_BYTES, composeRawMail };

const MAX_ATTEMPTS = 8;
const PACE_MARGIN = 0.97;

/**
 * Sends through SES SendRawEmail, paced evenly at `maxPerSecond`, retrying with exponential
 * back-off and jitter only what SES certainly did not accept: throttling and refused connections.
 */
export class SesMailer implements Mailer {
  private nextSlot = 0;
  private perSecond: number;

  constructor(
    private readonly options: { maxPerSecond: number; configurationSet?: string },
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.perSecond = options.maxPerSecond;
  }

  compose(mail: OutgoingMail): Promise<Uint8Array> {
    return composeRawMail(mail);
  }

  limitRate(perSecond: number): void {
    this.perSecond = Math.min(this.options.maxPerSecond, perSecond);
  }

  async quota(): Promise<SendQuota> {
    const { SendQuota: q } = await sesv2()
      .send(new GetAccountCommand({}))
      .catch((error: unknown) => {
        throw new SesAccountError(describeAccountError(error), { cause: error });
      });
    if (q?.Max24HourSend === undefined || q.MaxSendRate === undefined) {
      throw new RapportbodeError('SES gaf het verzendquotum van het account niet (GetAccount); er is niets verstuurd. Controleer het SES-account en probeer het opnieuw');
    }
    return { max24HourSend: q.Max24HourSend, maxSendRate: q.MaxSendRate, sentLast24Hours: q.SentLast24Hours ?? 0 };
  }

  async send(raw: Uint8Array): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await ses().send(
          new SendRawEmailCommand({ RawMessage: { Data: raw }, ConfigurationSetName: this.options.configurationSet }),
        );
        if (!result.MessageId) throw new SendOutcomeUnknownError('SES antwoordde zonder bericht-id; het kan de mail hebben verstuurd');
        return result.MessageId;
      } catch (error) {
        if (error instanceof SendOutcomeUnknownError) throw error;
        const kind = classifySendError(error);
        if (kind === 'retry' && attempt < MAX_ATTEMPTS) {
          await this.sleep(backoffMs(attempt));
          await this.pace();
          continue;
        }
        const message = `${describe(error)}`;
        if (kind === 'retry') throw new SendThrottledError(`SES remde na ${attempt} pogingen nog steeds af: ${message}`, { cause: error });
        if (kind === 'unknown') throw new SendOutcomeUnknownError(`geen duidelijk antwoord van SES (${message}); het kan de mail hebben verstuurd`, { cause: error });
        throw new SendRejectedError(`SES weigerde het bericht: ${message}`, { cause: error });
      }
    }
  }

  /**
   * Spaces sends evenly at 97% of the current rate, so jitter in when SES counts a send never
   * puts a second over MaxSendRate; concurrent callers queue up for the next slot.
   */
  async pace(): Promise<void> {
    const interval = 1000 / (this.perSecond * PACE_MARGIN);
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** Full jitter over an exponential ceiling: up to 200 ms, 400 ms, … capped at 10 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(10_000, 200 * 2 ** (attempt - 1)));
}

/**
 * retry: SES certainly did not take the message (throttled, connection refused).
 * unknown: the request may have been processed (5xx, reset, timeout).
 * reject: a 4xx answer about the message itself.
 */
export function classifySendError(error: unknown): 'retry' | 'unknown' | 'reject' {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'Throttling' || e?.name === 'ThrottlingException') return 'retry';
  if (/maximum sending rate exceeded/i.test(e?.message ?? '')) return 'retry';
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e?.message ?? '')) return 'retry';
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return 'reject';
  return 'unknown';
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return [e?.name, e?.message].filter(Boolean).join(': ') || String(error);
}

/** Why GetAccount failed, and where to look: the endpoint, the permission, the local emulator's account. */
function describeAccountError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  // The SDK calls an error it cannot classify (no error code in the answer) "Unknown": leave that out.
  const code = [e.name !== 'Unknown' ? e.name : undefined, e.$metadata?.httpStatusCode ? `HTTP ${e.$metadata.httpStatusCode}` : undefined].filter(Boolean).join(', ');
  const endpoint = process.env.AWS_ENDPOINT_URL_SESV2 ?? process.env.AWS_ENDPOINT_URL_SES;
  return (
    `SES gaf de verzendlimieten van het account niet (GetAccount, ${code || 'fout'}: ${(e.message ?? String(error)).split('\n')[0]}); ` +
    `zonder die limieten verstuurt rapportbode niets. Controleer ${endpoint ? `het SES-endpoint ${endpoint} (AWS_ENDPOINT_URL_SES)` : 'de regio'} ` +
    'en of de inloggegevens ses:GetAccount mogen; een SES-emulator (aws-ses-v2-local) moet gestart zijn met AWS_SES_ACCOUNT.'
  );
}
