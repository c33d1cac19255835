import { describe, expect, it } from 'vitest';
import { backoffMs, classifySendError } from '../../functions/adapters/ses-mailer';

describe('which SES errors are retried', () => {
  it('retries throttling: SES certainly did not take the message', () => {
    expect(classifySendError({ name: 'Throttling', message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 400 } })).toBe('retry');
    expect(classifySendError(new Error('Maximum sending rate exceeded.'))).toBe('retry');
  });

  it('retries a refused connection: nothing reached SES', () => {
    expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('retry');
  });

  it('does not resend after a 5xx or a reset: SES may already have sent it', () => {
    expect(classifySendError({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } })).toBe('unknown');
    expect(classifySendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('unknown');
  });

  it('gives up on a rejected message', () => {
    expect(classifySendError({ name: 'MessageRejected', message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } })).toBe('reject');
  });

  it('backs off exponentially with full jitter, capped at 10 s', () => {
    expect(backoffMs(1, () => 1)).toBe(200);
    expect(backoffMs(4, () => 1)).toBe(1600);
    expect(backoffMs(20, () => 1)).toBe(10_000);
    expect(backoffMs(4, () => 0)).toBe(0);
  });
});
