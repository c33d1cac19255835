import { blockingGaps } from '../core/municipal-delivery';
import { archiveKeys } from '../core/archive-keys';
import type { Archive, ImageLibrary, MailAddress, Mailer, OrganisationReader, Printer, ReadingLinks, Renderer, RunLedger, RunRecord } from './ports';
import { answerUrl } from './answers';
import { answerLinkExpiry, reviewEndFor } from '../core/review';
import { type Day, amsterdamDay } from '../core/workdays';
import { mapWithConcurrency } from '../core/concurrency';
import { slug } from '../core/slug';
import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { withoutBlocked } from '../core/blocked-addresses';
import { type PlannedMessage, planConceptMailing, planMailing } from '../core/mailing-plan';
import { DEFAULT_PUBLICATION, type OrganisationConfig, type Publication, type RecipientRole, catalogueOf } from '../core/organisation';
import { noOrganisation } from './organisation';
import { type MessageClaim, type SendStatus, messageIdFor, reportAttachmentName, sendMessage } from './send-message';
import { type Period, isPeriodOver, monthsEndingWith, periodId, periodLabelNl } from '../core/periods';
import type { LoadedImage } from '../core/report-images';
import type { RunInput } from '../core/run-input';
import { FiguresIncompleteError, PeriodNotOverError, missingFigures } from '../core/readiness';
import { HISTORY_MONTHS, buildReportModel } from '../core/report-model';
import { RUN_STATUS_NL, dutch, timeNl } from '../core/words-nl';
import { type RunKind, runIdFor } from '../core/run-id';
import { type CommandHint, plainCommand } from '../core/command-hint';

export interface RunReportDeps {
  readonly store: OrganisationReader;
  readonly runs: RunLedger;
  readonly archive: Archive;
  /** The images operators added to a period (records in the table, bytes in the archive bucket). */
  readonly images: Pick<ImageLibrary, 'forPeriod'>;
  readonly renderer: Renderer;
  readonly mailer: Mailer;
  readonly launchPrinter: () => Promise<Printer>;
  /**
   * The address the deployment may send from (its SES permission is bound to it): a run whose
   * organisation names another sender stops before anything is sent. Not set locally.
   */
  readonly allowedSender?: string;
  /**
   * Who may read the web editions as the deployment serves them (CDK context `webPublication`):
   * a run whose organisation file says otherwise stops before anything is sent, so a besloten
   * edition never lands on an open distribution. Not set locally.
   */
  readonly allowedPublication?: Publication;
  readonly now: () => Date;
  /**
   * Documents in hand at once. One more than the printer's pages (2): while one document is
   * archived, the next is already being printed, so no page waits for S3.
   */
  readonly printConcurrency?: number;
  /**
   * How long a worker's hold on a run or a message lasts without renewal. A claim older than this
   * belongs to a worker that died; it is taken over by the next attempt.
   */
  readonly leaseMs: number;
  /** How messages name a command to type next (the CLI adds the operator's --map and --door). */
  readonly command?: CommandHint;
  /** Replaces the account's Max24HourSend when set (e.g. to keep a margin for other mail). */
  readonly dailySendQuota?: number;
  /** Told how long each phase took (the benchmark listens; the run does not depend on it). */
  readonly onPhase?: (phase: RunPhase, ms: number) => void;
  /** The final's "Lees deze rapportage online" link; without it the mail has none (a store without a link key). */
  readonly readingLinks?: ReadingLinks;
  /**
   * Where a concept mail's personal answer link points and the key that signs it (wiring:
   * `LINK_PAGES_URL`, `linkKey(config)`). Absent: concept mails carry no link.
   */
  readonly answerLinks?: AnswerLinkSettings;
}

export interface AnswerLinkSettings {
  /** The address the link pages are served at, e.g. `https://…/` (the token follows `/antwoord/`). */
  readonly baseUrl: string;
  /** The signing key, read only when a concept is sent. */
  readonly key: () => Promise<Uint8Array>;
}

/**
 * documents: wall time of printing and archiving every PDF; render and archive: time summed over
 * the pages printed in parallel; pacing: waiting for a send slot under the SES rate.
 */
export type RunPhase = 'load' | 'model' | 'documents' | 'render' | 'archive' | 'send' | 'pacing';

export interface RunReportRequest {
  readonly period: Period;
  readonly kind: RunKind;
  /**
   * What to render: a concept's frozen input when a final is released; otherwise the data in
   * force is loaded.
   */
  readonly input?: LoadedRunInput;
  /** Render and send even when figures are missing; the gaps show as "geen gegevens". */
  readonly allowIncomplete?: boolean;
  /** Which concept of the period (usecases/release.ts picks the next one); 1 when not given. */
  readonly conceptNumber?: number;
  /** A concept's last review day, as the cycle records it; else counted from today (core/review). */
  readonly reviewEndsOn?: Day;
}

export interface DeliverySummary {
  readonly municipality: string;
  readonly messageKey: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly pdfKey: string;
  readonly pdfBytes: number;
  readonly pdfPages: number;
  readonly status: SendStatus;
  readonly sesMessageId?: string;
  readonly reason?: string;
}

export interface RunSummary {
  readonly runId: string;
  readonly period: string;
  readonly periodLabel: string;
  readonly status: 'completed' | 'partial' | 'failed';
  /** Set when this attempt did no work: the run had finished, or another worker is running it. */
  readonly notStarted?: string;
  readonly deliveries: readonly DeliverySummary[];
  readonly optedOut: readonly string[];
  readonly problems: readonly string[];
  /** Addresses skipped because they bounced or complained; the rest of their municipality is mailed. */
  readonly warnings: readonly string[];
}

export class RunFailedError extends RapportbodeError {}
export class QuotaExceededError extends RapportbodeError {}
/** Another live worker holds the run: retry after its lease. */
export class RunInProgressError extends RapportbodeError {}

/**
 * The bimonthly run:
 * 1. load municipalities, recipients, figures, benchmarks, commentary and the period's images;
 * 2. build the report model (organisation part once, a paragraph per municipality);
 * 3. plan the mailing (problems are known before anything is sent);
 * 4. take the run (one worker at a time) and check the SES quota before anything is sent;
 * 5. render and print one PDF per municipality in one browser, archive HTML, PDF and snapshot;
 * 6. per message: read its PDF back from the archive, claim it in the ledger, archive the raw mail,
 *    send it, record the delivery.
 */
export async function runReport(request: RunReportRequest, deps: RunReportDeps): Promise<RunSummary> {
  const runId = runIdFor(request.period, request.kind, request.conceptNumber);
  const period = periodId(request.period);
  const startedAt = deps.now();

  const phase = phaseTimer(deps);
  // A live worker holds the run: leave its snapshot alone, it may be being written right now.
  const current = await refuseWhileRunning(runId, startedAt, deps);
  const printing = new PrinterLaunch(deps.launchPrinter);
  // A first attempt prints every document: its Chromium starts now, while the run reads, builds the
  // model and renders the organisation part, instead of after them. A later attempt may find every
  // PDF archived, and launches only when it has one to print.
  if (current === undefined) printing.start();
  try {
    return await attempt(request, deps, { runId, period, startedAt, phase, printing });
  } finally {
    await printing.close();
  }
}

interface Attempt {
  readonly runId: string;
  readonly period: string;
  readonly startedAt: Date;
  readonly phase: PhaseTimer;
  readonly printing: PrinterLaunch;
}

/** Steps 1–6 of runReport, once no other worker holds the run. */
async function attempt(request: RunReportRequest, deps: RunReportDeps, { runId, period, startedAt, phase, printing }: Attempt): Promise<RunSummary> {
  const [loaded, listed, blocked] = await phase('load', () => Promise.all([
    // A later attempt of a run renders from what the first one froze: its documents stay one set.
    request.input ?? earlierAttemptsInput(runId, deps.archive).then((frozen) => frozen ?? currentRunInput(request.period, deps, startedAt)),
    deps.store.recipients(),
    deps.store.blockedAddresses(),
  ]));
  const { input, images } = loaded;
  const { figures, benchmarks, commentary } = input;
  const organisationVersion = input.organisation;
  const organisation = organisationVersion.config;
  checkRun(request, organisation, deps);
  // Before anything is rendered or sent: a report with gaps goes out only when asked for.
  const municipalities = organisation.municipalities.map((m) => m.name);
  const missing = missingFigures({ period: request.period, municipalities, catalogue: catalogueOf(organisationVersion), figures });
  // Refused before the run is taken: nothing was made, so it is no attempt of the run that follows.
  if (missing.length > 0 && !isPeriodOver(request.period, startedAt)) throw new PeriodNotOverError(request.period);
  // A municipality's own figures hold nothing up once the organisation goes on without them (`doorgaan`).
  const blocking = blockingGaps(missing, organisation, request.period, amsterdamDay(startedAt));
  if (blocking.length > 0 && !request.allowIncomplete) throw new FiguresIncompleteError(request.period, blocking);
  const model = await phase('model', async () => buildReportModel({
    organisation,
    period: request.period,
    figures,
    benchmarks,
    commentary,
    images,
    issuedOn: new Date(input.issuedOn),
    concept: request.kind === 'concept',
  }));
  if (model.organisationPart.indicators.every((row) => row.current.value === null)) {
    throw new DataMissingError(`er zijn geen cijfers over ${periodLabelNl(request.period)} (${period}); lees ze eerst in met ${(deps.command ?? plainCommand)('import BESTAND')}`);
  }

  // Hard-bounced and complaining addresses are left out (with a warning) until an operator clears them.
  const { recipients, warnings } = withoutBlocked(listed, blocked);
  const plan = request.kind === 'concept' ? planConceptMailing(organisation, recipients) : planMailing(organisation, recipients);
  const problems = plan.problems.map((p) => `${p.municipality}: ${p.reason}`);
  const summaryBase = { runId, period, periodLabel: model.organisationPart.periodLabel, optedOut: plan.optedOut, problems, warnings };

  // Only one worker runs a run: a duplicate trigger finds it taken (or finished) and does nothing.
  const lease = await deps.runs.acquireRun({ runId, period, kind: request.kind, startedAt: startedAt.toISOString() }, startedAt, deps.leaseMs);
  if (!lease.acquired) {
    const { existing } = lease;
    // An error, so a retried trigger (Lambda's async retries) comes back after the lease.
    if (existing.status === 'running') throw runInProgress(runId, existing.leaseUntil);
    const why = `run ${runId} is al afgerond (${dutch(RUN_STATUS_NL, existing.status)}, ${timeNl(existing.finishedAt)}); er is niets gedaan. Eén ontvanger opnieuw: ${(deps.command ?? plainCommand)(`resend ${runId} --aan ADRES`)}`;
    return { ...summaryBase, status: existing.status, notStarted: why, deliveries: [] };
  }

  // What earlier attempts of this run already settled is not sent again, nor counted against the quota.
  const earlier = await deps.runs.deliveries(runId);
  const settled = new Set(earlier.filter((d) => d.status !== 'claimed').map((d) => d.messageKey));
  await checkQuota(plan.messages.filter((m) => !settled.has(m.key)), deps, runId);

  // What the report is made from (organisation version, figures, commentary, images), before any
  // PDF: a concept freezes it for its final, a later attempt renders from it, and a re-send or an
  // audit reads which labels, goals and texts were in force.
  await phase('archive', () => deps.archive.put(
    archiveKeys.snapshot(runId),
    JSON.stringify({ runId, period, kind: request.kind, input, model }, null, 1),
    'application/json',
  ));
  // Only an attempt after one that claimed messages can find PDFs that were already attached.
  const resumed = earlier.length > 0;
  const documents = await phase('documents', () => printDocuments(runId, model, plan.messages, resumed, deps, phase, printing));
  const answerFor = request.kind === 'concept' ? await answerLinksFor(runId, request.reviewEndsOn ?? reviewEndFor(amsterdamDay(startedAt), organisation.calendar.reviewWorkdays), deps) : undefined;

  const deliveries: DeliverySummary[] = [];
  const attachments = attachmentReader(deps.archive, phase);
  for (const message of plan.messages) {
    const document = documents.get(message.municipality);
    if (!document) throw new RunFailedError(`er is geen rapport gedrukt voor ${message.municipality}; voer de run opnieuw uit`);
    // Read before the message is claimed: an archive that fails here leaves nothing claimed.
    const pdf = await attachments(message.municipality, document.pdfKey);
    deliveries.push(await deliver(runId, message, { ...document, pdf }, model.organisationPart, organisation, deps, phase, answerFor?.(message)));
    await deps.runs.renewLease(runId, deps.now(), deps.leaseMs);
  }

  const count = (status: DeliverySummary['status']) => deliveries.filter((d) => d.status === status).length;
  const delivered = count('sent') + count('already sent');
  const status = delivered === deliveries.length && problems.length === 0 ? 'completed' : delivered === 0 && deliveries.length > 0 ? 'failed' : 'partial';
  await deps.runs.finishRun(
    runId,
    status,
    { sent: count('sent'), skipped: count('already sent') + count('in progress'), failed: count('failed') + count('unknown') },
    [...problems, ...deliveries.filter((d) => d.reason).map((d) => `${d.municipality}: ${d.reason}`)],
    deps.now().toISOString(),
  );
  return { ...summaryBase, status, deliveries };
}

/** The report's input as it stands now, with the images' bytes for rendering. */
export interface LoadedRunInput {
  readonly input: RunInput;
  readonly images: readonly LoadedImage[];
}

export async function currentRunInput(period: Period, deps: Pick<RunReportDeps, 'store' | 'images'>, issuedOn: Date): Promise<LoadedRunInput> {
  const id = periodId(period);
  const [organisation, figures, benchmarks, commentary, images] = await Promise.all([
    deps.store.organisation(),
    deps.store.figures(monthsEndingWith(period, HISTORY_MONTHS)),
    deps.store.benchmarks(),
    deps.store.commentary(id),
    // Once per run: organisation-wide images go into the organisation part, rendered once.
    deps.images.forPeriod(id),
  ]);
  if (!organisation) throw noOrganisation();
  return {
    input: { organisation, figures, benchmarks, commentary, images: images.map((i) => i.record), issuedOn: issuedOn.toISOString() },
    images,
  };
}

function runInProgress(runId: string, leaseUntil: string | undefined): RunInProgressError {
  return new RunInProgressError(`run ${runId} loopt al elders (tot uiterlijk ${timeNl(leaseUntil)}); er is niets gedaan — probeer het daarna opnieuw`);
}

/** Refuses at once when another worker holds the run's lease; an expired lease is an earlier attempt to go on from. */
async function refuseWhileRunning(runId: string, now: Date, deps: Pick<RunReportDeps, 'runs'>): Promise<RunRecord | undefined> {
  const current = await deps.runs.getRun(runId);
  if (current?.status === 'running' && current.leaseUntil !== undefined && current.leaseUntil > now.toISOString()) throw runInProgress(runId, current.leaseUntil);
  return current;
}

/**
 * The run's Chromium, launched once: early (start) or when the first document is printed
 * (printer), and closed however the run ends. A launch that fails is reported where the printer
 * is needed, not by a run that stopped before printing anything.
 */
class PrinterLaunch {
  private launching: Promise<Printer> | undefined;
  private closed = false;

  constructor(private readonly launch: () => Promise<Printer>) {}

  start(): void {
    if (this.launching || this.closed) return;
    this.launching = this.launch();
    // Handled here too, so that a run that stops before printing leaves no unhandled rejection.
    this.launching.catch(() => undefined);
  }

  printer(): Promise<Printer> {
    if (this.closed) return Promise.reject(new Error('the run closed its printer before printing'));
    this.start();
    return this.launching as Promise<Printer>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    this.launching = undefined;
    const printer = await launching?.catch(() => undefined);
    await printer?.close();
  }
}

/** A run's input as its archived snapshot froze it, with the images' bytes read back from the archive. */
export async function frozenRunInput(runId: string, archive: Pick<Archive, 'find'>): Promise<LoadedRunInput> {
  const frozen = await earlierAttemptsInput(runId, archive);
  if (!frozen) throw new DataMissingError(`het archief heeft geen momentopname van ${runId} (${archiveKeys.snapshot(runId)}); verstuur een nieuw concept`);
  return frozen;
}

/** The input an earlier attempt of the run froze, or undefined when no attempt got that far. */
async function earlierAttemptsInput(runId: string, archive: Pick<Archive, 'find'>): Promise<LoadedRunInput | undefined> {
  const bytes = await archive.find(archiveKeys.snapshot(runId));
  if (!bytes) return undefined;
  // Written by the run from this very type.
  const { input } = JSON.parse(Buffer.from(bytes).toString('utf8')) as { input?: RunInput };
  if (!input?.organisation) throw new DataMissingError(`de momentopname van ${runId} is van een oudere versie van rapportbode; verstuur een nieuw concept`);
  const images = await Promise.all(
    input.images.map(async (record) => {
      const image = await archive.find(record.key);
      if (!image) throw new DataMissingError(`afbeelding ${record.id} van ${runId} staat niet meer in het archief; verstuur een nieuw concept`);
      return { record, bytes: image };
    }),
  );
  return { input, images };
}

/** A period of the organisation's rhythm, a sender the deployment may send as, and the publication it serves. */
function checkRun(request: RunReportRequest, organisation: OrganisationConfig, deps: RunReportDeps): void {
  if (request.period.length !== organisation.periodLength) {
    throw new InvalidInputError(`de periode ${periodId(request.period)} past niet bij het ritme van ${organisation.name} (${organisation.periodLength === 3 ? 'kwartaal' : 'tweemaandelijks'})`);
  }
  if (deps.allowedSender && addressOf(organisation.sender) !== addressOf(deps.allowedSender)) {
    throw new InvalidInputError(
      `de afzender in het organisatiebestand (${organisation.sender}) is niet het adres waarvoor deze installatie mag verzenden (${deps.allowedSender}); er is niets verzonden. Pas de afzender aan of installeer opnieuw met die afzender (mailFrom)`,
    );
  }
  const publication = organisation.publication ?? DEFAULT_PUBLICATION;
  if (deps.allowedPublication && publication !== deps.allowedPublication) {
    throw new InvalidInputError(
      `het organisatiebestand zegt publicatie: ${publication}, maar deze installatie publiceert de webedities ${deps.allowedPublication}; er is niets verzonden. Zet publicatie: ${deps.allowedPublication} in het organisatiebestand, of installeer opnieuw met -c webPublication=${publication}`,
    );
  }
}

function addressOf(mailbox: string): string {
  return (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}

/**
 * Stops the run before anything is sent when the account's 24-hour quota cannot take every
 * address still to be mailed, and lowers the pace to the account's MaxSendRate.
 */
async function checkQuota(messages: readonly PlannedMessage[], deps: RunReportDeps, runId: string): Promise<void> {
  const quota = await deps.mailer.quota();
  deps.mailer.limitRate(quota.maxSendRate);
  // SES counts every address of a message against the quota, not the message.
  const needed = messages.reduce((sum, m) => sum + m.to.length + m.cc.length, 0);
  const max = deps.dailySendQuota ?? quota.max24HourSend;
  const left = max - quota.sentLast24Hours;
  if (needed > left) {
    const reason = `de run heeft ${needed} verzendingen nodig, maar het SES-quotum voor 24 uur heeft er nog ${left} (${quota.sentLast24Hours} van ${max} gebruikt); er is niets verzonden — probeer het opnieuw als het quotum weer vrij is, of laat het verhogen`;
    await deps.runs.finishRun(runId, 'failed', { sent: 0, skipped: 0, failed: 0 }, [reason], deps.now().toISOString());
    throw new QuotaExceededError(reason);
  }
}

/**
 * A municipality's PDF once it is archived: where it is and what it is, not its bytes. The run
 * keeps no PDF in memory between printing and mailing (342 of them were ~50 MB of the run's peak);
 * each is read back from the archive when its mail goes out, so what is attached is what the
 * archive holds.
 */
interface PrintedDocument {
  readonly pdfKey: string;
  readonly bytes: number;
  readonly pages: number;
}

function printed(pdfKey: string, pdf: Uint8Array): PrintedDocument {
  return { pdfKey, bytes: pdf.length, pages: countPdfPages(pdf) };
}

/**
 * Reads each municipality's PDF back from the archive for its mails; the last one read is kept,
 * since a municipality's messages (more than 50 addresses, or a concept per reviewer) follow each other.
 */
function attachmentReader(archive: Archive, phase: PhaseTimer): (municipality: string, pdfKey: string) => Promise<Uint8Array> {
  let last: { pdfKey: string; pdf: Uint8Array } | undefined;
  return async (municipality, pdfKey) => {
    if (last?.pdfKey === pdfKey) return last.pdf;
    const pdf = await phase('archive', () => archive.find(pdfKey));
    if (!pdf) throw new RunFailedError(`het rapport van ${municipality} staat niet meer in het archief (${pdfKey}); voer de run opnieuw uit`);
    last = { pdfKey, pdf };
    return pdf;
  };
}

/**
 * One PDF per municipality that gets mail, in one browser: the organisation part is rendered once.
 * A PDF already archived by an earlier attempt of this run is reused, not printed again, so the
 * archive always holds exactly what was attached.
 */
async function printDocuments(
  runId: string,
  model: ReturnType<typeof buildReportModel>,
  messages: readonly PlannedMessage[],
  resumed: boolean,
  deps: RunReportDeps,
  phase: PhaseTimer,
  printing: PrinterLaunch,
): Promise<Map<string, PrintedDocument>> {
  const documents = new Map<string, PrintedDocument>();
  const mailed = new Set(messages.map((m) => m.municipality));
  const wanted = model.paragraphs.filter((p) => mailed.has(p.municipality));
  const archived = resumed
    ? await mapWithConcurrency(wanted, 8, async (p) => {
        const pdfKey = archiveKeys.pdf(runId, slug(p.municipality));
        const pdf = await deps.archive.find(pdfKey);
        return pdf && printed(pdfKey, pdf);
      })
    : [];
  const toRender = [];
  for (const [i, paragraph] of wanted.entries()) {
    const document = archived[i];
    if (document) documents.set(paragraph.municipality, document);
    else toRender.push(paragraph);
  }
  if (toRender.length === 0) return documents;

  const part = model.organisationPart;
  const { organisationHtml, shell } = await phase('render', async () => {
    const organisationHtml = deps.renderer.organisationHtml(part);
    return { organisationHtml, shell: deps.renderer.reportShell(part, organisationHtml) };
  });
  const printer = await phase('render', () => printing.printer());
  try {
    await mapWithConcurrency(toRender, deps.printConcurrency ?? 3, async (paragraph) => {
      const { html, pdf } = await phase('render', async () => {
        const municipalityPart = deps.renderer.municipalityPart(part, paragraph);
        // The archived HTML is the complete document; the printer swaps only the part into the shell it keeps loaded.
        const html = deps.renderer.documentHtml(part, organisationHtml, municipalityPart);
        return { html, pdf: await printer.printPart(shell, municipalityPart) };
      });
      const name = slug(paragraph.municipality);
      const pdfKey = archiveKeys.pdf(runId, name);
      // The PDF last: its presence marks the document complete for a later attempt.
      await phase('archive', async () => {
        await deps.archive.put(archiveKeys.html(runId, name), html, 'text/html; charset=utf-8');
        await deps.archive.put(pdfKey, pdf, 'application/pdf');
      });
      documents.set(paragraph.municipality, printed(pdfKey, pdf));
      await deps.runs.renewLease(runId, deps.now(), deps.leaseMs);
    });
  } finally {
    // Before the mails go out: Chromium's memory is not needed for sending.
    await printing.close();
  }
  return documents;
}

/** One message of the run through the shared send step, claimed in the run's ledger. */
async function deliver(
  runId: string,
  message: PlannedMessage,
  document: PrintedDocument & { readonly pdf: Uint8Array },
  part: Parameters<Renderer['mail']>[0],
  organisation: OrganisationConfig,
  deps: RunReportDeps,
  phase: PhaseTimer,
  answer?: MailAddress['answer'],
): Promise<DeliverySummary> {
  const to = message.to.map((r) => r.email);
  const cc = message.cc.map((r) => r.email);
  const filename = reportAttachmentName(part, message.municipality);
  const claim: MessageClaim = {
    claim: async () => {
      const outcome = await deps.runs.claimDelivery(
        { runId, messageKey: message.key, municipality: message.municipality, to, cc, roles: rolesOf(message), claimedAt: deps.now().toISOString(), attachmentKey: document.pdfKey },
        deps.leaseMs,
      );
      return outcome === 'claimed' ? { claimed: true } : { claimed: false, status: outcome === 'sent' ? 'already sent' : outcome };
    },
    markSent: (sesMessageId, sentAt) => deps.runs.markSent(runId, message.key, sesMessageId, sentAt),
    markFailed: (reason) => deps.runs.markFailed(runId, message.key, reason),
    markUnknown: (reason) => deps.runs.markUnknown(runId, message.key, reason),
  };
  const outcome = await sendMessage(
    {
      sender: { from: organisation.sender, replyTo: organisation.replyTo },
      to: message.to,
      cc: message.cc,
      mail: deps.renderer.mail(part, { municipality: message.municipality, addressees: message.to, ...(await readingAddress(part, message, organisation, deps)), ...(answer ? { answer } : {}) }),
      messageId: messageIdFor(runId, message.key),
      attachment: { filename, pdf: document.pdf },
      archiveKey: archiveKeys.mail(runId, message.key),
    },
    claim,
    { archive: deps.archive, mailer: deps.mailer, now: deps.now, timed: phase },
  );
  return { municipality: message.municipality, messageKey: message.key, to, cc, pdfKey: document.pdfKey, pdfBytes: document.bytes, pdfPages: document.pages, ...outcome };
}

/** A final's reading address for everyone the message goes to (To and Cc); a concept gets none. */
async function readingAddress(part: Parameters<Renderer['mail']>[0], message: PlannedMessage, organisation: OrganisationConfig, deps: RunReportDeps) {
  if (part.concept || !deps.readingLinks) return {};
  const emails = [...message.to, ...message.cc].map((r) => r.email);
  const reading = await deps.readingLinks.forMail({ municipality: message.municipality, period: part.period, emails, publication: organisation.publication ?? DEFAULT_PUBLICATION });
  return reading ? { reading } : {};
}

/** Each address's role as it was sent: `deliveries` shows a gbo-lid as one, not as a reviewer. */
function rolesOf(message: PlannedMessage): Record<string, RecipientRole> {
  return Object.fromEntries([...message.cc, ...message.to].map((r) => [r.email.toLowerCase(), r.role]));
}

/**
 * A concept mail's personal answer link: one per person and municipality (the plan gives each
 * its own message), valid until the review's last day plus the grace days. Undefined for a
 * message to several people, which never carries one.
 */
async function answerLinksFor(runId: string, reviewEndsOn: Day, deps: RunReportDeps): Promise<((message: PlannedMessage) => MailAddress['answer']) | undefined> {
  if (!deps.answerLinks) return undefined;
  const { baseUrl } = deps.answerLinks;
  const key = await deps.answerLinks.key();
  const expiresAt = answerLinkExpiry(reviewEndsOn);
  return (message) => {
    const [reader] = message.to;
    if (!reader || message.to.length !== 1) return undefined;
    return { url: answerUrl(baseUrl, key, { email: reader.email, conceptRunId: runId, municipality: message.municipality, expiresAt }), reviewEndsOn };
  };
}

type PhaseTimer = <T>(name: RunPhase, work: () => Promise<T>) => Promise<T>;

function phaseTimer(deps: RunReportDeps): PhaseTimer {
  return async (name, work) => {
    if (!deps.onPhase) return work();
    const started = performance.now();
    try {
      return await work();
    } finally {
      deps.onPhase(name, performance.now() - started);
    }
  };
}

/**
 * Chromium writes one `/Type /Page` object per page, uncompressed; the printer's finishing step
 * appends a new version of each (same object number), so pages are counted by object number.
 */
export function countPdfPages(pdf: Uint8Array): number {
  const pages = Buffer.from(pdf).toString('latin1').matchAll(/(\d+)\s+\d+\s+obj\s*<<\s*\/Type\s*\/Page(?!s)/g);
  return new Set(Array.from(pages, (m) => m[1])).size;
}
