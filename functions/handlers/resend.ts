import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { logAction, recipientRef, startInvocation } from '../adapters/logger';
import { resendDeps } from '../usecases/operations-dependencies';
import { resendReport } from '../usecases/resend';
import { parseEvent } from './parse-event';

/**
 * Sends an archived report again, as `rapportbode resend` does, e.g. invoked by an operator:
 * `{"runId": "2026-09-final", "municipality": "Tiel", "requestedBy": "j.jansen"}` or with `to`.
 * `requestId` makes a retry send nothing twice; without one, the invocation's request id is used
 * (the same on Lambda's own retries of an asynchronous invocation).
 */
const ResendEventSchema = z
  .object({
    runId: z.string().min(1),
    municipality: z.string().min(1).optional(),
    to: z.string().min(3).optional(),
    requestedBy: z.string().min(1).max(200),
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional(),
  })
  .strict();

const config = readConfig();
const deps = resendDeps(config);

export async function handler(event: unknown, context: Context) {
  const data = parseEvent(ResendEventSchema, event, 'resend event');
  startInvocation(context, { actor: data.requestedBy, runId: data.runId });
  const summary = await resendReport({ ...data, requestId: data.requestId ?? context.awsRequestId }, deps);
  const count = (status: string) => summary.messages.filter((m) => m.status === status).length;
  const result = { runId: summary.runId, requestId: summary.requestId, sent: count('sent'), alreadySent: count('already sent'), warnings: summary.warnings.length };
  const notSent = summary.messages.length - result.sent - result.alreadySent;
  const object = { run: data.runId, municipality: data.municipality, recipient: data.to === undefined ? undefined : recipientRef(data.to) };
  logAction({ action: 'resend requested', object, result: notSent > 0 ? 'partly not sent' : 'ok', counts: { sent: result.sent, alreadySent: result.alreadySent, notSent } });
  return { ...result, notSent };
}
