import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { amsterdamDay, isWorkday } from '../core/workdays';
import { advanceCycle } from '../usecases/cycle';
import { releaseDeps } from '../usecases/dependencies';
import { periodFor } from '../usecases/organisation';
import { releaseRun, runConcept } from '../usecases/release';
import { runReport } from '../usecases/run-report';
import { parseEvent } from './parse-event';

/**
 * Started by EventBridge Scheduler every working day for the cycle step
 * (`{"action": "cycle", "scheduledTime": "<aws.scheduler.scheduled-time>"}`), or by an operator
 * for one run (`{"period": "2026-09", "kind": "concept"}`), or by the console for a release
 * (`{"action": "release", "runId": "2026-09-concept-2", "releasedBy": "j.jansen"}`). The day comes from the scheduled time,
 * never from the clock, so a late retry still acts for the right day.
 */
const RunEventSchema = z
  .object({
    action: z.enum(['run', 'cycle', 'release']).default('run'),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    period: z.string().optional(),
    kind: z.enum(['final', 'concept']).default('final'),
    /** A release handed over by the console: the concept and the operator who released it. */
    runId: z.string().regex(/^\d{4}-\d{2}-(final|concept-\d{1,3})$/).optional(),
    releasedBy: z.string().min(1).max(200).optional(),
  })
  .refine((e) => e.action === 'release' || e.scheduledTime !== undefined || e.period !== undefined, { message: 'give scheduledTime or period' })
  .refine((e) => e.action !== 'release' || (e.runId !== undefined && e.releasedBy !== undefined), { message: 'a release needs runId and releasedBy' });

const config = readConfig();
const deps = releaseDeps(config);

export async function handler(event: unknown): Promise<unknown> {
  const { action, scheduledTime, period, kind, runId, releasedBy } = parseEvent(RunEventSchema, event, 'run event');
  if (action === 'release') {
    const outcome = await releaseRun(runId as string, releasedBy as string, deps);
    const status = outcome.released ? outcome.summary.status : 'not released';
    console.log(JSON.stringify({ message: 'run finished', runId: outcome.finalRunId, releasedFrom: runId, status }));
    return { runId: outcome.finalRunId, status, ...(outcome.released ? { problems: outcome.summary.problems } : { reason: outcome.reason }) };
  }
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
