import type { DeliveryEvent } from '../../core/ses-events';
import type { DeliveryKey, DeliveryLedger, DeliveryRecord, ListedRun, RecipientEventRecord, ReleaseMark, ResendRecord, RunEntries } from '../../usecases/ports';
import { InMemoryData, copy, expiresAt } from './data';
import { compare } from './organisation-store';

/**
 * The operators' view of runs and deliveries in memory (the real one: adapters/delivery-log.ts):
 * the same keys (`RUN#<run>` / `DELIVERY#…`, `RESEND#…`, `EVENT#…`), the same conditions, the
 * same expiry on what it writes. `new InMemoryDeliveryLog(data?, retentionDays?)`.
 */
export class InMemoryDeliveryLog implements DeliveryLedger {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    private readonly retentionDays?: number,
  ) {}

  async runs(): Promise<ListedRun[]> {
    return [...this.data.runs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map(copy);
  }

  async run(runId: string): Promise<ListedRun | undefined> {
    const run = this.data.runs.get(runId);
    return run && copy(run);
  }

  async entries(runId: string): Promise<RunEntries> {
    const items = [...this.data.itemsOf(runId).entries()].sort(([a], [b]) => compare(a, b));
    const of = <T>(prefix: string) => items.filter(([sk]) => sk.startsWith(prefix)).map(([, item]) => copy(item) as T);
    return { ledger: of<DeliveryRecord>('DELIVERY#'), resends: of<ResendRecord & DeliveryKey>('RESEND#'), events: of<RecipientEventRecord>('EVENT#') };
  }

  async claimResend(record: Omit<ResendRecord, 'status'>): Promise<{ claimed: true; key: DeliveryKey } | { claimed: false; existing: ResendRecord }> {
    const key = { pk: `RUN#${record.runId}`, sk: `RESEND#${record.requestId}#${record.resendOf}` };
    const items = this.data.itemsOf(record.runId);
    const existing = items.get(key.sk);
    if (existing) return { claimed: false, existing: copy(existing) as ResendRecord };
    const expiry = expiresAt(record.claimedAt, this.retentionDays);
    items.set(key.sk, { ...key, ...copy(record), status: 'claimed', ...(expiry === undefined ? {} : { expiresAt: expiry }) });
    return { claimed: true, key };
  }

  async markResendSent(key: DeliveryKey, sesMessageId: string, sentAt: string): Promise<void> {
    this.update(key, { status: 'sent', sesMessageId, sentAt });
    const expiry = expiresAt(sentAt, this.retentionDays);
    this.data.messageLookup.set(sesMessageId, { pk: key.pk, sk: key.sk, ...(expiry === undefined ? {} : { expiresAt: expiry }) });
  }

  async markResendFailed(key: DeliveryKey, reason: string): Promise<void> {
    this.update(key, { status: 'failed', reason });
  }

  async deliveryOf(sesMessageId: string): Promise<DeliveryKey | undefined> {
    const found = this.data.messageLookup.get(sesMessageId);
    return found && { pk: found.pk, sk: found.sk };
  }

  async recordEvent(delivery: DeliveryKey, event: DeliveryEvent): Promise<void> {
    const items = this.data.itemsOf(runIdOf(delivery));
    const expiry = expiresAt(event.at, this.retentionDays);
    for (const email of event.addresses) {
      const record: RecipientEventRecord = { deliverySk: delivery.sk, email, outcome: event.outcome, detail: event.detail, at: event.at, sesMessageId: event.sesMessageId, ...(expiry === undefined ? {} : { expiresAt: expiry }) };
      items.set(`EVENT#${delivery.sk}#${email}#${event.outcome}`, record);
    }
  }

  async latestConcept(period: string): Promise<number> {
    return this.data.concepts.get(period) ?? 0;
  }

  async advanceConcept(period: string, previous: number): Promise<boolean> {
    if ((this.data.concepts.get(period) ?? 0) !== previous) return false;
    this.data.concepts.set(period, previous + 1);
    return true;
  }

  /** Like the real one, only on a run that exists (a conditional update). */
  async markReleased(runId: string, mark: ReleaseMark): Promise<void> {
    const run = this.data.runs.get(runId);
    if (!run) throw new Error(`no run ${runId} to mark as released`);
    this.data.runs.set(runId, { ...run, ...mark });
  }

  private update(key: DeliveryKey, fields: Record<string, string>): void {
    const items = this.data.itemsOf(runIdOf(key));
    const existing = items.get(key.sk);
    if (!existing) throw new Error(`no delivery ${key.sk} in ${key.pk} to update`);
    items.set(key.sk, { ...existing, ...fields } as typeof existing);
  }
}

function runIdOf(key: DeliveryKey): string {
  return key.pk.replace(/^RUN#/, '');
}
