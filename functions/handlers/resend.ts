import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { resendDeps } from '../usecases/operations-dependencies';
import { resendReport } from '../usecases/resend';
import { parseEvent } from './parse-event';

/**
 * Sends an archived report again, as `rapportbode resend` does, e.g. invoked by an operator:
 * `{"runId": "2026-09-final", "municipality": "Gemeente A", "requestedBy": "j.jansen"}` or with `to`.
 * `requestId` makes a retry send nothing twice; without one, the invocation's request id is used
 * (the same on Lambda's own retries of an asynchronous invocation).
 */
const ResendEventSchema = z
  .object({
    runId: z.string().min(1),
    municipality: z.string().min(1).optional(),
    to: z.string().min(3).optional(),
    /** Only what did not arrive: failed messages, bounced or rejected addresses. */
    onlyFailed: z.boolean().optional(),
    requestedBy: z.string().min(1).max(200),
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional(),
  })
  .strict();

const config = readConfig();
const deps = resendDeps(config);

export async function handler(event: unknown, context: { awsRequestId: string }): Promise<{ runId: string; sent: number; notSent: number; warnings: number }> {
  const data = parseEvent(ResendEventSchema, event, 'resend event');
  const summary = await resendReport({ ...data, requestId: data.requestId ?? context.awsRequestId }, deps);
  const sent = summary.messages.filter((m) => m.status === 'sent' || m.status === 'already sent').length;
  // Counts only: addresses stay out of the logs (they are in the delivery log, for operators).
  const result = { runId: summary.runId, sent, notSent: summary.messages.length - sent, warnings: summary.warnings.length };
  console.log(JSON.stringify({ message: 'resend finished', requestId: summary.requestId, ...result }));
  return result;
}
