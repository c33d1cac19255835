import type { CycleStatusDeps } from '../usecases/cycle';
import type { ImageDeps } from '../usecases/images';
import type { ImportDeps } from '../usecases/import-figures';
import type { Archive, AuditEntry, AuditLog, CycleStore, DeliveryLedger } from '../usecases/ports';
import type { RecipientDeps } from '../usecases/recipients';
import type { ReleaseOptions, ReleaseOutcome, prepareRelease } from '../usecases/release';
import type { ResendRequest, ResendSummary } from '../usecases/resend';

/**
 * The work that may take minutes: a release renders and mails every municipality's report, a
 * re-send of a whole run is paced like the run. Locally it runs in the console's own process and
 * the answer waits for it; in AWS the console's function hands it to the run or the re-send
 * function (an asynchronous invocation) and answers at once, since API Gateway waits 30 s at most.
 */
export interface ConsoleJobs {
  release(runId: string, releasedBy: string, options?: ReleaseOptions): Promise<JobOutcome<ReleaseOutcome>>;
  resend(request: ResendRequest): Promise<JobOutcome<ResendSummary>>;
}

export type JobOutcome<T> = { readonly done: true; readonly result: T } | { readonly done: false; readonly queued: string };

/** Everything the console's API reads and changes, each through its use case's own ports. */
export interface ConsoleDeps {
  readonly status: CycleStatusDeps;
  readonly release: Parameters<typeof prepareRelease>[1];
  readonly cycles: CycleStore;
  readonly recipients: RecipientDeps;
  readonly imports: ImportDeps;
  readonly images: ImageDeps;
  readonly log: DeliveryLedger;
  readonly archive: Pick<Archive, 'find'>;
  readonly audit: AuditLog & { history(): Promise<AuditEntry[]> };
  readonly jobs: ConsoleJobs;
  readonly now: () => Date;
  /**
   * The address of a municipality's web edition for a signed-in console user: a short-lived `lezen`
   * link (besloten) or the plain address (openbaar); undefined where no web edition is set up.
   */
  readonly readingLink?: (municipality: string, actor: string) => Promise<string | undefined>;
  /** Writes one line of the console's security log (BIO 8.15.01); stdout in Lambda and locally. */
  readonly securityLog: (entry: SecurityLogEntry) => void;
}

/** Who did what to which object, from where, with what result, and when. No address in plain text. */
export interface SecurityLogEntry {
  readonly message: 'console action';
  readonly at: string;
  readonly requestId: string;
  readonly actor: string | null;
  readonly role: string | null;
  readonly origin: string;
  readonly action: string;
  readonly object: string;
  readonly result: 'ok' | 'geweigerd' | 'ongeldig' | 'fout';
  readonly status: number;
}
