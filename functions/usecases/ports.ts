import type { BlockedAddress } from '../core/blocked-addresses';
import { InvalidInputError, RapportbodeError } from '../core/errors';
import type { ImportKind } from '../core/csv-import';
import type { EvaluationAnswers, EvaluationQuestion } from '../core/evaluation';
import type { Benchmark, Figure, Municipality, OrganisationConfig, OrganisationVersion, Publication, Recipient, RecipientRole } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import type { RecipientListChange } from '../core/recipient-validation';
import type { Addressee } from '../core/mail-text';
import type { MunicipalityParagraph, OrganisationPart } from '../core/report-model';
import type { ImageContentType, ImageRecord, LoadedImage } from '../core/report-images';
import type { DeliveryEvent, RecipientOutcome } from '../core/ses-events';
import type { EditionFile } from '../core/edition-site';

/**
 * The ports the use cases need from the outside, declared here so the use cases own them and
 * depend on nothing but functions/core and these: the real implementations talk to AWS, the
 * in-memory ones (for fast tests, the demo and the console) keep everything in the process;
 * functions/wiring builds them, and each port has one contract test (test/contract/) that both
 * implementations pass.
 */

/** One recorded change: who did what, when, to which address or municipality. */
export interface AuditEntry {
  readonly at: string;
  /** The operator (`--door`, $USER), `ses` for an event SES reported, or the Lambda's caller. */
  readonly actor: string;
  readonly action:
    | 'recipient added'
    | 'recipient removed'
    | 'recipient changed'
    | 'opted out'
    | 'opted in'
    | 'address blocked'
    | 'block cleared'
    | 'report resent'
    | 'run released'
    | 'run released before review end'
    | 'final sent without concept'
    | 'organisation applied'
    | 'period held'
    | 'period unheld'
    | 'commentary set'
    | 'image added'
    | 'image removed'
    | 'figures imported'
    | 'benchmark imported'
    | 'evaluation started'
    | 'figures delivered';
  readonly email?: string;
  readonly municipality?: string;
  readonly runId?: string;
  readonly detail: string;
  /** Why an operator overrode a safeguard (`--reden`): a release before the review's end, a final without a concept. */
  readonly reason?: string;
}

export interface AuditLog {
  audit(entries: readonly AuditEntry[], stableId?: string): Promise<void>;
}

/** A receiving municipality's answer to a concept (the answer page records them; issue 27). */
export interface ReviewAnswer {
  readonly conceptRunId: string;
  readonly municipality: string;
  readonly answer: 'akkoord' | 'opmerking';
  /** The recipient's name as on the list when they answered. */
  readonly by: string;
  /** The link's subject (a hash of the address): one answer per person per municipality's concept. */
  readonly subject?: string;
  readonly text?: string;
  readonly at: string;
}

/** The answers given to a concept so far: a release before the review's end needs every receiving municipality's akkoord. */
export interface ReviewAnswers {
  answersFor(conceptRunId: string): Promise<readonly ReviewAnswer[]>;
}

/** Where the answer page records: answering again replaces that person's earlier answer. */
export interface ReviewAnswerStore extends ReviewAnswers {
  recordAnswer(answer: ReviewAnswer): Promise<void>;
}

/** An evaluation as started (issue 27 item 5): its questions, who started it, how long it runs. */
export interface EvaluationRecord {
  /** `evaluatie-<day it started>`. */
  readonly id: string;
  readonly questions: readonly EvaluationQuestion[];
  readonly startedAt: string;
  /** The operator (`--door`), or the cycle when the organisation file planned it. */
  readonly startedBy: string;
  /** When the links stop working: the answering time is over. */
  readonly closesAt: string;
  /** The working day the cycle reminds those who did not answer. */
  readonly remindOn: string;
}

/** One person's answers to an evaluation, under the link's subject (a hash of the address): answering again replaces them. */
export interface EvaluationResponse {
  readonly evaluationId: string;
  readonly subject: string;
  readonly answers: EvaluationAnswers;
  readonly at: string;
}

/**
 * The evaluations, their mail claims and their answers. A claim (`uitnodiging#<subject>`,
 * `herinnering#<subject>`, `melding#gestart`) is taken before a mail is sent, with a conditional
 * write: a second start or cycle sends nothing twice.
 */
export interface EvaluationStore {
  /** False when an evaluation with this id exists: nothing written. */
  createEvaluation(record: EvaluationRecord): Promise<boolean>;
  evaluation(id: string): Promise<EvaluationRecord | undefined>;
  /** Every evaluation, oldest first. */
  evaluations(): Promise<EvaluationRecord[]>;
  /** True when this worker took the claim; false when it was taken before. */
  claim(evaluationId: string, what: string, at: string): Promise<boolean>;
  /** Gives a claim back after a mail that certainly did not go (SES refused it), so a later start sends it. */
  unclaim(evaluationId: string, what: string): Promise<void>;
  claims(evaluationId: string): Promise<string[]>;
  recordResponse(response: EvaluationResponse): Promise<void>;
  responses(evaluationId: string): Promise<EvaluationResponse[]>;
}

/** A period's commentary (`YYYY-MM`), as the report prints it. */
export interface CommentaryStore {
  commentary(period: string): Promise<string | null>;
  putCommentary(period: string, text: string): Promise<void>;
}

/** What a run and the operators' use cases read of the organisation. */
export interface OrganisationReader {
  organisation(): Promise<OrganisationVersion | null>;
  organisationVersion(version: number): Promise<OrganisationVersion | null>;
  municipalities(): Promise<Municipality[]>;
  recipients(): Promise<Recipient[]>;
  blockedAddresses(): Promise<BlockedAddress[]>;
  figures(months: readonly MonthKey[]): Promise<Figure[]>;
  benchmarks(): Promise<Benchmark[]>;
  commentary(period: string): Promise<string | null>;
}

/** A period's cycle as recorded: its concept under review and whether an operator holds it. */
export interface CycleRecord {
  readonly period: string;
  readonly conceptRunId?: string;
  /** Day (`YYYY-MM-DD`, Amsterdam) the concept went to the reviewers. */
  readonly conceptSentOn?: string;
  /** Last day of the review. */
  readonly reviewEndsOn?: string;
  readonly held: boolean;
  readonly heldBy?: string;
  readonly heldAt?: string;
}

export interface CycleStore {
  get(period: string): Promise<CycleRecord | undefined>;
  list(): Promise<CycleRecord[]>;
  recordConcept(period: string, concept: { runId: string; sentOn: string; reviewEndsOn: string }): Promise<void>;
  /** False when the period already was (un)held: nothing written. */
  setHold(period: string, hold: { held: boolean; by: string; at: string }): Promise<boolean>;
  claimNotice(period: string, kind: string, about: string): Promise<boolean>;
  /** Gives a claim back (its mail was refused for certain): removed only while it is still `about`. */
  releaseNotice(period: string, kind: string, about: string): Promise<void>;
}

/** The archive bucket: every run's HTML, PDF, raw mail and snapshot, and the operators' images. */
export interface Archive {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** Undefined when there is no object under `key`. */
  find(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

// ─── Changing the organisation ──────────────────────────────────────────────────────────────

/** What changes the organisation: a new version, a recipient's name or role, a period's commentary. */
export interface OrganisationWriter {
  /**
   * Puts `config` in force as the version after `basedOn` (null: the first). Refuses with
   * OrganisationChangedError (usecases/organisation.ts), writing nothing, when the version in
   * force is no longer `basedOn`.
   */
  applyOrganisation(config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string }): Promise<OrganisationVersion>;
  putRecipients(recipients: readonly Recipient[]): Promise<void>;
  putCommentary(period: string, text: string): Promise<void>;
}

// ─── Recipients ─────────────────────────────────────────────────────────────────────────────

/** The same address twice for one municipality: refused by `RecipientDirectory.add`, nothing written. */
export class RecipientExistsError extends InvalidInputError {}

/** Who made a change and when, as every write to the recipient list records it. */
export type ChangeStamp = Pick<AuditEntry, 'actor' | 'at'>;

/**
 * The recipient list and the blocked addresses as the operators change them, each change audited
 * before it is made (the list is read through OrganisationReader).
 */
export interface RecipientDirectory extends AuditLog {
  /** Refuses an address already listed for that municipality with RecipientExistsError. */
  add(recipient: Recipient, entry: ChangeStamp): Promise<void>;
  remove(recipient: Recipient, entry: ChangeStamp): Promise<void>;
  /** Makes the stored list as the import planned it: adds, changes and removes only what differs. */
  applyChange(change: RecipientListChange, entry: ChangeStamp): Promise<void>;
  /** Blocks an address after a hard bounce or complaint; a later event only updates the detail. */
  block(address: BlockedAddress, entry: ChangeStamp): Promise<void>;
  /** False when the address was not blocked. */
  clearBlock(email: string, entry: ChangeStamp): Promise<boolean>;
  /** The audit trail, oldest first. */
  history(): Promise<AuditEntry[]>;
}

// ─── Runs and deliveries ────────────────────────────────────────────────────────────────────

export type RunStatus = 'running' | 'completed' | 'partial' | 'failed';
export type DeliveryStatus = 'claimed' | 'sent' | 'failed' | 'unknown';

/** What a claim attempt found: ours to send, or why not (another live claim is 'in progress'). */
export type ClaimOutcome = 'claimed' | 'in progress' | Exclude<DeliveryStatus, 'claimed'>;

/**
 * `expiresAt` (epoch seconds) on a stored record: when the bewaartermijn (RETENTION_DAYS) ends
 * and the table deletes it; absent when nothing expires (the local stack).
 */
export interface Expiring {
  readonly expiresAt?: number;
}

export interface RunRecord extends Expiring {
  readonly runId: string;
  readonly period: string;
  readonly kind: 'final' | 'concept';
  readonly status: RunStatus;
  /** When the run first started; a retry keeps it. */
  readonly startedAt: string;
  /** When the latest attempt started, and how many attempts took the run. */
  readonly lastStartedAt?: string;
  readonly attempts?: number;
  /** Renewed while the run works; a run whose lease has run out is dead and may be taken over. */
  readonly leaseUntil?: string;
  readonly finishedAt?: string;
  readonly counts?: { sent: number; skipped: number; failed: number };
  readonly problems?: readonly string[];
}

export interface DeliveryRecord extends Expiring {
  readonly runId: string;
  readonly messageKey: string;
  readonly municipality: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly status: DeliveryStatus;
  readonly claimedAt: string;
  readonly sentAt?: string;
  readonly sesMessageId?: string;
  readonly attachmentKey?: string;
  readonly reason?: string;
  /** Each address's role when it was sent (absent on records from before roles were kept). */
  readonly roles?: Readonly<Record<string, RecipientRole>>;
}

/**
 * The runs and the ledger of their messages: one worker per run (a lease), one claim per message
 * before it is sent, so a retried or duplicated trigger sends nothing twice.
 */
export interface RunLedger {
  /**
   * Takes the run for this worker. Returns the existing run instead when it completed or when
   * another worker holds a live lease on it; a partial, failed or dead run is taken over.
   */
  acquireRun(run: Omit<RunRecord, 'status' | 'leaseUntil'>, now: Date, leaseMs: number): Promise<{ acquired: true } | { acquired: false; existing: RunRecord }>;
  renewLease(runId: string, now: Date, leaseMs: number): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  finishRun(runId: string, status: Exclude<RunStatus, 'running'>, counts: RunRecord['counts'], problems: readonly string[], finishedAt: string): Promise<void>;
  /** Claims a message; a second claim gets what stops it (`in progress` while the first is younger than the lease). */
  claimDelivery(record: Omit<DeliveryRecord, 'status'>, leaseMs: number): Promise<ClaimOutcome>;
  markSent(runId: string, messageKey: string, sesMessageId: string, sentAt: string): Promise<void>;
  markFailed(runId: string, messageKey: string, reason: string): Promise<void>;
  markUnknown(runId: string, messageKey: string, reason: string): Promise<void>;
  deliveries(runId: string): Promise<DeliveryRecord[]>;
}

/** Where a delivery record lives: the run's partition and the record's sort key (`DELIVERY#…`, `RESEND#…`). */
export interface DeliveryKey {
  readonly pk: string;
  readonly sk: string;
}

/** A re-send of an archived report: a delivery of its own, linked to the run and original message. */
export interface ResendRecord extends Expiring {
  readonly runId: string;
  readonly requestId: string;
  /** The original message whose archived PDF is sent again. */
  readonly resendOf: string;
  readonly municipality: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** Role per address; `extern` for an address that is not on the recipient list. */
  readonly roles: Readonly<Record<string, RecipientRole | 'extern'>>;
  /** Addresses sent to that are not on the recipient list (only with --to). */
  readonly offList: readonly string[];
  readonly requestedBy: string;
  readonly status: 'claimed' | 'sent' | 'failed';
  readonly claimedAt: string;
  readonly attachmentKey: string;
  readonly sentAt?: string;
  readonly sesMessageId?: string;
  readonly reason?: string;
}

/** What SES reported for one address of one delivery. */
export interface RecipientEventRecord extends Expiring {
  readonly deliverySk: string;
  readonly email: string;
  readonly outcome: RecipientOutcome;
  readonly detail: string;
  readonly at: string;
  readonly sesMessageId: string;
}

export interface RunEntries {
  readonly ledger: readonly DeliveryRecord[];
  readonly resends: readonly (ResendRecord & DeliveryKey)[];
  readonly events: readonly RecipientEventRecord[];
}

export interface ReleaseMark {
  readonly releasedFrom: string;
  readonly releasedBy: string;
  readonly releasedAt: string;
}

export type ListedRun = RunRecord & Partial<ReleaseMark>;

/** The operators' view of runs and deliveries: re-sends, what SES reported, the concept counter, releases. */
export interface DeliveryLedger {
  /** Every run, newest first (all of them, however many pages the store reads). */
  runs(): Promise<ListedRun[]>;
  run(runId: string): Promise<ListedRun | undefined>;
  /** The run's ledger, its re-sends and what SES reported about them. */
  entries(runId: string): Promise<RunEntries>;
  /** Claims a re-send before it is sent; a retried request (same request id) gets its own record back. */
  claimResend(record: Omit<ResendRecord, 'status'>): Promise<{ claimed: true; key: DeliveryKey } | { claimed: false; existing: ResendRecord }>;
  markResendSent(key: DeliveryKey, sesMessageId: string, sentAt: string): Promise<void>;
  markResendFailed(key: DeliveryKey, reason: string): Promise<void>;
  /** The delivery an SES message id belongs to (a run's message or a re-send); undefined for mail rapportbode did not record. */
  deliveryOf(sesMessageId: string): Promise<DeliveryKey | undefined>;
  /** Records what SES reported, per address. Idempotent: SNS may deliver an event twice. */
  recordEvent(delivery: DeliveryKey, event: DeliveryEvent): Promise<void>;
  /** The number of the period's latest concept run, 0 when there is none. */
  latestConcept(period: string): Promise<number>;
  /** Moves the period's concept number from `previous` to `previous + 1`; false when another did first. */
  advanceConcept(period: string, previous: number): Promise<boolean>;
  /** Notes on the final run which concept it released and who did; the run must exist. */
  markReleased(runId: string, mark: ReleaseMark): Promise<void>;
}

// ─── Images ─────────────────────────────────────────────────────────────────────────────────

/** A period's images, for the report (records with the bytes in the archive). */
export interface ImageLibrary {
  list(period: string): Promise<ImageRecord[]>;
  /** The records with their bytes; an image whose bytes are gone stops the run (DataMissingError). */
  forPeriod(period: string): Promise<LoadedImage[]>;
  /** Stores the bytes, then the record; takes the bytes back if the record cannot be written. */
  add(record: ImageRecord, bytes: Uint8Array): Promise<void>;
  /** Removes the record, then the bytes; undefined when there is none. */
  remove(period: string, id: string): Promise<(Pick<ImageRecord, 'id'> & Partial<ImageRecord>) | undefined>;
}

/** An image as it will be stored: decoded, and scaled down when larger than a page needs. */
export interface PreparedImage {
  readonly bytes: Uint8Array;
  readonly contentType: ImageContentType;
  readonly width: number;
  readonly height: number;
  /** The size it came in at when it had to be scaled down; null when it is stored as given. */
  readonly scaledFrom: { readonly width: number; readonly height: number } | null;
}

/** Decodes an image an operator adds and scales it when needed; a broken file is an InvalidInputError. */
export type PrepareImage = (bytes: Uint8Array, contentType: ImageContentType, name: string) => Promise<PreparedImage>;

// ─── Figures and the ingest bucket ──────────────────────────────────────────────────────────

export type Dataset = { readonly kind: 'figures'; readonly values: readonly Figure[] } | { readonly kind: 'benchmark'; readonly values: readonly Benchmark[] };

export interface ImportRecord {
  readonly importId: string;
  readonly kind: ImportKind;
  /** The file name, no path: what the operator recognises. */
  readonly source: string;
  readonly status: 'started' | 'committed';
  readonly startedAt: string;
  readonly committedAt?: string;
  /** Values this import wrote (the new and changed ones). */
  readonly values: number;
}

/**
 * Figures and benchmarks as imports: what an import writes is visible all at once when it
 * commits; per value, the latest committed import wins; an import that stopped halfway is invisible.
 */
export interface FigureStore {
  figures(months: readonly MonthKey[]): Promise<Figure[]>;
  benchmarks(): Promise<Benchmark[]>;
  imports(): Promise<ImportRecord[]>;
  write(record: Pick<ImportRecord, 'importId' | 'source' | 'startedAt'>, dataset: Dataset, committedAt: () => Date, onProgress?: (written: number, total: number) => void): Promise<void>;
}

/** The ingest bucket: files land in `incoming/` and move on when they are handled. */
export interface IngestFiles {
  /** Size in bytes, read before the file itself so an oversized one is refused unread. */
  size(key: string): Promise<number>;
  read(key: string): Promise<AsyncIterable<Uint8Array>>;
  putText(key: string, text: string): Promise<void>;
  move(from: string, to: string): Promise<void>;
}

// ─── Mail ───────────────────────────────────────────────────────────────────────────────────

export interface OutgoingMail {
  readonly from: string;
  readonly replyTo?: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Stable per run and message, so a duplicate that slips through is recognisable. */
  readonly messageId: string;
  readonly attachments: readonly { filename: string; content: Uint8Array; contentType: string }[];
}

export interface SendQuota {
  readonly max24HourSend: number;
  readonly maxSendRate: number;
  readonly sentLast24Hours: number;
}

/** The mail would be larger than SES takes: raised by `compose`, nothing sent. */
export class MessageTooLargeError extends RapportbodeError {}
/** SES would not tell the account's sending limits (GetAccount): no run sends without them. */
export class SesAccountError extends RapportbodeError {}
/** SES answered that it will not send this message (e.g. MessageRejected): retrying will not help. */
export class SendRejectedError extends RapportbodeError {}
/** SES kept throttling or refusing connections through every retry: nothing was sent. */
export class SendThrottledError extends RapportbodeError {}
/**
 * The request reached SES but no clear answer came back (5xx, reset, timeout): SES may have sent
 * the mail. Not retried automatically, because that could deliver it twice.
 */
export class SendOutcomeUnknownError extends RapportbodeError {}

export interface Mailer {
  /** The raw MIME message, byte for byte as it will be sent and archived; MessageTooLargeError over SES's limit. */
  compose(mail: OutgoingMail): Promise<Uint8Array>;
  /** Waits for the next free send slot under the rate limit. */
  pace(): Promise<void>;
  /** Sends one raw message and returns SES's message id; the errors above say what became of it. */
  send(raw: Uint8Array): Promise<string>;
  /** The account's sending limits. */
  quota(): Promise<SendQuota>;
  /** Lowers the pace (never raises it above the configured rate). */
  limitRate(perSecond: number): void;
}

// ─── Rendering and printing ─────────────────────────────────────────────────────────────────

export interface RenderedMail {
  readonly subject: string;
  /** The plain-text part: the same words as the HTML part. */
  readonly text: string;
  readonly html: string;
  /** The PDF's file name: report, organisation, months, municipality. */
  readonly attachmentName: string;
}

/** Whom one mail goes to: the municipality whose report it carries and the people in its To. */
export interface MailAddress {
  readonly municipality: string;
  readonly addressees: readonly Addressee[];
  /** A concept mail to one reviewer or gbo-lid: that person's answer link, and the review's last day. */
  readonly answer?: { readonly url: string; readonly reviewEndsOn: string };
  /** A final's "Lees deze rapportage online": the edition's address; none in a concept. */
  readonly reading?: ReadingAddress;
}

/** Where a final's readers read the web edition (issue 28). */
export interface ReadingAddress {
  readonly url: string;
  /** A `lezen` link for the mail's recipients (besloten), not the public address (openbaar). */
  readonly personal: boolean;
}

/**
 * Makes the reading address of a final's mail: a signed `lezen` link (besloten) or the edition's
 * address (openbaar); none for besloten where no link key is kept.
 */
export interface ReadingLinks {
  /** `period` (JJJJ-MM): the mail's own edition; without it the municipality's latest. */
  forMail(mail: { readonly municipality: string; readonly period?: string; readonly emails: readonly string[]; readonly publication: Publication }): Promise<ReadingAddress | undefined>;
}

/**
 * The part of a document that differs between the documents of a run, for a shell that holds
 * everything else and an empty `<div id="document-part">`. The part's root element carries
 * `data-document-part="<key>"`, so the printer can check that the page shows this part and no other.
 */
export interface DocumentPart {
  readonly key: string;
  readonly title: string;
  readonly html: string;
}

/** The report and its mail as HTML: the organisation part once per run, a part per municipality. */
export interface Renderer {
  organisationHtml(part: OrganisationPart): string;
  reportShell(part: OrganisationPart, organisationHtml: string): string;
  municipalityPart(part: OrganisationPart, paragraph: MunicipalityParagraph): DocumentPart;
  documentHtml(part: OrganisationPart, organisationHtml: string, documentPart: DocumentPart): string;
  mail(part: OrganisationPart, address: MailAddress): RenderedMail;
}

/** Prints documents to PDF; one printer per run, closed at its end. */
export interface Printer {
  /** Prints a complete document. */
  print(html: string): Promise<Uint8Array>;
  /** Prints `shell` with `part` in its slot: the same PDF as printing the complete document. */
  printPart(shell: string, part: DocumentPart): Promise<Uint8Array>;
  close(): Promise<void>;
}

// ─── The web edition ────────────────────────────────────────────────────────────────────────

export type { EditionFile };

/**
 * Where the web edition is published: a folder locally (`<map>/web/`), the pages' bucket in AWS
 * (`WEB_BUCKET`), served by CloudFront. Each publish is the whole site: every page's period picker
 * and every indicator's history change when a period is released.
 */
export interface EditionPublisher {
  /**
   * Replaces the published files with `files`, all or nothing as far as the medium allows: a
   * folder is written beside the old one and switched in; a bucket gets everything but the
   * pages, then the pages, and only then loses what is no longer published. The shared
   * `assets/` are replaced only by a publish that brings them (the run function's does not).
   */
  publish(files: readonly EditionFile[]): Promise<void>;
}
