import { earlyReleaseNotice } from '../core/cycle';
import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { type Period, isPeriodOver, periodId } from '../core/periods';
import { PeriodNotOverError } from '../core/readiness';
import { parseRunId, runIdFor } from '../core/run-id';
import { type MunicipalityReview, everyMunicipalityAgreed, notAgreedNl, reviewEndFor, reviewIsOver, reviewLeftNl, validReason } from '../core/review';
import { conceptReview } from './review';
import { changesSince } from '../core/run-input';
import { RUN_STATUS_NL, dutch, timeNl } from '../core/words-nl';
import { type Day, amsterdamDay } from '../core/workdays';
import { sendNotice } from './notice';
import { requireOrganisation } from './organisation';
import type { AuditLog, CycleStore, DeliveryLedger, ReviewAnswers, RunRecord } from './ports';
import { type RunReportDeps, type RunReportRequest, type RunSummary, currentRunInput, frozenRunInput, runReport } from './run-report';
import { type CommandHint, plainCommand } from '../core/command-hint';
import { type EditionDeps, type EditionOutcome, publishAfterFinal } from './web-edition';

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
  | { readonly released: true; readonly finalRunId: string; readonly summary: RunSummary; readonly beforeReviewEnd?: EarlyRelease & { readonly reason: string }; readonly edition?: EditionOutcome }
  | { readonly released: false; readonly finalRunId: string; readonly reason: string };

export interface ReleaseDeps {
  readonly run: RunReportDeps;
  readonly log: DeliveryLedger;
  readonly cycles: CycleStore;
  readonly audit: AuditLog;
  /** How messages name a command to type next (the CLI adds the operator's --map and --door). */
  readonly command?: CommandHint;
  /** The answers to concepts (the answer page records them); absent: no release is early by agreement. */
  readonly answers?: ReviewAnswers;
  /** Where a final's web edition is published; absent where none is set up (no WEB_BUCKET). */
  readonly editions?: EditionDeps;
}

/** How a release is asked for: on which day (the cycle's; else today in Amsterdam) and whether the operator skips the rest of the review. */
export interface ReleaseOptions {
  readonly today?: Day;
  /** `--voor-einde-review --reden TEKST` (console: a confirmation with a reason): audited, and named to the beheerders. */
  readonly beforeReviewEnd?: { readonly reason: string };
}

/**
 * A concept whose review has not reached its last day and not every receiving municipality agreed
 * with: when it ends and how much is left, in Dutch, and where each municipality stands.
 */
export interface EarlyRelease {
  readonly reviewEndsOn: Day;
  readonly left: string;
  /** Per receiving municipality, when the answers are known. */
  readonly review?: readonly MunicipalityReview[];
  /** "Buren (geen reactie van: B. Bakker), Tiel (opmerking van …)": who has not agreed. */
  readonly waitingFor?: string;
}

/** A release that may go ahead: the final's id and what it is rendered from (undefined: the data in force). */
export type PreparedRelease =
  | {
      readonly ready: true;
      readonly runId: string;
      readonly finalRunId: string;
      readonly period: Period;
      readonly fromConcept: boolean;
      readonly input: RunReportRequest['input'];
      readonly early?: EarlyRelease;
      /** Before the review's last day, but every receiving municipality agreed: an ordinary release, said so. */
      readonly agreedBeforeEnd?: boolean;
    }
  | { readonly ready: false; readonly finalRunId: string; readonly reason: string };

/**
 * Releases a concept: sends the final version of its period, once, made from exactly what the
 * reviewers saw.
 * 1. check it may go (prepareRelease): nothing is sent when it may not;
 * 2. run the final from the concept's frozen input (only the CONCEPT marking differs);
 * 3. note on the final run which concept was released and by whom, and record it.
 */
export async function releaseRun(runId: string, releasedBy: string, deps: ReleaseDeps, options: ReleaseOptions = {}): Promise<ReleaseOutcome> {
  const prepared = await prepareRelease(runId, deps, options);
  if (!prepared.ready) return { released: false, finalRunId: prepared.finalRunId, reason: prepared.reason };
  const { early } = prepared;
  const reason = validReason(options.beforeReviewEnd?.reason);
  if (early && !reason) {
    throw new ReleaseRefusedError(
      `${runId} is nog in review: ${early.left}${early.waitingFor ? `; nog geen akkoord van ${early.waitingFor}` : ''}; er is niets verzonden. ` +
        'Geef het vrij vanaf de laatste reviewdag of zodra elke ontvangende gemeente akkoord gaf, ' +
        'of nu toch met --voor-einde-review --reden TEKST (dat wordt vastgelegd en aan de beheerders gemeld).',
    );
  }
  const { finalRunId } = prepared;
  const summary = await runReport({ period: prepared.period, kind: 'final', input: prepared.input }, deps.run);
  if (summary.notStarted) return { released: false, finalRunId, reason: summary.notStarted };
  if (prepared.fromConcept) {
    const releasedAt = deps.run.now().toISOString();
    await deps.log.markReleased(finalRunId, { releasedFrom: runId, releasedBy, releasedAt });
    const agreed = prepared.agreedBeforeEnd ? '; vóór het einde van de review, met akkoord van elke ontvangende gemeente' : '';
    const detail = `${runId} vrijgegeven als ${finalRunId}: ${dutch(RUN_STATUS_NL, summary.status)}${agreed}`;
    await deps.audit.audit([
      early && reason
        ? { at: releasedAt, actor: releasedBy, action: 'run released before review end', runId: finalRunId, reason, detail: `${detail}; vóór het einde van de review (${early.left}); reden: ${reason}` }
        : { at: releasedAt, actor: releasedBy, action: 'run released', runId: finalRunId, detail },
    ]);
    if (early && reason) {
      const organisation = await requireOrganisation(deps.run.store);
      const notice = earlyReleaseNotice(organisation.name, prepared.period, { conceptRunId: runId, finalRunId, by: releasedBy, left: early.left, reason, status: dutch(RUN_STATUS_NL, summary.status), review: early.review }, deps.command);
      await sendNotice(organisation, notice, `${finalRunId}.early-release`, deps);
    }
  }
  const edition = await publishAfterFinal(summary, deps.editions);
  return { released: true, finalRunId, summary, ...(early && reason ? { beforeReviewEnd: { ...early, reason } } : {}), ...(edition ? { edition } : {}) };
}

/** The concept's last review day: the cycle's record when the cycle sent it, else counted from the day it started. */
async function reviewEndOf(runId: string, run: RunRecord, period: string, deps: { cycles: Pick<CycleStore, 'get'>; run: Pick<RunReportDeps, 'store'> }): Promise<Day> {
  const record = await deps.cycles.get(period);
  if (record?.conceptRunId === runId && record.reviewEndsOn) return record.reviewEndsOn;
  const organisation = await requireOrganisation(deps.run.store);
  return reviewEndFor(amsterdamDay(new Date(run.startedAt)), organisation.calendar.reviewWorkdays);
}

/**
 * Whether a run may be released now, without sending anything (the console asks before it
 * confirms, and before it hands the release to the run function):
 * 1. the concept must exist, have been sent, and be the period's latest concept; the period must not be held;
 * 2. a final run that completed is never sent again: say so;
 * 3. compare the concept's frozen input with the data in force: any change refuses, named.
 */
export async function prepareRelease(runId: string, deps: Pick<ReleaseDeps, 'log' | 'cycles' | 'command' | 'answers'> & { run: Pick<RunReportDeps, 'store' | 'images' | 'archive' | 'now'> }, options: Pick<ReleaseOptions, 'today'> = {}): Promise<PreparedRelease> {
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
  const today = options.today ?? amsterdamDay(deps.run.now());
  const reviewEndsOn = await reviewEndOf(runId, run, period, deps);
  if (reviewIsOver(today, reviewEndsOn)) return { ready: true, runId, finalRunId, period: parsed.period, fromConcept: true, input: frozen };
  const early = await earlyRelease(runId, today, reviewEndsOn, deps);
  return { ready: true, runId, finalRunId, period: parsed.period, fromConcept: true, input: frozen, ...(early ? { early } : { agreedBeforeEnd: true }) };
}

/** Before the review's last day: what is left of it, unless every receiving municipality agreed (then it is no early release). */
async function earlyRelease(runId: string, today: Day, reviewEndsOn: Day, deps: Pick<ReleaseDeps, 'answers'> & { run: Pick<RunReportDeps, 'store'> }): Promise<EarlyRelease | undefined> {
  const review = await conceptReview(runId, deps);
  if (review && everyMunicipalityAgreed(review)) return undefined;
  return { reviewEndsOn, left: reviewLeftNl(today, reviewEndsOn), ...(review ? { review, waitingFor: notAgreedNl(review) } : {}) };
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

/** A final by hand while no concept of its period was reviewed, and no `--zonder-concept`. */
export class FinalWithoutConceptError extends InvalidInputError {}

/**
 * A final by hand (`run` without `--concept`): a final cannot be recalled, so it goes only
 * 1. after a concept of the period was reviewed (its review reached its last day), or to continue a final that began, or
 * 2. with `--zonder-concept --reden TEKST`: then it is audited with the reason, once it was sent.
 */
export async function runFinal(
  request: Omit<RunReportRequest, 'kind'>,
  actor: string,
  deps: ReleaseDeps,
  options: { withoutConcept?: { reason: string } } = {},
): Promise<RunSummary & { readonly edition?: EditionOutcome }> {
  const id = periodId(request.period);
  await requireOrganisation(deps.run.store);
  const reason = options.withoutConcept && validReason(options.withoutConcept.reason);
  if (options.withoutConcept && !reason) throw new InvalidInputError('--zonder-concept vraagt een reden: geef met --reden TEKST waarom de definitieve versie zonder concept uitgaat');
  // A period still running has no reviewed concept and no complete figures: that is the first thing to say.
  if (!isPeriodOver(request.period, deps.run.now())) throw new PeriodNotOverError(request.period);
  if (!reason && !(await conceptWasReviewed(request.period, deps))) {
    throw new FinalWithoutConceptError(
      `er is nog geen concept van ${id} gereviewd; er is niets verzonden. Een definitieve versie kan niet worden teruggehaald: ` +
        `verstuur eerst een concept met rapportbode run --periode ${id} --concept en geef het na de review vrij met rapportbode release. ` +
        'Moet de definitieve versie toch zonder concept uit, gebruik dan --zonder-concept --reden TEKST (dat wordt vastgelegd).',
    );
  }
  const summary = await runReport({ ...request, kind: 'final' }, deps.run);
  if (reason && !summary.notStarted) {
    const detail = `${summary.runId} zonder concept verstuurd: ${dutch(RUN_STATUS_NL, summary.status)}; reden: ${reason}`;
    await deps.audit.audit([{ at: deps.run.now().toISOString(), actor, action: 'final sent without concept', runId: summary.runId, reason, detail }]);
  }
  const edition = await publishAfterFinal(summary, deps.editions);
  return edition ? { ...summary, edition } : summary;
}

/**
 * Whether a concept of the period reached the reviewers and its review reached its last day. A
 * final that has begun sending (released, or an earlier run that was cut off) is continued: it was
 * decided then. A final that failed before sending anything (figures missing) decided nothing.
 */
async function conceptWasReviewed(period: Period, deps: ReleaseDeps): Promise<boolean> {
  const final = await deps.log.run(runIdFor(period, 'final'));
  if (final && (final.status !== 'failed' || (final.counts?.sent ?? 0) > 0)) return true;
  const today = amsterdamDay(deps.run.now());
  for (let n = await deps.log.latestConcept(periodId(period)); n > 0; n--) {
    const runId = runIdFor(period, 'concept', n);
    const run = await deps.log.run(runId);
    if (run && (run.status === 'completed' || run.status === 'partial') && reviewIsOver(today, await reviewEndOf(runId, run, periodId(period), deps))) return true;
  }
  return false;
}
