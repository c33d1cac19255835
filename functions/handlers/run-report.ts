import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readConfig } from '../adapters/config';
import { appendRunId, logAction, logger, startInvocation } from '../adapters/logger';
import { runIdFor } from '../core/run-id';
import { amsterdamDay, isWorkday } from '../core/workdays';
import { advanceCycle } from '../usecases/cycle';
import { releaseDeps } from '../wiring/dependencies';
import { evaluationDeps } from '../wiring/evaluation-dependencies';
import { uploadLinks } from '../wiring/upload-links';
import { periodFor } from '../usecases/organisation';
import { releaseRun, runConcept, runFinal } from '../usecases/release';
import type { EditionOutcome } from '../usecases/web-edition';
import { parseEvent } from './parse-event';

/**
 * Started by EventBridge Scheduler every working day for the cycle step
 * (`{"action": "cycle", "scheduledTime": "<aws.scheduler.scheduled-time>"}`), or by an operator
 * for one run (`{"period": "2026-09", "kind": "concept", "requestedBy": "j.jansen"}`), or by the
 * console for a release (`{"action": "release", "runId": "2026-09-concept-2", "releasedBy": "j.jansen"}`). The day
 * comes from the scheduled time, never from the clock, so a late retry still acts for the right day.
 * Every run that ends writes its outcome as a metric where it is recorded (RunStore.finishRun).
 */
const RunEventSchema = z
  .object({
    action: z.enum(['run', 'cycle', 'release']).default('run'),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    period: z.string().optional(),
    kind: z.enum(['final', 'concept']).default('final'),
    /** Who started it by hand, for the log (the schedule is `scheduler`). */
    requestedBy: z.string().min(1).max(200).optional(),
    /** A release handed over by the console: the concept and the operator who released it. */
    runId: z.string().regex(/^\d{4}-\d{2}-(final|concept-\d{1,3})$/).optional(),
    releasedBy: z.string().min(1).max(200).optional(),
    /** The console's confirmation of a release before the review's end, with its reason (audited). */
    beforeReviewEndReason: z.string().min(1).max(1000).optional(),
    /** A final without a reviewed concept, as `run --zonder-concept --reden`: audited with this reason. */
    withoutConceptReason: z.string().min(1).max(1000).optional(),
  })
  .refine((e) => e.action === 'release' || e.scheduledTime !== undefined || e.period !== undefined, { message: 'give scheduledTime or period' })
  .refine((e) => e.action !== 'release' || (e.runId !== undefined && e.releasedBy !== undefined), { message: 'a release needs runId and releasedBy' });

const config = readConfig();
const deps = releaseDeps(config);

export async function handler(event: unknown, context: Context): Promise<unknown> {
  const { action, scheduledTime, period, kind, requestedBy, runId, releasedBy, beforeReviewEndReason, withoutConceptReason } = parseEvent(RunEventSchema, event, 'run event');
  const actor = releasedBy ?? requestedBy ?? (scheduledTime ? 'scheduler' : 'unnamed invoker');
  if (action === 'release') {
    startInvocation(context, { actor, runId });
    const outcome = await releaseRun(runId as string, actor, deps, beforeReviewEndReason ? { beforeReviewEnd: { reason: beforeReviewEndReason } } : {});
    appendRunId(outcome.finalRunId);
    const result = outcome.released ? outcome.summary.status : `not released: ${outcome.reason}`;
    logAction({ action: 'release run', object: { run: outcome.finalRunId }, result });
    return { runId: outcome.finalRunId, status: outcome.released ? outcome.summary.status : 'not released', ...(outcome.released ? { problems: outcome.summary.problems } : { reason: outcome.reason }) };
  }
  if (action === 'cycle') {
    startInvocation(context, { actor });
    const today = amsterdamDay(new Date(scheduledTime ?? Date.now()));
    // The schedule fires Monday to Friday; a public holiday is no working day either.
    if (!isWorkday(today)) return { today, skipped: 'no working day' };
    // The evaluation's reminder and planned start, and the upload requests, need the link key and LINK_PAGES_URL only when they send.
    const links = await uploadLinks(config);
    const steps = await advanceCycle(today, { ...deps, evaluation: evaluationDeps(config), ...(links ? { uploadLinks: links } : {}) });
    // Waiting for figures is a state, not an error: the step returns normally and raises no alarm.
    for (const step of steps) logger.info('cycle step', { today, period: step.period, state: step.state });
    return { today, periods: steps.map((s) => ({ period: s.period, state: s.state })) };
  }
  const request = { period: await periodFor(period, new Date(scheduledTime ?? Date.now()), deps.run.store) };
  // A concept's number is only known once runConcept has picked it.
  startInvocation(context, { actor, runId: kind === 'final' ? runIdFor(request.period, 'final') : undefined });
  // A concept gets the next concept number of its period; there is one final run per period, and
  // it goes only after a reviewed concept (or with a reason, audited): the rule `run` follows too.
  const withoutConcept = withoutConceptReason ? { withoutConcept: { reason: withoutConceptReason } } : {};
  const summary = kind === 'concept' ? await runConcept(request, deps.run, deps.log) : await runFinal(request, actor, deps, withoutConcept);
  appendRunId(summary.runId);
  // runFinal published the web edition after the final went out; a concept has none.
  const edition = 'edition' in summary ? (summary as { edition?: EditionOutcome }).edition : undefined;
  if (edition && !edition.published) logger.warn('web edition not published', { reason: edition.reason });
  // Counts only: the skipped (blocked) addresses stay out of the logs.
  logAction({
    action: 'run report',
    object: { run: summary.runId },
    result: summary.notStarted ? `not started: already ${summary.status}` : summary.status,
    counts: { messages: summary.deliveries.length, skippedAddresses: summary.warnings.length },
  });
  return { runId: summary.runId, status: summary.status, problems: summary.problems };
}
