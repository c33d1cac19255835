import { z } from 'zod';
import { archiveKeys } from '../core/archive-keys';
import { DataMissingError, InvalidInputError } from '../core/errors';
import { DEFAULT_PUBLICATION, type Recipient, type RecipientRole } from '../core/organisation';
import { EmailSchema } from '../core/recipient-validation';
import type { OrganisationPart } from '../core/report-model';
import { runIdParts } from '../core/run-id';
import { SEND_STATUS_NL, dayNl, dutch } from '../core/words-nl';
import { originalRoles } from './deliveries';
import type { Archive, AuditLog, DeliveryKey, DeliveryLedger, DeliveryRecord, MailAddress, Mailer, OrganisationReader, ReadingAddress, ReadingLinks, Renderer, RunEntries } from './ports';
import { answerUrl } from './answers';
import { requireOrganisation } from './organisation';
import type { AnswerLinkSettings } from './run-report';
import { answerLinkExpiry, mayAnswerConcept, reviewEndFor } from '../core/review';
import { amsterdamDay } from '../core/workdays';
import { type MessageClaim, type SendStatus, messageIdFor, reportAttachmentName, sendMessage } from './send-message';
import { type CommandHint, plainCommand } from '../core/command-hint';

export interface ResendDeps {
  readonly log: DeliveryLedger;
  readonly store: OrganisationReader;
  readonly recipientStore: AuditLog;
  readonly archive: Archive;
  readonly renderer: Renderer;
  readonly mailer: Mailer;
  readonly now: () => Date;
  /** How messages name a command to type next (the CLI adds the operator's --map and --door). */
  readonly command?: CommandHint;
  /** A re-sent final's "Lees deze rapportage online", made for the addresses it goes to now. */
  readonly readingLinks?: ReadingLinks;
  /** A concept sent again to one reviewer or gbo-lid carries their answer link again (as the run's mail did). */
  readonly answerLinks?: AnswerLinkSettings;
}

export interface ResendRequest {
  readonly runId: string;
  /** Only this municipality's message(s). */
  readonly municipality?: string;
  /** Only this address; one not on the recipient list is allowed here only, and logged as such. */
  readonly to?: string;
  /**
   * Only what did not arrive: each message SES refused (failed) whole, and each address whose
   * latest delivery of this run bounced or was rejected. A complaint, a message whose outcome is
   * unknown and an address a later re-send reached are left out.
   */
  readonly onlyFailed?: boolean;
  /** Makes the request idempotent: a retry with the same id sends nothing twice. */
  readonly requestId: string;
  readonly requestedBy: string;
}

export interface ResendMessage {
  readonly municipality: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly offList: readonly string[];
  readonly status: SendStatus;
  readonly sesMessageId?: string;
  readonly reason?: string;
}

export interface ResendSummary {
  readonly runId: string;
  readonly requestId: string;
  readonly messages: readonly ResendMessage[];
  /** Addresses left out because they bounced or complained, and messages left with no To. */
  readonly warnings: readonly string[];
}

interface Target {
  readonly original: DeliveryRecord;
  readonly to: string[];
  readonly cc: string[];
  readonly roles: Record<string, RecipientRole | 'extern'>;
  readonly offList: string[];
}

/**
 * Sends an archived report again, unchanged: the PDF is read from the archive and attached as it
 * is, never rendered again.
 * 1. find the run and the messages it sent (its ledger);
 * 2. choose: all of them, one municipality's, or one address (which gets the PDF of each
 *    municipality it received, or — off the list — of the municipality named with it);
 * 3. leave out blocked addresses (hard bounce, complaint);
 * 4. per message: claim a new delivery record linked to the run, archive the raw mail, send, record.
 */
export async function resendReport(request: ResendRequest, deps: ResendDeps): Promise<ResendSummary> {
  runIdParts(request.runId);
  const run = await deps.log.run(request.runId);
  if (!run) throw new DataMissingError(`er is geen run ${request.runId}; zie ${(deps.command ?? plainCommand)('runs')}`);
  const entries = await deps.log.entries(request.runId);
  const { ledger } = entries;
  if (ledger.length === 0) throw new DataMissingError(`run ${request.runId} heeft geen mail verstuurd, dus er is niets opnieuw te versturen`);
  if (request.to && request.onlyFailed) throw new InvalidInputError('kies één adres of alleen wat niet aankwam, niet allebei');
  const [listed, blocked] = await Promise.all([deps.store.recipients(), deps.store.blockedAddresses()]);

  if (run.kind === 'concept' && request.to) conceptOnlyToReviewers(EmailSchema.parse(request.to), ledger, listed, request.runId, deps.command);
  const municipality = request.municipality ? municipalityOfRun(request.municipality, ledger, request.runId) : undefined;
  const candidates = ledger.filter((d) => !municipality || d.municipality === municipality);
  const warnings: string[] = [];
  const targets = request.to
    ? targetsForAddress(EmailSchema.parse(request.to), candidates, listed, run.kind, municipality, request.runId)
    : request.onlyFailed
      ? failedTargets(candidates, entries, run.kind, warnings)
      : candidates.map((d) => ({ original: d, to: [...d.to], cc: [...d.cc], roles: originalRoles(d, run.kind), offList: [] }));

  const blockedEmails = new Map(blocked.map((b) => [b.email, b]));
  const sendable: Target[] = [];
  for (const target of targets) {
    for (const email of [...target.to, ...target.cc].filter((e) => blockedEmails.has(e))) {
      const block = blockedEmails.get(email);
      warnings.push(`${email} overgeslagen: ${dutch(SEND_STATUS_NL, block?.reason ?? '')} op ${dayNl(block?.since.slice(0, 10))} (${block?.detail}); hef dat eerst op met ${(deps.command ?? plainCommand)(`recipients clear-bounce --email ${email}`)}`);
    }
    const to = target.to.filter((e) => !blockedEmails.has(e));
    const cc = target.cc.filter((e) => !blockedEmails.has(e));
    if (to.length === 0) {
      if (cc.length > 0) warnings.push(`${target.original.municipality}: geen adres meer voor Aan, dus geen mail met alleen Cc verstuurd`);
      continue;
    }
    sendable.push({ ...target, to, cc });
  }

  const archived = sendable.length > 0 ? await archivedRun(request.runId, deps.archive) : undefined;
  const answerFor = run.kind === 'concept' && sendable.length > 0 ? await answerLinkFor(request.runId, run.startedAt, listed, deps) : undefined;
  const pdfs = new Map<string, Uint8Array>();
  const messages: ResendMessage[] = [];
  for (const [index, target] of sendable.entries()) {
    const key = target.original.attachmentKey;
    if (!key) throw new DataMissingError(`het grootboek van ${request.runId} zegt niet welke PDF ${target.original.municipality} kreeg; die kan niet opnieuw worden verstuurd`);
    if (!pdfs.has(key)) pdfs.set(key, await deps.archive.get(key));
    messages.push(await sendOne(request, target, index + 1, pdfs.get(key) as Uint8Array, archived as ArchivedRun, listed, deps, answerFor?.(target)));
  }
  return { runId: request.runId, requestId: request.requestId, messages, warnings };
}

/** Outcomes that mean the mail did not reach the address; a complaint did reach it and is never answered with more mail. */
const NOT_ARRIVED = new Set(['failed', 'bounced', 'soft-bounce', 'rejected']);

/**
 * What did not arrive, per original message: a message SES refused goes again as it was; from a
 * message that was sent, each address that bounced or was rejected gets it again as To. An
 * address counts by its latest attempt in this run, so one a re-send has since reached is left
 * out, and pressing "only the failed" twice sends nothing the second time.
 */
function failedTargets(candidates: readonly DeliveryRecord[], entries: RunEntries, kind: 'final' | 'concept', warnings: string[]): Target[] {
  const outcome = (sk: string, email: string, status: string) => {
    const reported = entries.events.filter((e) => e.deliverySk === sk && e.email === email).map((e) => e.outcome);
    return reported.find((o) => NOT_ARRIVED.has(o)) ?? (reported.includes('complaint') ? 'complaint' : status);
  };
  const targets: Target[] = [];
  for (const original of candidates) {
    const roles = originalRoles(original, kind);
    const attempts = [
      { at: original.claimedAt, sk: `DELIVERY#${original.messageKey}`, status: original.status as string, addresses: [...original.to, ...original.cc] },
      ...entries.resends.filter((r) => r.resendOf === original.messageKey).map((r) => ({ at: r.claimedAt, sk: r.sk, status: r.status as string, addresses: [...r.to, ...r.cc] })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const missed: string[] = [];
    for (const email of [...original.to, ...original.cc]) {
      const latest = attempts.filter((a) => a.addresses.includes(email)).at(-1);
      const result = latest ? outcome(latest.sk, email, latest.status) : 'failed';
      if (NOT_ARRIVED.has(result)) missed.push(email);
      else if (result === 'unknown') warnings.push(`${email} (${original.municipality}): SES heeft het misschien verstuurd (uitkomst onbekend); ga het na en verstuur dan opnieuw aan dit adres`);
      else if (result === 'complaint') warnings.push(`${email} (${original.municipality}) heeft geklaagd; het krijgt geen mail meer`);
    }
    if (missed.length === 0) continue;
    const whole = missed.length === original.to.length + original.cc.length;
    targets.push(
      whole
        ? { original, to: [...original.to], cc: [...original.cc], roles, offList: [] }
        : { original, to: missed, cc: [], roles: Object.fromEntries(missed.map((e) => [e, roles[e] ?? 'extern'])), offList: [] },
    );
  }
  return targets;
}

/**
 * A concept ("niet verspreiden") goes to reviewers and gbo-leden only: an address that is neither,
 * and got none, is refused. A gbo-lid gets only its own municipality's (targetsForAddress).
 */
function conceptOnlyToReviewers(email: string, ledger: readonly DeliveryRecord[], listed: readonly Recipient[], runId: string, command: CommandHint = plainCommand): void {
  const reviewer = listed.some((r) => r.email === email && (r.role === 'reviewer' || r.role === 'gbo-lid'));
  const received = ledger.some((d) => d.to.includes(email) || d.cc.includes(email));
  if (!reviewer && !received) {
    throw new InvalidInputError(`${runId} is een concept (niet verspreiden) en gaat alleen naar reviewers en gbo-leden; ${email} is geen van beide. Voeg het adres toe met ${command('recipients add --rol reviewer')} (of --gemeente NAAM --rol gbo-lid), of stuur de definitieve versie na de vrijgave`);
  }
}

/** The municipality as the run's ledger spells it, or why the run has nothing for it. */
function municipalityOfRun(name: string, ledger: readonly DeliveryRecord[], runId: string): string {
  const mailed = [...new Set(ledger.map((d) => d.municipality))];
  const found = mailed.find((m) => m.toLocaleLowerCase('nl') === name.trim().toLocaleLowerCase('nl'));
  if (!found) throw new InvalidInputError(`run ${runId} heeft geen mail voor "${name}" verstuurd (wel voor: ${mailed.join(', ')})`);
  return found;
}

/**
 * One address. It gets each municipality's report it received in this run, or else that of the
 * municipality it is on the list for. An address that is not on the list gets only the report
 * of the municipality named with --gemeente: a municipality never sees another's paragraph.
 */
function targetsForAddress(
  email: string,
  candidates: readonly DeliveryRecord[],
  listed: readonly Recipient[],
  kind: 'final' | 'concept',
  municipality: string | undefined,
  runId: string,
): Target[] {
  const firstPerMunicipality = (records: readonly DeliveryRecord[]) => {
    const first = new Map<string, DeliveryRecord>();
    for (const d of [...records].sort((a, b) => a.messageKey.localeCompare(b.messageKey))) if (!first.has(d.municipality)) first.set(d.municipality, d);
    return [...first.values()];
  };
  const received = candidates.filter((d) => d.to.includes(email) || d.cc.includes(email));
  if (received.length > 0) {
    return firstPerMunicipality(received).map((d) => ({ original: d, to: [email], cc: [], roles: { [email]: originalRoles(d, kind)[email] ?? 'extern' }, offList: [] }));
  }
  const entries = listed.filter((r) => r.email === email);
  if (entries.some((r) => r.role === 'reviewer')) {
    return firstPerMunicipality(candidates).map((d) => ({ original: d, to: [email], cc: [], roles: { [email]: 'reviewer' as const }, offList: [] }));
  }
  const own = entries.map((r) => r.municipality).filter((m): m is string => m !== null);
  if (own.length > 0) {
    const records = candidates.filter((d) => own.includes(d.municipality));
    if (records.length === 0) {
      const asked = municipality ? ` (gevraagd: --gemeente ${municipality})` : '';
      throw new InvalidInputError(`${email} staat op de lijst voor ${own.join(', ')} en ${runId} heeft geen rapport van die gemeente${asked}; een adres krijgt nooit het rapport van een andere gemeente`);
    }
    return firstPerMunicipality(records).map((d) => ({
      original: d,
      to: [email],
      cc: [],
      roles: { [email]: entries.find((r) => r.municipality === d.municipality)?.role ?? 'extern' },
      offList: [],
    }));
  }
  if (!municipality) {
    throw new InvalidInputError(`${email} staat niet op de ontvangerslijst en kreeg niets uit ${runId}; noem met --gemeente de gemeente van wie het het rapport moet krijgen`);
  }
  return firstPerMunicipality(candidates).map((d) => ({ original: d, to: [email], cc: [], roles: { [email]: 'extern' as const }, offList: [email] }));
}

/** One message of the re-send through the shared send step, claimed as its own record linked to the run. */
async function sendOne(
  request: ResendRequest,
  target: Target,
  index: number,
  pdf: Uint8Array,
  { part, sender }: ArchivedRun,
  listed: readonly Recipient[],
  deps: ResendDeps,
  answer?: MailAddress['answer'],
): Promise<ResendMessage> {
  const { original } = target;
  const nameOf = (email: string) => (listed.find((r) => r.email === email && r.municipality === original.municipality) ?? listed.find((r) => r.email === email))?.name;
  const addressee = (email: string) => ({ email, name: nameOf(email) });
  const filename = reportAttachmentName(part, original.municipality);
  const safeId = request.requestId.replace(/[^A-Za-z0-9-]+/g, '.');
  const now = deps.now().toISOString();
  let key: DeliveryKey | undefined;
  const claim: MessageClaim = {
    claim: async () => {
      const claimed = await deps.log.claimResend({
        runId: request.runId,
        requestId: request.requestId,
        resendOf: original.messageKey,
        municipality: original.municipality,
        to: target.to,
        cc: target.cc,
        roles: target.roles,
        offList: target.offList,
        requestedBy: request.requestedBy,
        claimedAt: now,
        attachmentKey: original.attachmentKey as string,
      });
      if (claimed.claimed) {
        key = claimed.key;
        return { claimed: true };
      }
      const { existing } = claimed;
      const status = existing.status === 'sent' ? 'already sent' : existing.status === 'claimed' ? 'in progress' : existing.status;
      return { claimed: false, status, sesMessageId: existing.sesMessageId, reason: existing.reason };
    },
    markSent: (sesMessageId, sentAt) => deps.log.markResendSent(key as DeliveryKey, sesMessageId, sentAt),
    markFailed: (reason) => deps.log.markResendFailed(key as DeliveryKey, reason),
    markUnknown: (reason) => deps.log.markResendFailed(key as DeliveryKey, `uitkomst onbekend, SES kan hem hebben verstuurd: ${reason}`),
  };
  const audit = () =>
    deps.recipientStore.audit([
      {
        at: now,
        actor: request.requestedBy,
        action: 'report resent',
        runId: request.runId,
        municipality: original.municipality,
        email: target.to.length + target.cc.length === 1 ? target.to[0] : undefined,
        detail: `${original.messageKey} aan ${target.to.length + target.cc.length} adres(sen)${target.offList.length ? `, niet op de lijst: ${target.offList.join(', ')}` : ''}`,
      },
    ]);
  const outcome = await sendMessage(
    {
      sender,
      to: target.to.map(addressee),
      cc: target.cc.map(addressee),
      mail: deps.renderer.mail(part, {
        municipality: original.municipality,
        addressees: target.to.map((e) => ({ name: nameOf(e), role: target.roles[e] ?? 'extern' })),
        ...(await readingFor(part, original.municipality, [...target.to, ...target.cc], deps)),
        ...(answer ? { answer } : {}),
      }),
      messageId: messageIdFor(request.runId, 'resend', safeId, String(index)),
      attachment: { filename, pdf },
      archiveKey: archiveKeys.mail(request.runId, `resend-${safeId}-${index}`),
    },
    claim,
    deps,
    audit,
  );
  return { municipality: original.municipality, to: target.to, cc: target.cc, offList: target.offList, ...outcome };
}

/**
 * For a concept sent again to one person who may answer it (a reviewer, or that municipality's
 * gbo-lid): their own answer link, until the review's end (counted from the day the concept began)
 * plus the grace days. Nobody else gets one.
 */
async function answerLinkFor(runId: string, startedAt: string, listed: readonly Recipient[], deps: ResendDeps): Promise<((target: Target) => MailAddress['answer']) | undefined> {
  if (!deps.answerLinks) return undefined;
  const organisation = await requireOrganisation(deps.store);
  const reviewEndsOn = reviewEndFor(amsterdamDay(new Date(startedAt)), organisation.calendar.reviewWorkdays);
  const { baseUrl } = deps.answerLinks;
  const key = await deps.answerLinks.key();
  return (target) => {
    const [email] = target.to;
    const municipality = target.original.municipality;
    const mayAnswer = listed.some((r) => r.email === email && mayAnswerConcept(r, municipality));
    if (!email || target.to.length !== 1 || target.cc.length > 0 || !mayAnswer) return undefined;
    return { url: answerUrl(baseUrl, key, { email, conceptRunId: runId, municipality, expiresAt: answerLinkExpiry(reviewEndsOn) }), reviewEndsOn };
  };
}

/** The organisation part the run's mail text was made from and its sender, from the run's archived snapshot. */
const SnapshotSchema = z.object({
  input: z.object({ organisation: z.object({ config: z.looseObject({ sender: z.string(), replyTo: z.string().optional() }) }) }),
  model: z.object({
    organisationPart: z.looseObject({ organisation: z.string(), period: z.string(), periodLabel: z.string(), concept: z.boolean(), reportName: z.string(), riskNote: z.string() }),
  }),
});

interface ArchivedRun {
  readonly part: OrganisationPart;
  readonly sender: { readonly from: string; readonly replyTo?: string };
}

async function archivedRun(runId: string, archive: Pick<Archive, 'find'>): Promise<ArchivedRun> {
  const bytes = await archive.find(archiveKeys.snapshot(runId));
  if (!bytes) throw new DataMissingError(`het archief heeft geen momentopname van ${runId} (${archiveKeys.snapshot(runId)}); de run kan niet opnieuw worden verstuurd`);
  const parsed = SnapshotSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  if (!parsed.success) throw new DataMissingError(`de gearchiveerde momentopname van ${runId} is niet leesbaar (${parsed.error.issues[0]?.message}); de run kan niet opnieuw worden verstuurd`);
  const { input, model } = parsed.data;
  const organisation = input.organisation.config;
  // Written by the run from this very type; checked above for the fields the mail needs.
  return { part: model.organisationPart as unknown as OrganisationPart, sender: { from: organisation.sender, replyTo: organisation.replyTo } };
}

/**
 * A re-sent final's reading address, for the addresses it goes to now (an address off the list
 * gets a link the lezen page refuses: it reads the PDF); a concept has none.
 */
async function readingFor(part: ArchivedRun['part'], municipality: string, emails: readonly string[], deps: ResendDeps): Promise<{ reading?: ReadingAddress }> {
  if (part.concept || !deps.readingLinks) return {};
  const publication = (await deps.store.organisation())?.config.publication ?? DEFAULT_PUBLICATION;
  const reading = await deps.readingLinks.forMail({ municipality, period: part.period, emails, publication });
  return reading ? { reading } : {};
}
