import { type CommandHint, plainCommand } from '../core/command-hint';
import { InvalidInputError, RapportbodeError } from '../core/errors';
import {
  DEFAULT_EVALUATION_QUESTIONS,
  EVALUATION_OPEN_DAYS,
  EVALUATION_REMINDER_WORKDAY,
  type EvaluationQuestion,
  type QuestionResult,
  addMonthsToDay,
  aggregateEvaluation,
  closesOnOf,
  evaluationMail,
  evaluationStartedNotice,
  isEvaluationInvitee,
  sameQuestions,
} from '../core/evaluation';
import type { OrganisationConfig, Recipient } from '../core/organisation';
import { linkPageUrl, linkSubject, signLink } from '../core/personal-link';
import { dayNl } from '../core/words-nl';
import { type Day, addDays, addWorkdays, amsterdamDay, endOfAmsterdamDay, isWorkday } from '../core/workdays';
import { composePlainMail, sendNotice } from './notice';
import { requireOrganisation } from './organisation';
import { type AuditLog, type DeliveryLedger, type EvaluationRecord, type EvaluationStore, type Mailer, type OrganisationReader, SendOutcomeUnknownError } from './ports';
import { messageIdFor } from './send-message';

/**
 * The six-month evaluation (issue 27 item 5, seed 000): every AB-lid and gbo-lid gets one mail
 * with a personal link to a short questionnaire, the silent one reminder, and the operators see
 * aggregates only (core/evaluation.ts). Each mail is claimed before it is sent, so a second start
 * or cycle sends nothing twice.
 */
export interface EvaluationDeps {
  readonly store: OrganisationReader;
  readonly evaluations: EvaluationStore;
  /** Where a new evaluation is recorded with who started it (the Logboek). */
  readonly audit: AuditLog;
  readonly mailer: Mailer;
  /** The link key, fetched only when a link is made (the Secrets Manager secret in AWS). */
  readonly key: () => Promise<Uint8Array>;
  /** Where the link pages live (config LINK_PAGES_URL). */
  readonly linkPagesUrl: string;
  readonly now: () => Date;
  readonly command?: CommandHint;
}

/** The cycle also reads when the first final report went out. */
export interface EvaluationCycleDeps extends EvaluationDeps {
  readonly log: Pick<DeliveryLedger, 'runs'>;
}

/** What a start or a reminder round did. */
export interface MailRound {
  /** Sent by this call. */
  readonly sent: number;
  /** Claimed by an earlier call: not sent again. */
  readonly already: number;
  /** Not sent (SES refused it): given back, so a later start sends it. */
  readonly failed: readonly { readonly email: string; readonly reason: string }[];
  /** SES may have sent it: kept, never sent again automatically. */
  readonly unknown: readonly { readonly email: string; readonly reason: string }[];
}

export interface EvaluationStart extends MailRound {
  readonly evaluation: EvaluationRecord;
  /** An evaluation was open already: it was continued, not started again. */
  readonly resumed: boolean;
}

const INVITATION = 'uitnodiging';
const REMINDER = 'herinnering';

/**
 * `evaluation start`: the open evaluation continued, or a new one.
 * 1. an evaluation still open is continued (other questions for it are refused: some already answered);
 * 2. otherwise one is recorded (`evaluatie-<day>`), with the given questions, the file's, or the default five
 *    (not when there is nobody to invite);
 * 3. every AB-lid and gbo-lid of a receiving municipality, once per address, gets an invitation not claimed before.
 */
export async function startEvaluation(request: { by: string; questions?: readonly EvaluationQuestion[]; today?: Day }, deps: EvaluationDeps): Promise<EvaluationStart> {
  const organisation = await requireOrganisation(deps.store);
  const open = await openEvaluation(deps);
  if (open && request.questions && !sameQuestions(open.questions, request.questions)) {
    throw new InvalidInputError(`de evaluatie ${open.id} loopt nog tot en met ${closesOnOf(open)}, met andere vragen; die kunnen niet meer wijzigen, want er kan al op geantwoord zijn. Start zonder --vragen om haar voort te zetten.`);
  }
  const people = await invitees(organisation, deps);
  if (!open && people.length === 0) throw new InvalidInputError('er staat geen AB-lid of gbo-lid van een gemeente die het rapport ontvangt op de lijst; er is geen evaluatie gestart. Voeg ze toe met recipients add --rol ab-lid of --rol gbo-lid.');
  const evaluation = open ?? (await createEvaluation(organisation, request, deps));
  const round = await sendRound(evaluation, INVITATION, people, organisation, deps);
  return { evaluation, resumed: open !== undefined, ...round };
}

async function createEvaluation(organisation: OrganisationConfig, request: { by: string; questions?: readonly EvaluationQuestion[]; today?: Day }, deps: EvaluationDeps): Promise<EvaluationRecord> {
  const now = deps.now();
  const startedOn = request.today ?? amsterdamDay(now);
  const record: EvaluationRecord = {
    id: `evaluatie-${startedOn}`,
    questions: request.questions ?? organisation.evaluation?.questions ?? DEFAULT_EVALUATION_QUESTIONS,
    startedAt: now.toISOString(),
    startedBy: request.by,
    closesAt: endOfAmsterdamDay(addDays(startedOn, EVALUATION_OPEN_DAYS)).toISOString(),
    remindOn: addWorkdays(startedOn, EVALUATION_REMINDER_WORKDAY),
  };
  // Two starts at once: one record between them, both send under its claims.
  if (await deps.evaluations.createEvaluation(record)) {
    await deps.audit.audit([{ at: record.startedAt, actor: request.by, action: 'evaluation started', detail: `${record.id}: ${record.questions.length} vragen aan de AB-leden en gbo-leden, open tot en met ${dayNl(closesOnOf(record))}` }], record.id);
    return record;
  }
  return (await deps.evaluations.evaluation(record.id)) ?? record;
}

/** The latest evaluation whose links still work. */
export async function openEvaluation(deps: Pick<EvaluationDeps, 'evaluations' | 'now'>): Promise<EvaluationRecord | undefined> {
  const latest = (await deps.evaluations.evaluations()).at(-1);
  return latest && Date.parse(latest.closesAt) > deps.now().getTime() ? latest : undefined;
}

/** Every AB-lid and gbo-lid of a municipality that receives the report, once per address, blocked addresses left out. */
async function invitees(organisation: OrganisationConfig, deps: EvaluationDeps): Promise<Recipient[]> {
  const receiving = new Set(organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name));
  const blocked = new Set((await deps.store.blockedAddresses()).map((b) => b.email.toLowerCase()));
  const byAddress = new Map<string, Recipient>();
  for (const r of await deps.store.recipients()) {
    const address = r.email.toLowerCase();
    const invited = isEvaluationInvitee(r) && r.municipality !== null && receiving.has(r.municipality);
    if (invited && !blocked.has(address) && !byAddress.has(address)) byAddress.set(address, r);
  }
  return [...byAddress.values()];
}

/** One mail of `kind` to each person not claimed for it before: composed, paced, claimed, sent. */
async function sendRound(evaluation: EvaluationRecord, kind: typeof INVITATION | typeof REMINDER, people: readonly Recipient[], organisation: OrganisationConfig, deps: EvaluationDeps): Promise<MailRound> {
  const claimed = new Set(await deps.evaluations.claims(evaluation.id));
  const key = await deps.key();
  let sent = 0;
  let already = 0;
  const failed: { email: string; reason: string }[] = [];
  const unknown: { email: string; reason: string }[] = [];
  for (const person of people) {
    const subject = linkSubject(person.email);
    const what = `${kind}#${subject}`;
    if (claimed.has(what)) {
      already++;
      continue;
    }
    const token = signLink(key, { purpose: 'evaluatie', subject, scope: evaluation.id, expiresAt: Math.floor(Date.parse(evaluation.closesAt) / 1000) });
    const mail = evaluationMail(kind, {
      organisation: organisation.name,
      name: person.name,
      link: linkPageUrl(deps.linkPagesUrl, 'evaluatie', token),
      closesOn: closesOnOf(evaluation),
      questions: evaluation.questions.length,
      contact: organisation.contact,
    });
    const raw = await composePlainMail(deps.mailer, organisation, [person.email], mail, messageIdFor(evaluation.id, kind, subject));
    if (!(await deps.evaluations.claim(evaluation.id, what, deps.now().toISOString()))) {
      already++;
      continue;
    }
    try {
      await deps.mailer.send(raw);
      sent++;
    } catch (error) {
      if (error instanceof SendOutcomeUnknownError) unknown.push({ email: person.email, reason: error.message });
      else if (error instanceof RapportbodeError) {
        await deps.evaluations.unclaim(evaluation.id, what);
        failed.push({ email: person.email, reason: error.message });
      } else throw error;
    }
  }
  return { sent, already, failed, unknown };
}

/** The one reminder to each invited AB-lid and gbo-lid still on the list who has not answered. */
export async function remindEvaluation(evaluation: EvaluationRecord, deps: EvaluationDeps): Promise<MailRound> {
  const organisation = await requireOrganisation(deps.store);
  const claims = new Set(await deps.evaluations.claims(evaluation.id));
  const answered = new Set((await deps.evaluations.responses(evaluation.id)).map((r) => r.subject));
  const silent = (await invitees(organisation, deps)).filter((r) => {
    const subject = linkSubject(r.email);
    return claims.has(`${INVITATION}#${subject}`) && !answered.has(subject);
  });
  return sendRound(evaluation, REMINDER, silent, organisation, deps);
}

/**
 * The cycle's part, on a working day:
 * 1. planned (`evaluatie: na_maanden: N`) and none ever started: from N months after the first
 *    final report, the evaluation starts, and the beheerders are told (claimed: once);
 * 2. an open evaluation on or after its reminder day: the one reminder to the silent.
 * Returns what it did, in Dutch lines (none when there was nothing to do).
 */
export async function advanceEvaluation(today: Day, deps: EvaluationCycleDeps): Promise<string[]> {
  if (!isWorkday(today)) return [];
  const organisation = await requireOrganisation(deps.store);
  const lines: string[] = [];
  const afterMonths = organisation.evaluation?.afterMonths;
  if (afterMonths !== undefined && (await deps.evaluations.evaluations()).length === 0) {
    const due = await plannedDay(afterMonths, deps);
    if (due !== undefined && today >= due) lines.push(...(await startPlanned(today, afterMonths, organisation, deps)));
  }
  const open = await openEvaluation(deps);
  if (open && today >= open.remindOn && today <= closesOnOf(open)) {
    const round = await remindEvaluation(open, deps);
    if (round.sent > 0 || round.failed.length > 0) lines.push(`${open.id}: ${round.sent} herinneringen verstuurd aan wie nog niet antwoordde${problems(round)}`);
  }
  return lines;
}

async function startPlanned(today: Day, afterMonths: number, organisation: OrganisationConfig, deps: EvaluationCycleDeps): Promise<string[]> {
  const started = await startEvaluation({ by: 'cycle (gepland in het organisatiebestand)', today }, deps);
  const { evaluation } = started;
  if (await deps.evaluations.claim(evaluation.id, 'melding#gestart', deps.now().toISOString())) {
    const notice = evaluationStartedNotice(organisation.name, { id: evaluation.id, afterMonths, sent: started.sent + started.already, closesOn: closesOnOf(evaluation), remindOn: evaluation.remindOn }, deps.command ?? plainCommand);
    await sendNotice(organisation, notice, `${evaluation.id}.gestart`, { run: { mailer: deps.mailer } });
  }
  return [`${evaluation.id} gestart (gepland: ${afterMonths} maanden na het eerste definitieve rapport): ${started.sent} uitnodigingen verstuurd${problems(started)}; de beheerders zijn ingelicht`];
}

/** The day the planned evaluation is due: `months` after the first final report went out; undefined before any. */
async function plannedDay(months: number, deps: EvaluationCycleDeps): Promise<Day | undefined> {
  const finals = (await deps.log.runs()).filter((r) => r.kind === 'final' && r.status === 'completed');
  const first = finals.map((r) => r.finishedAt ?? r.startedAt).sort()[0];
  return first === undefined ? undefined : addMonthsToDay(amsterdamDay(new Date(first)), months);
}

function problems(round: MailRound): string {
  const parts = [...(round.failed.length > 0 ? [`${round.failed.length} niet verstuurd`] : []), ...(round.unknown.length > 0 ? [`${round.unknown.length} onzeker`] : [])];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

// ─── Results ────────────────────────────────────────────────────────────────────────────────

export interface EvaluationResults {
  readonly evaluation: EvaluationRecord;
  readonly invited: number;
  readonly responded: number;
  readonly questions: readonly QuestionResult[];
}

/** `evaluation results`: the latest evaluation's aggregates (core/evaluation.ts aggregateEvaluation); nothing per person. */
export async function evaluationResults(deps: Pick<EvaluationDeps, 'evaluations' | 'command'>): Promise<EvaluationResults> {
  const evaluation = (await deps.evaluations.evaluations()).at(-1);
  if (!evaluation) throw new InvalidInputError(`er is nog geen evaluatie gestart; start er een met ${(deps.command ?? plainCommand)('evaluation start')}`);
  const [claims, responses] = await Promise.all([deps.evaluations.claims(evaluation.id), deps.evaluations.responses(evaluation.id)]);
  return {
    evaluation,
    invited: claims.filter((c) => c.startsWith(`${INVITATION}#`)).length,
    responded: responses.length,
    questions: aggregateEvaluation(evaluation.questions, responses.map((r) => r.answers)),
  };
}
