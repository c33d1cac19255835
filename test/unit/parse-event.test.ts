import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEvent } from '../../functions/handlers/parse-event';

describe('parsing a Lambda event', () => {
  const schema = z.object({ runId: z.string().min(3), municipality: z.string().optional() }).strict();

  it('returns the validated event', () => {
    expect(parseEvent(schema, { runId: '2026-09-final' }, 'resend event')).toEqual({ runId: '2026-09-final' });
  });

  it('names every wrong field in one error', () => {
    expect(() => parseEvent(schema, { runId: 'x', municipality: 3 }, 'resend event')).toThrow(/^resend event is invalid: runId: .*; municipality: /);
  });

  it('names the event itself when it is not an object', () => {
    expect(() => parseEvent(schema, 'hallo', 'resend event')).toThrow(/resend event is invalid: \(event\): /);
  });
});
