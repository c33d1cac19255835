import type { DeliveryLog } from '../adapters/delivery-log';
import type { RecipientStore } from '../adapters/recipient-store';
import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { type Period, periodId } from '../core/periods';
import { requireOrganisation } from './organisation';
import { parseRunId, runIdFor } from '../core/run-id';
import { type RunReportDeps, type RunReportRequest, type RunSummary, runReport } from './run-report';

export class ConceptNumberError extends RapportbodeError {}

/**
 * A concept run of the period: a new concept number once the previous concept completed, so a
 * concept can be redone after the figures or the commentary changed. A concept that did not
 * complete keeps its number: running it again delivers only what it has not sent yet.
 */
export async function runConcept(request: Omit<RunReportRequest, 'kind' | 'conceptNumber'>, deps: RunReportDeps, log: DeliveryLog): Promise<RunSummary> {
  return runReport({ ...request, kind: 'concept', conceptNumber: await conceptNumberFor(request.period, log) }, deps);
}

async function conceptNumberFor(period: Period, log: DeliveryLog): Promise<number> {
  const id = periodId(period);
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await log.latestConcept(id);
    if (latest > 0) {
      const run = await log.run(runIdFor(period, 'concept', latest));
      if (run?.status !== 'completed') return latest;
    }
    // A conditional write: two operators starting a concept at once get one number between them.
    if (await log.advanceConcept(id, latest)) return latest + 1;
  }
  throw new ConceptNumberError(`could not number a new concept for ${id}: others kept starting one at the same time; try again`);
}

export type ReleaseOutcome =
  | { readonly released: true; readonly finalRunId: string; readonly summary: RunSummary }
  | { readonly released: false; readonly finalRunId: string; readonly reason: string };

/**
 * Releases a concept: sends the final version of its period, once.
 * 1. the concept must exist, have been sent, and be the period's latest concept;
 * 2. a final run that completed is never sent again: say so and stop;
 * 3. run the final run (the same run the schedule starts; a partial one delivers what is missing);
 * 4. note on the final run which concept was released and by whom, and record it.
 */
export async function releaseRun(
  runId: string,
  releasedBy: string,
  deps: RunReportDeps,
  log: DeliveryLog,
  audit: RecipientStore,
): Promise<ReleaseOutcome> {
  const parsed = parseRunId(runId, (await requireOrganisation(deps.store)).periodLength);
  const run = await log.run(runId);
  if (!run) throw new DataMissingError(`there is no run ${runId}; see rapportbode runs`);
  const period = periodId(parsed.period);
  if (parsed.kind === 'concept') {
    const latest = await log.latestConcept(period);
    if (parsed.conceptNumber !== latest) {
      throw new InvalidInputError(`${runId} is not the latest concept of ${period}; that is ${runIdFor(parsed.period, 'concept', latest)}: release that one`);
    }
    if (run.status !== 'completed' && run.status !== 'partial') {
      throw new InvalidInputError(`${runId} has not been sent to the reviewers (status ${run.status}); run it again with rapportbode run --period ${period} --concept first`);
    }
  }

  const finalRunId = runIdFor(parsed.period, 'final');
  const final = await log.run(finalRunId);
  if (final?.status === 'completed') {
    const by = final.releasedBy ? `released by ${final.releasedBy} from ${final.releasedFrom}` : 'by the schedule or a run command';
    return { released: false, finalRunId, reason: `${finalRunId} was already sent as final on ${final.finishedAt} (${by}); nothing was sent again` };
  }

  const summary = await runReport({ period: parsed.period, kind: 'final' }, deps);
  if (summary.notStarted) return { released: false, finalRunId, reason: summary.notStarted };
  if (parsed.kind === 'concept') {
    const releasedAt = deps.now().toISOString();
    await log.markReleased(finalRunId, { releasedFrom: runId, releasedBy, releasedAt });
    await audit.audit([{ at: releasedAt, actor: releasedBy, action: 'run released', runId: finalRunId, detail: `${runId} released as ${finalRunId}: ${summary.status}` }]);
  }
  return { released: true, finalRunId, summary };
}
