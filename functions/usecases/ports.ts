import type { BlockedAddress } from '../core/blocked-addresses';
import type { Benchmark, Figure, Municipality, OrganisationVersion, Recipient } from '../core/organisation';
import type { MonthKey } from '../core/periods';

/**
 * The ports the use cases need from the outside, declared here so the use cases own them:
 * adapters implement them (functions/adapters), the composition modules wire them, and tests may
 * pass in-memory versions.
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
    | 'organisation applied'
    | 'period held'
    | 'period unheld'
    | 'commentary set'
    | 'image added'
    | 'image removed'
    | 'figures imported'
    | 'benchmark imported';
  readonly email?: string;
  readonly municipality?: string;
  readonly runId?: string;
  readonly detail: string;
}

export interface AuditLog {
  audit(entries: readonly AuditEntry[], stableId?: string): Promise<void>;
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
}

/** The archive bucket: every run's HTML, PDF, raw mail and snapshot, and the operators' images. */
export interface Archive {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** Undefined when there is no object under `key`. */
  find(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}
