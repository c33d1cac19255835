import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { type Period, periodId } from '../core/periods';
import { parseRunId, runIdFor } from '../core/run-id';
import { changesSince } from '../core/run-input';
import { RUN_STATUS_NL, dutch, timeNl } from '../core/words-nl';
import { requireOrganisation } from './organisation';
import type { AuditLog, CycleStore, DeliveryLedger } from './ports';
import { type RunReportDeps, type RunReportRequest, type RunSummary, currentRunInput, frozenRunInput, runReport } from './run-report';
import { type CommandHint, plainCommand } from '../core/command-hint';

export class ConceptNumberError extends RapportbodeError {}
/** A release that would send something other than what the reviewers saw, or of a held period. */
export class ReleaseRefusedError extends InvalidInputError {}

/**
 * A concept run of the period. A completed concept is followed by the next number. A partial one
 * (some messages not sent, or a municipality that could not be mailed) is continued, delivering
 * only what it has not sent yet — unless the data changed since it: then the reviewers get a new
 * concept, since what they hold no longer shows what a release would send.
 */
export async function runConcept(request: Omit<RunReportRequest, 'kind' | 'conceptNumber'>, deps: RunReportDeps, log: Pick<DeliveryLedger, 'run' | 'latestConcept' | 'advanceConcept'>): Promise<RunSummary> {
  const changedSince = async (runId: string) => {
    const frozen = await frozenRunInput(runId, deps.archive).catch(() => undefined);
    if (!frozen) return true;
    return changesSince(frozen.input, (await currentRunInput(request.period, deps, deps.now())).input).length > 0;
  };
  return runReport({ ...request, kind: 'concept', conceptNumber: await conceptNumberFor(request.period, log, changedSince) }, deps);
}

async function conceptNumberFor(period: Period, log: Pick<DeliveryLedger, 'run' | 'latestConcept' | 'advanceConcept'>, changedSince: (runId: string) => Promise<boolean>): Promise<number> {
  const id = periodId(period);
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await log.latestConcept(id);
    if (latest > 0) {
      const runId = runIdFor(period, 'concept', latest);
      const status = (await log.run(runId))?.status;
      const done = status === 'completed' || (status === 'partial' && (await changedSince(runId)));
      if (!done) return latest;
    }
    // A conditional write: two operators starting a concept at once get one number between them.
    if (await log.advanceConcept(id, latest)) return latest + 1;
  }
  throw new ConceptNumberError(`kon geen nieuw conceptnummer voor ${id} vastleggen: anderen startten er tegelijk een; probeer het opnieuw`);
}

export type ReleaseOutcome =
  | { readonly released: true; readonly finalRunId: string; readonly summary: RunSummary }
  | { readonly released: false; readonly finalRunId: string; readonly reason: string };

export interface ReleaseDeps {
  readonly run: RunReportDeps;
  readonly log: DeliveryLedger;
  readonly cycles: CycleStore;
  readonly audit: AuditLog;
  /** How messages name a command to type next (the CLI adds the operator's --map and --door). */
  readonly command?: CommandHint;
}

/** A release that may go ahead: the final's id and what it is rendered from (undefined: the data in force). */
export type PreparedRelease =
  | { readonly ready: true; readonly runId: string; readonly finalRunId: string; readonly period: Period; readonly fromConcept: boolean; readonly input: RunReportRequest['input'] }
  | { readonly ready: false; readonly finalRunId: string; readonly reason: string };

/**
 * Releases a concept: sends the final version of its period, once, made from exactly what the
 * reviewers saw.
 * 1. check it may go (prepareRelease): nothing is sent when it may not;
 * 2. run the final from the concept's frozen input (only the CONCEPT marking differs);
 * 3. note on the final run which concept was released and by whom, and record it.
 */
export async function releaseRun(runId: string, releasedBy: string, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const prepared = await prepareRelease(runId, deps);
  if (!prepared.ready) return { released: false, finalRunId: prepared.finalRunId, reason: prepared.reason };
  const { finalRunId } = prepared;
  const summary = await runReport({ period: prepared.period, kind: 'final', input: prepared.input }, deps.run);
  if (summary.notStarted) return { released: false, finalRunId, reason: summary.notStarted };
  if (prepared.fromConcept) {
    const releasedAt = deps.run.now().toISOString();
    await deps.log.markReleased(finalRunId, { releasedFrom: runId, releasedBy, releasedAt });
    await deps.audit.audit([{ at: releasedAt, actor: releasedBy, action: 'run released', runId: finalRunId, detail: `${runId} vrijgegeven als ${finalRunId}: ${dutch(RUN_STATUS_NL, summary.status)}` }]);
  }
  return { released: true, finalRunId, summary };
}

/**
 * Whether a run may be released now, without sending anything (the console asks before it
 * confirms, and before it hands the release to the run function):
 * 1. the concept must exist, have been sent, and be the period's latest concept; the period must not be held;
 * 2. a final run that completed is never sent again: say so;
 * 3. compare the concept's frozen input with the data in force: any change refuses, named.
 */
export async function prepareRelease(runId: string, deps: Pick<ReleaseDeps, 'log' | 'cycles' | 'command'> & { run: Pick<RunReportDeps, 'store' | 'images' | 'archive' | 'now'> }): Promise<PreparedRelease> {
  const { log } = deps;
  const command = deps.command ?? plainCommand;
  const parsed = parseRunId(runId, (await requireOrganisation(deps.run.store)).periodLength);
  const run = await log.run(runId);
  if (!run) throw new DataMissingError(`er is geen run ${runId}; zie ${command('runs')}`);
  const period = periodId(parsed.period);
  if (parsed.kind === 'concept') {
    const latest = await log.latestConcept(period);
    if (parsed.conceptNumber !== latest) {
      throw new ReleaseRefusedError(`${runId} is niet het laatste concept van ${period}; dat is ${runIdFor(parsed.period, 'concept', latest)}: geef dat vrij`);
    }
    if (run.status !== 'completed' && run.status !== 'partial') {
      throw new ReleaseRefusedError(`${runId} is niet naar de reviewers verstuurd (${dutch(RUN_STATUS_NL, run.status)}); voer eerst ${command(`run --periode ${period} --concept`)} opnieuw uit`);
    }
  }
  const cycle = await deps.cycles.get(period);
  if (cycle?.held) {
    throw new ReleaseRefusedError(`${period} is aangehouden door ${cycle.heldBy} (${timeNl(cycle.heldAt)}); er is niets verzonden. Hef het aanhouden eerst op met ${command(`release --hervatten ${runId}`)}`);
  }

  const finalRunId = runIdFor(parsed.period, 'final');
  const final = await log.run(finalRunId);
  if (final?.status === 'completed') {
    const by = final.releasedBy ? `vrijgegeven door ${final.releasedBy} uit ${final.releasedFrom}` : 'door het schema of een run-opdracht';
    return { ready: false, finalRunId, reason: `${finalRunId} is al als definitieve versie verstuurd op ${timeNl(final.finishedAt)} (${by}); er is niets opnieuw verzonden` };
  }

  if (parsed.kind !== 'concept') return { ready: true, runId, finalRunId, period: parsed.period, fromConcept: false, input: undefined };

  const frozen = await frozenRunInput(runId, deps.run.archive);
  const changes = changesSince(frozen.input, (await currentRunInput(parsed.period, deps.run, deps.run.now())).input);
  if (changes.length > 0) {
    throw new ReleaseRefusedError(
      `sinds ${runId} is er iets gewijzigd; de definitieve versie zou iets anders laten zien dan de reviewers zagen, dus er is niets verzonden.\n  ${changes.join('\n  ')}\n` +
        `Verstuur een nieuw concept (${command(`run --periode ${period} --concept`)}, of de volgende stap van de cyclus doet het) en geef dat vrij.`,
    );
  }
  return { ready: true, runId, finalRunId, period: parsed.period, fromConcept: true, input: frozen };
}

/** Holds a period (no release, by hand or by the cycle) or frees it; audited. False when it already was. */
export async function setHold(runIdOrPeriod: string, held: boolean, actor: string, deps: Pick<ReleaseDeps, 'cycles' | 'audit'> & { now: () => Date }): Promise<{ period: string; changed: boolean }> {
  const period = /^\d{4}-\d{2}/.exec(runIdOrPeriod.trim())?.[0];
  if (!period) throw new InvalidInputError(`"${runIdOrPeriod}" is geen run-id of periode; bijvoorbeeld 2026-09-concept-1 of 2026-09`);
  const at = deps.now().toISOString();
  const changed = await deps.cycles.setHold(period, { held, by: actor, at });
  if (changed) await deps.audit.audit([{ at, actor, action: held ? 'period held' : 'period unheld', detail: held ? `${period} aangehouden: geen vrijgave tot het aanhouden is opgeheven` : `${period} niet meer aangehouden` }]);
  return { period, changed };
}
