import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { logAction, recipientRef, startInvocation } from '../adapters/logger';
import { resendDeps } from '../wiring/operations-dependencies';
import { resendReport } from '../usecases/resend';
import { parseEvent } from './parse-event';

/**
 * Sends an archived report again, as `rapportbode resend` does, invoked by an operator:
 * `{"runId": "2026-09-final", "municipality": "Gemeente A", "requestedBy": "j.jansen"}` or with `to`.
 * The same request twice sends once: without a `requestId`, the key is derived from the request
 * itself, so a retry of the same payload (the AWS CLI's after its 60 s read timeout, Lambda's of
 * an asynchronous invoke) finds what the first sent. To send the same thing again on purpose,
 * give a `requestId` that was not used before (README, Running by hand).
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
type ResendEvent = z.infer<typeof ResendEventSchema>;

const config = readConfig();
const deps = resendDeps(config);

export async function handler(event: unknown, context: Context) {
  const data = parseEvent(ResendEventSchema, event, 'resend event');
  startInvocation(context, { actor: data.requestedBy, runId: data.runId });
  const summary = await resendReport({ ...data, requestId: data.requestId ?? requestIdOf(data) }, deps);
  const count = (status: string) => summary.messages.filter((m) => m.status === status).length;
  const result = { runId: summary.runId, requestId: summary.requestId, sent: count('sent'), alreadySent: count('already sent'), warnings: summary.warnings.length };
  const notSent = summary.messages.length - result.sent - result.alreadySent;
  const object = { run: data.runId, municipality: data.municipality, recipient: data.to === undefined ? undefined : recipientRef(data.to) };
  logAction({ action: 'resend requested', object, result: notSent > 0 ? 'partly not sent' : 'ok', counts: { sent: result.sent, alreadySent: result.alreadySent, notSent } });
  const note = result.alreadySent > 0 && result.sent === 0 ? `Dit verzoek (${summary.requestId}) was al uitgevoerd: niets opnieuw verzonden. Nog een keer versturen? Geef een nieuwe requestId mee.` : undefined;
  return { ...result, notSent, note };
}

/** The same runId, municipality, address and requester give the same key, whatever the casing. */
function requestIdOf(request: ResendEvent): string {
  const parts = [request.runId.trim(), request.municipality?.trim().toLocaleLowerCase('nl') ?? '', request.to?.trim().toLowerCase() ?? '', request.requestedBy.trim()];
  // Only the failed is another request than everything; the keys of the others stay as they were.
  if (request.onlyFailed) parts.push('only failed');
  return `auto-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}
