import type { BlockedAddress } from '../../core/blocked-addresses';
import type { OrganisationVersion, Recipient } from '../../core/organisation';
import type { ImageRecord } from '../../core/report-images';
import type { AuditEntry, CycleRecord, DeliveryKey, DeliveryRecord, ImportRecord, ListedRun, RecipientEventRecord, ResendRecord } from '../../usecases/ports';

/**
 * What the in-memory adapters hold, shared between them the way the real ones share the single
 * table and the buckets: a recipient added through the RecipientDirectory is in the
 * OrganisationReader's list, a run's ledger is in the DeliveryLedger's entries, an import's
 * figures are in the organisation's figures. Plain maps: a test may look inside.
 */
export class InMemoryData {
  readonly organisation = { versions: new Map<number, OrganisationVersion>(), current: null as number | null };
  /** Keyed `<municipality or _>#<email, lower case>`, as the table's recipient items. */
  readonly recipients = new Map<string, Recipient>();
  readonly blocked = new Map<string, BlockedAddress>();
  readonly commentary = new Map<string, string>();
  /** Keyed `<ISO time>#<id>`: read back oldest first. */
  readonly audit = new Map<string, AuditEntry & { expiresAt?: number }>();
  readonly imports = new Map<string, ImportRecord>();
  /** Every value an import wrote, with the import that wrote it (visible once that import is committed). */
  readonly importValues: { importId: string; kind: 'figures' | 'benchmark'; key: string; value: unknown }[] = [];
  readonly runs = new Map<string, ListedRun>();
  /** Per run: its ledger, re-sends and SES events, keyed by sort key (`DELIVERY#…`, `RESEND#…`, `EVENT#…`). */
  readonly runItems = new Map<string, Map<string, DeliveryRecord | (ResendRecord & DeliveryKey) | RecipientEventRecord>>();
  /** SES message id → the delivery it belongs to, with its expiry. */
  readonly messageLookup = new Map<string, DeliveryKey & { expiresAt?: number }>();
  readonly concepts = new Map<string, number>();
  readonly cycles = new Map<string, CycleRecord & { notices: Record<string, string> }>();
  readonly images = new Map<string, ImageRecord>();
  /** Buckets: name → key → bytes and content type. */
  readonly buckets = new Map<string, Map<string, { body: Uint8Array; contentType: string }>>();

  bucket(name: string): Map<string, { body: Uint8Array; contentType: string }> {
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = new Map()));
    return bucket;
  }

  itemsOf(runId: string): Map<string, DeliveryRecord | (ResendRecord & DeliveryKey) | RecipientEventRecord> {
    let items = this.runItems.get(runId);
    if (!items) this.runItems.set(runId, (items = new Map()));
    return items;
  }
}

/** A copy, so a caller that changes what it got (or what it passed) never changes what is stored. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** `days` after `from`, in epoch seconds, as adapters/retention.ts writes it for DynamoDB's TTL. */
export { expiresAt } from '../retention';
