import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { amsterdamDay, isWorkday } from '../core/workdays';
import { advanceCycle } from '../usecases/cycle';
import { releaseDeps } from '../usecases/dependencies';
import { periodFor } from '../usecases/organisation';
import { runConcept } from '../usecases/release';
import { runReport } from '../usecases/run-report';
import { parseEvent } from './parse-event';

/**
 * Started by EventBridge Scheduler every working day for the cycle step
 * (`{"action": "cycle", "scheduledTime": "<aws.scheduler.scheduled-time>"}`), or by an operator
 * for one run (`{"period": "2026-09", "kind": "concept"}`). The day comes from the scheduled time,
 * never from the clock, so a late retry still acts for the right day.
 */
const RunEventSchema = z
  .object({
    action: z.enum(['run', 'cycle']).default('run'),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    period: z.string().optional(),
    kind: z.enum(['final', 'concept']).default('final'),
  })
  .refine((e) => e.scheduledTime !== undefined || e.period !== undefined, { message: 'give scheduledTime or period' });

const config = readConfig();
const deps = releaseDeps(config);

export async function handler(event: unknown): Promise<unknown> {
  const { action, scheduledTime, period, kind } = parseEvent(RunEventSchema, event, 'run event');
  if (action === 'cycle') {
    const today = amsterdamDay(new Date(scheduledTime ?? Date.now()));
    // The schedule fires Monday to Friday; a public holiday is no working day either.
    if (!isWorkday(today)) return { today, skipped: 'no working day' };
    const steps = await advanceCycle(today, deps);
    // Waiting for figures is a state, not an error: the step returns normally and raises no alarm.
    for (const step of steps) console.log(JSON.stringify({ message: 'cycle step', today, period: step.period, state: step.state }));
    return { today, periods: steps.map((s) => ({ period: s.period, state: s.state })) };
  }
  const request = { period: await periodFor(period, new Date(scheduledTime ?? Date.now()), deps.run.store) };
  // A concept gets the next concept number of its period; there is one final run per period.
  const summary = kind === 'concept' ? await runConcept(request, deps.run, deps.log) : await runReport({ ...request, kind }, deps.run);
  // Counts only: the skipped (blocked) addresses stay out of the logs.
  console.log(JSON.stringify({ message: 'run finished', runId: summary.runId, status: summary.status, messages: summary.deliveries.length, skippedAddresses: summary.warnings.length }));
  return { runId: summary.runId, status: summary.status, problems: summary.problems };
}
