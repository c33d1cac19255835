import { type CycleState, answerReminder, conceptNotice, dataDeadline, decideCycleStep, gapsNotice, releasedNotice, remarkStopsReleaseNotice, reminderNotice } from '../core/cycle';
import { linkSubject } from '../core/personal-link';
import { formatMailbox } from '../core/recipient-validation';
import { type MunicipalityReview, answerLinkExpiry, reminderDayFor } from '../core/review';
import { answerUrl } from './answers';
import { conceptReview } from './review';
import type { OrganisationConfig } from '../core/organisation';
import { catalogueOf } from '../core/organisation';
import { type Period, lastCompletePeriod, parsePeriod, periodId, periodLabelNl } from '../core/periods';
import { type MissingFigure, missingFigures } from '../core/readiness';
import { runIdFor } from '../core/run-id';
import { changesSince } from '../core/run-input';
import { RUN_STATUS_NL, countNl, dayNl, dutch } from '../core/words-nl';
import { type Day, addWorkdays, amsterdamDay, isWorkday } from '../core/workdays';
import { requireOrganisation } from './organisation';
import type { CycleRecord, CycleStore, DeliveryLedger, ReviewAnswers } from './ports';
import { type ReleaseDeps, releaseRun, runConcept } from './release';
import { sendClaimed, sendNotice } from './notice';
import { type LoadedRunInput, type RunReportDeps, currentRunInput, frozenRunInput } from './run-report';
import { plainCommand } from '../core/command-hint';
import { type EvaluationCycleDeps, advanceEvaluation } from './evaluation';
import { blockingGaps, lateMunicipalities, lateMunicipalityLines, reminderDue } from '../core/municipal-delivery';
import { type UploadLinks, requestDeliveries } from './delivery-requests';

/** What the cycle step did for one period, and where the period stands. */
export interface CycleStep {
  readonly period: string;
  readonly periodLabel: string;
  /** `evaluatie`: the step of the evaluation (usecases/evaluation.ts), after the periods'. */
  readonly state: CycleState | 'evaluatie';
  /** Dutch lines: what was sent, or why nothing was. */
  readonly actions: readonly string[];
}

/** A period as `cycle status` shows it. */
export interface CycleStatus {
  readonly period: string;
  readonly periodLabel: string;
  readonly state: CycleState;
  readonly dataDeadline: Day;
  readonly conceptRunId?: string;
  readonly conceptSentOn?: Day;
  readonly reviewEndsOn?: Day;
  readonly releasedAt?: string;
  readonly releasedBy?: string;
  readonly heldBy?: string;
  readonly gaps: readonly MissingFigure[];
  /** While a concept is under review: where each receiving municipality stands (when the answers are known). */
  readonly review?: readonly MunicipalityReview[];
  /** Municipalities that have not delivered their own figures (`bron: gemeente`), with how many values. */
  readonly lateMunicipalities: readonly { readonly municipality: string; readonly missing: number }[];
}

/** What reading a period's state needs: no printer, no mailer (the console's API function has neither). */
export interface CycleStatusDeps {
  readonly run: Pick<RunReportDeps, 'store' | 'images' | 'now'>;
  readonly log: Pick<DeliveryLedger, 'run' | 'latestConcept'>;
  readonly cycles: Pick<CycleStore, 'get' | 'list'>;
  /** The answers to concepts; absent: the status says nothing of them. */
  readonly answers?: ReviewAnswers;
}

/** A release's dependencies, and the evaluation's where it is wired (the CLI, the scheduled function). */
export interface CycleDeps extends ReleaseDeps {
  readonly evaluation?: EvaluationCycleDeps;
  /** The municipalities' upload links (issue 29): without them no request or reminder goes out. */
  readonly uploadLinks?: UploadLinks;
}

/**
 * The daily cycle step, for every open period (the last complete one, and any earlier one not
 * yet released), as of `today`:
 * 1. released or held: nothing to do;
 * 2. figures incomplete: from the data deadline on, at most one notice a working day to the
 *    beheerders naming the gaps — a state, not an error;
 * 3. complete and no concept with the reviewers (or the data changed since it): the concept to
 *    the reviewers, and a notice to the beheerders;
 * 4. review days over: the final from the concept's frozen input (`automatisch`, unless held),
 *    or one reminder to the beheerders (`handmatig`).
 * Then the evaluation: the planned one started, or its one reminder sent (usecases/evaluation.ts).
 * Idempotent: a second step on the same day finds every notice claimed and every run settled.
 */
export async function advanceCycle(today: Day, deps: CycleDeps): Promise<CycleStep[]> {
  const organisation = await requireOrganisation(deps.run.store);
  const steps: CycleStep[] = [];
  for (const period of await openPeriods(today, organisation, deps)) {
    steps.push(await advancePeriod(period, today, organisation, deps));
  }
  const evaluation = deps.evaluation ? await advanceEvaluation(today, deps.evaluation) : [];
  if (evaluation.length > 0) steps.push({ period: 'evaluatie', periodLabel: 'Evaluatie van de rapportage', state: 'evaluatie', actions: evaluation });
  return steps;
}

type CycleStepDeps = ReleaseDeps & { readonly uploadLinks?: UploadLinks };

/**
 * Where a period stands today and what the cycle decides for it; on the way the municipalities'
 * own figures are asked for, reminded of, and after the last reminder perhaps gone on without.
 */
async function periodToday(period: Period, today: Day, organisation: OrganisationConfig, deps: CycleStepDeps) {
  const id = periodId(period);
  const [record, final] = await Promise.all([deps.cycles.get(id), deps.log.run(runIdFor(period, 'final'))]);
  const released = final?.status === 'completed';
  const current = released || record?.held ? undefined : await currentRunInput(period, deps.run, deps.run.now());
  const allMissing = current ? gaps(period, current) : [];
  const delivered = current ? await requestDeliveries(period, today, organisation, allMissing, deps) : [];
  const missing = blockingGaps(allMissing, organisation, period, today);
  const concept = current && missing.length === 0 ? await conceptUnderReview(period, record, deps) : undefined;
  const changes = concept && current ? changesSince((await frozenRunInput(concept.runId, deps.run.archive)).input, current.input) : [];
  const review = concept ? await conceptReview(concept.runId, deps) : undefined;
  const reminderOn = concept ? reminderDayFor(concept.sentOn, organisation.calendar) : undefined;
  const deadline = dataDeadline(period, organisation.calendar);
  const decision = decideCycleStep({
    today,
    workday: isWorkday(today),
    dataDeadline: deadline,
    released,
    held: record?.held ?? false,
    gaps: missing.length,
    concept,
    changedSinceConcept: changes.length > 0,
    release: organisation.calendar.release,
    reminderDue: reminderOn !== undefined && today >= reminderOn,
    remarked: review?.some((m) => m.state === 'opmerking') ?? false,
  });
  return { id, record, allMissing, delivered, missing, concept, changes, review, deadline, decision };
}

async function advancePeriod(period: Period, today: Day, organisation: OrganisationConfig, deps: CycleStepDeps): Promise<CycleStep> {
  const { id, record, allMissing, delivered, missing, concept, changes, review, deadline, decision } = await periodToday(period, today, organisation, deps);
  const step = (state: CycleState, ...actions: string[]): CycleStep => ({ period: id, periodLabel: periodLabelNl(period), state, actions: [...delivered, ...actions] });
  switch (decision.action) {
    case 'none':
      if (decision.state === 'aangehouden') return step(decision.state, `aangehouden door ${record?.heldBy}; er gaat niets uit tot de periode weer wordt vrijgegeven`);
      if (decision.state === 'vrijgegeven') return step(decision.state);
      if (decision.state === 'wacht op gegevens') {
        const count = countNl(missing.length, 'waarde ontbreekt', 'waarden ontbreken');
        return step(decision.state, decision.why === 'before deadline' ? `${count}; de termijn is ${dayNl(deadline)}` : `${count}; geen melding op een dag die geen werkdag is`);
      }
      return step(decision.state, inReview(concept));
    case 'notice gaps': {
      const count = countNl(missing.length, 'waarde ontbreekt', 'waarden ontbreken');
      if (!(await deps.cycles.claimNotice(id, 'gaps', today))) return step(decision.state, `${count}; de melding van vandaag is al verstuurd`);
      const notice = gapsNotice(organisation.name, period, deadline, missing, deps.command);
      const late = lateMunicipalityLines(lateMunicipalities(allMissing, organisation), reminderDue(period, organisation, today), false);
      await sendNotice(organisation, { ...notice, text: [notice.text, ...late].join('\n') }, `${id}.gaps.${today}`, deps);
      return step(decision.state, `${count}; melding aan de beheerders (${organisation.administrators.join(', ')})`);
    }
    case 'send concept': {
      // Gaps left here are a municipality's own figures the organisation goes on without.
      const without = lateMunicipalityLines(lateMunicipalities(allMissing, organisation), undefined, true);
      return step(decision.state, ...(await sendConcept(period, today, organisation, changes, deps, without)));
    }
    case 'release': {
      const runId = concept?.runId as string;
      const outcome = await releaseRun(runId, 'cycle (automatisch na de review)', deps, { today });
      if (!outcome.released) return step(decision.state, outcome.reason);
      await sendNotice(organisation, releasedNotice(organisation.name, period, outcome.finalRunId, dutch(RUN_STATUS_NL, outcome.summary.status), deps.command, review), `${id}.released`, deps);
      return step(outcome.summary.status === 'completed' ? 'vrijgegeven' : decision.state, `${runId} vrijgegeven als ${outcome.finalRunId}: ${dutch(RUN_STATUS_NL, outcome.summary.status)}`);
    }
    case 'remind': {
      const { runId, reviewEndsOn } = concept as { runId: string; reviewEndsOn: Day };
      if (!(await deps.cycles.claimNotice(id, 'reminder', runId))) return step(decision.state, `review voorbij; ${runId} wacht op vrijgave (herinnering al verstuurd)`);
      await sendNotice(organisation, reminderNotice(organisation.name, period, runId, reviewEndsOn, deps.command, review), `${id}.reminder.${runId}`, deps);
      return step(decision.state, `review voorbij: herinnering aan de beheerders om ${runId} vrij te geven`);
    }
    case 'remind silent': {
      const reminded = await remindSilent(period, concept as ConceptUnderReview, organisation, deps);
      return step(decision.state, inReview(concept), ...(reminded.length > 0 ? [`herinnering aan wie nog niet reageerde: ${reminded.join(', ')}`] : []));
    }
    case 'stopped by remark':
      return step(decision.state, await tellRemark(period, (concept as ConceptUnderReview).runId, review ?? [], organisation, deps));
  }
}

/** The periods the cycle looks after: the last complete one, and earlier ones it began and did not finish. */
async function openPeriods(today: Day, organisation: OrganisationConfig, deps: CycleStatusDeps): Promise<Period[]> {
  const last = lastCompletePeriod(new Date(`${today}T12:00:00Z`), organisation.periodLength);
  const begun = (await deps.cycles.list()).map((r) => r.period).filter((p) => p < periodId(last));
  const periods = [...begun.flatMap((p) => safePeriod(p, organisation)), last];
  return periods;
}

/** A period recorded under an earlier rhythm is not the cycle's any more. */
function safePeriod(text: string, organisation: OrganisationConfig): Period[] {
  try {
    return [parsePeriod(text, organisation.periodLength)];
  } catch {
    return [];
  }
}

function gaps(period: Period, current: LoadedRunInput): MissingFigure[] {
  const { organisation, figures } = current.input;
  return missingFigures({ period, municipalities: organisation.config.municipalities.map((m) => m.name), catalogue: catalogueOf(organisation), figures });
}

interface ConceptUnderReview {
  readonly runId: string;
  readonly sentOn: Day;
  readonly reviewEndsOn: Day;
}

/** The concept with the reviewers: the latest one recorded that reached them. */
async function conceptUnderReview(period: Period, record: CycleRecord | undefined, deps: CycleStatusDeps): Promise<ConceptUnderReview | undefined> {
  if (!record?.conceptRunId || !record.reviewEndsOn) return undefined;
  const run = await deps.log.run(record.conceptRunId);
  if (run?.status !== 'completed' && run?.status !== 'partial') return undefined;
  const latest = runIdFor(period, 'concept', await deps.log.latestConcept(periodId(period)));
  const sentOn = record.conceptSentOn ?? amsterdamDay(new Date(run.startedAt));
  return latest === record.conceptRunId ? { runId: record.conceptRunId, sentOn, reviewEndsOn: record.reviewEndsOn } : undefined;
}

/** `vrijgeven: automatisch` and an Opmerking: no final; the beheerders are told once per concept. */
async function tellRemark(period: Period, runId: string, review: readonly MunicipalityReview[], organisation: OrganisationConfig, deps: ReleaseDeps): Promise<string> {
  const waiting = `review voorbij, maar er is een opmerking: ${runId} gaat niet automatisch uit en wacht op de beheerders`;
  if (!(await deps.cycles.claimNotice(periodId(period), 'remark', runId))) return `${waiting} (melding al verstuurd)`;
  await sendNotice(organisation, remarkStopsReleaseNotice(organisation.name, period, runId, review, deps.command), `${periodId(period)}.remark.${runId}`, deps);
  return `${waiting}; melding aan de beheerders`;
}

function inReview(concept: ConceptUnderReview | undefined): string {
  return `${concept?.runId} is bij de reviewers tot en met ${dayNl(concept?.reviewEndsOn)}`;
}

/**
 * The one reminder to each gbo-lid the concept reached who has not answered it, with their own
 * answer link again. Each person's reminder is claimed before it is sent, so a
 * second cycle step (that day or later) sends none. Returns the names of those reminded now.
 */
async function remindSilent(period: Period, concept: ConceptUnderReview, organisation: OrganisationConfig, deps: ReleaseDeps): Promise<string[]> {
  if (!deps.answers) return [];
  const [recipients, answers, deliveries, blocked] = await Promise.all([
    deps.run.store.recipients(),
    deps.answers.answersFor(concept.runId),
    deps.run.runs.deliveries(concept.runId),
    deps.run.store.blockedAddresses(),
  ]);
  // Only whom the concept reached (a gbo-lid added later never got it), and no address that bounced or complained.
  const reached = (email: string, municipality: string) => deliveries.some((d) => d.status === 'sent' && d.municipality === municipality && d.to.includes(email));
  const silent = recipients.filter(
    (r) =>
      r.role === 'gbo-lid' &&
      r.municipality !== null &&
      reached(r.email, r.municipality) &&
      !blocked.some((b) => b.email === r.email) &&
      !answers.some((a) => a.municipality === r.municipality && a.subject === linkSubject(r.email)),
  );
  const links = deps.run.answerLinks;
  const key = silent.length > 0 && links ? await links.key() : undefined;
  const reminded: string[] = [];
  for (const person of silent) {
    const subject = linkSubject(person.email);
    const claim = { period: periodId(period), kind: `answer-reminder-${subject}`, about: concept.runId };
    if (!(await deps.cycles.claimNotice(claim.period, claim.kind, claim.about))) continue;
    const municipality = person.municipality as string;
    const link = links && key ? answerUrl(links.baseUrl, key, { email: person.email, conceptRunId: concept.runId, municipality, expiresAt: answerLinkExpiry(concept.reviewEndsOn) }) : undefined;
    const mail = answerReminder(organisation, period, { name: person.name, municipality, sentOn: concept.sentOn, reviewEndsOn: concept.reviewEndsOn, ...(link ? { link } : {}) });
    await sendClaimed(deps.cycles, claim, () => sendNotice(organisation, mail, `${concept.runId}.herinnering.${subject}`, deps, [formatMailbox(person.name, person.email)]));
    reminded.push(`${person.name} (${municipality})`);
  }
  return reminded;
}

async function sendConcept(period: Period, today: Day, organisation: OrganisationConfig, changes: readonly string[], deps: ReleaseDeps, withoutMunicipal: readonly string[] = []): Promise<string[]> {
  const reviewEndsOn = addWorkdays(today, organisation.calendar.reviewWorkdays);
  const summary = await runConcept({ period, reviewEndsOn, ...(withoutMunicipal.length > 0 ? { allowIncomplete: true } : {}) }, deps.run, deps.log);
  if (summary.notStarted) return [summary.notStarted];
  const reached = summary.status === 'completed' || summary.status === 'partial';
  if (!reached) return [`concept ${summary.runId} mislukt: ${summary.problems.join('; ') || `zie ${(deps.command ?? plainCommand)('deliveries')}`}`];
  await deps.cycles.recordConcept(periodId(period), { runId: summary.runId, sentOn: today, reviewEndsOn });
  const mails = summary.deliveries.filter((d) => d.status === 'sent' || d.status === 'already sent').length;
  if (await deps.cycles.claimNotice(periodId(period), 'concept', summary.runId)) {
    const reminderOn = reminderDayFor(today, organisation.calendar);
    const facts = { runId: summary.runId, mails, reviewEndsOn, release: organisation.calendar.release, changes, ...(reminderOn ? { reminderOn } : {}) };
    const notice = conceptNotice(organisation.name, period, facts, deps.command);
    await sendNotice(organisation, { ...notice, text: [notice.text, ...withoutMunicipal].join('\n') }, `${periodId(period)}.concept.${summary.runId}`, deps);
  }
  return [
    `${summary.runId} naar de reviewers (${countNl(mails, 'mail', 'mails')}); review tot en met ${dayNl(reviewEndsOn)}`,
    ...(changes.length > 0 ? [`nieuw concept, want gewijzigd: ${changes.join('; ')}`] : []),
    ...summary.problems.map((p) => `probleem: ${p}`),
  ];
}

/** Every open period and every period with a cycle record, as `cycle status` shows them. */
export async function cycleStatus(today: Day, deps: CycleStatusDeps): Promise<CycleStatus[]> {
  const organisation = await requireOrganisation(deps.run.store);
  const records = new Map((await deps.cycles.list()).map((r) => [r.period, r]));
  const periods = [...new Set([...records.keys(), ...(await openPeriods(today, organisation, deps)).map(periodId)])].sort().flatMap((p) => safePeriod(p, organisation));
  return Promise.all(
    periods.map(async (period): Promise<CycleStatus> => {
      const id = periodId(period);
      const record = records.get(id);
      const final = await deps.log.run(runIdFor(period, 'final'));
      const released = final?.status === 'completed';
      const missing = released ? [] : gaps(period, await currentRunInput(period, deps.run, deps.run.now()));
      const concept = await conceptUnderReview(period, record, deps);
      const blocking = blockingGaps(missing, organisation, period, today);
      const state: CycleState = released ? 'vrijgegeven' : record?.held ? 'aangehouden' : blocking.length > 0 || !concept ? 'wacht op gegevens' : 'concept verstuurd';
      return {
        period: id,
        periodLabel: periodLabelNl(period),
        state,
        dataDeadline: dataDeadline(period, organisation.calendar),
        ...(record?.conceptRunId ? { conceptRunId: record.conceptRunId, conceptSentOn: record.conceptSentOn, reviewEndsOn: record.reviewEndsOn } : {}),
        ...(released ? { releasedAt: final?.finishedAt, releasedBy: final?.releasedBy ?? 'run-opdracht' } : {}),
        ...(record?.held ? { heldBy: record.heldBy } : {}),
        gaps: missing,
        ...(state === 'concept verstuurd' && concept ? await reviewOf(concept.runId, deps) : {}),
        lateMunicipalities: lateMunicipalities(missing, organisation).map((l) => ({ municipality: l.municipality, missing: l.missing.length })),
      };
    }),
  );
}

async function reviewOf(runId: string, deps: CycleStatusDeps): Promise<Pick<CycleStatus, 'review'>> {
  const review = await conceptReview(runId, deps);
  return review ? { review } : {};
}
