import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { appendRunId, logAction, startInvocation } from '../adapters/logger';
import { recordRunOutcome } from '../adapters/metrics';
import { lastCompletePeriod, parsePeriod } from '../core/periods';
import { runIdFor } from '../core/run-id';
import { runReportDeps } from '../usecases/dependencies';
import { runConcept } from '../usecases/release';
import { type RunSummary, runReport } from '../usecases/run-report';
import { parseEvent } from './parse-event';

/**
 * Started by EventBridge Scheduler (`{"scheduledTime": "<aws.scheduler.scheduled-time>"}`) or by
 * an operator (`{"period": "2026-09", "kind": "concept", "requestedBy": "j.jansen"}`). The period
 * comes from the scheduled time, never from the clock, so a late retry still reports on the right months.
 */
const RunEventSchema = z
  .object({
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    period: z.string().optional(),
    kind: z.enum(['final', 'concept']).default('final'),
    /** Who started it by hand, for the log (the schedule is `scheduler`). */
    requestedBy: z.string().min(1).max(200).optional(),
  })
  .refine((e) => e.scheduledTime !== undefined || e.period !== undefined, { message: 'give scheduledTime or period' });

const config = readConfig();
const deps = runReportDeps(config);
const log = new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS);

export async function handler(event: unknown, context: Context): Promise<Pick<RunSummary, 'runId' | 'status' | 'problems'>> {
  const { scheduledTime, period, kind, requestedBy } = parseEvent(RunEventSchema, event, 'run event');
  const request = { period: period ? parsePeriod(period) : lastCompletePeriod(new Date(scheduledTime as string)) };
  // A concept's number is only known once runConcept has picked it.
  startInvocation(context, { actor: requestedBy ?? (scheduledTime ? 'scheduler' : 'unnamed invoker'), runId: kind === 'final' ? runIdFor(request.period, 'final') : undefined });
  // A concept gets the next concept number of its period; there is one final run per period.
  const summary = kind === 'concept' ? await runConcept(request, deps, log) : await runReport({ ...request, kind }, deps);
  appendRunId(summary.runId);
  recordRunOutcome(summary.runId, summary.status);
  // Counts only: the skipped (blocked) addresses stay out of the logs.
  logAction({
    action: 'run report',
    object: { run: summary.runId },
    result: summary.notStarted ? `not started: already ${summary.status}` : summary.status,
    counts: { messages: summary.deliveries.length, skippedAddresses: summary.warnings.length },
  });
  return { runId: summary.runId, status: summary.status, problems: summary.problems };
}
