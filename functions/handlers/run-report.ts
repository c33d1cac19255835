import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { InvalidInputError } from '../core/errors';
import { lastCompletePeriod, parsePeriod } from '../core/periods';
import { runReportDeps } from '../usecases/dependencies';
import { type RunSummary, runReport } from '../usecases/run-report';

/**
 * Started by EventBridge Scheduler (`{"scheduledTime": "<aws.scheduler.scheduled-time>"}`) or by
 * an operator (`{"period": "2026-09", "kind": "concept"}`). The period comes from the scheduled
 * time, never from the clock, so a late retry still reports on the right months.
 */
const RunEventSchema = z
  .object({
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    period: z.string().optional(),
    kind: z.enum(['final', 'concept']).default('final'),
  })
  .refine((e) => e.scheduledTime !== undefined || e.period !== undefined, { message: 'give scheduledTime or period' });

const config = readConfig();
const deps = runReportDeps(config);

export async function handler(event: unknown): Promise<Pick<RunSummary, 'runId' | 'status' | 'problems'>> {
  const parsed = RunEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidInputError(`run event is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  }
  const { scheduledTime, period, kind } = parsed.data;
  const summary = await runReport(
    { period: period ? parsePeriod(period) : lastCompletePeriod(new Date(scheduledTime as string)), kind },
    deps,
  );
  console.log(JSON.stringify({ message: 'run finished', runId: summary.runId, status: summary.status, messages: summary.deliveries.length }));
  return { runId: summary.runId, status: summary.status, problems: summary.problems };
}
