import type { ClaimOutcome, DeliveryRecord, RunLedger, RunRecord, RunStatus } from '../../usecases/ports';
import { InMemoryData, copy, expiresAt } from './data';

/**
 * Runs and their delivery ledger in memory (the real one: adapters/run-store.ts), with the same
 * conditions: one live worker per run, one claim per message, a claim older than the lease taken
 * over. `new InMemoryRunStore(data?, retentionDays?)`.
 */
export class InMemoryRunStore implements RunLedger {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    private readonly retentionDays?: number,
  ) {}

  async acquireRun(run: Omit<RunRecord, 'status' | 'leaseUntil'>, now: Date, leaseMs: number): Promise<{ acquired: true } | { acquired: false; existing: RunRecord }> {
    const existing = this.data.runs.get(run.runId);
    const free = !existing || existing.status === 'partial' || existing.status === 'failed' || (existing.status === 'running' && (existing.leaseUntil ?? '') < now.toISOString());
    if (!free) return { acquired: false, existing: copy(existing) };
    const expiry = expiresAt(run.startedAt, this.retentionDays);
    this.data.runs.set(run.runId, {
      ...existing,
      runId: run.runId,
      period: run.period,
      kind: run.kind,
      status: 'running',
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      startedAt: existing?.startedAt ?? run.startedAt,
      lastStartedAt: run.startedAt,
      attempts: (existing?.attempts ?? 0) + 1,
      ...(expiry === undefined ? {} : { expiresAt: expiry }),
    });
    return { acquired: true };
  }

  async renewLease(runId: string, now: Date, leaseMs: number): Promise<void> {
    this.update(runId, { leaseUntil: new Date(now.getTime() + leaseMs).toISOString() });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.data.runs.get(runId);
    return run && copy(run);
  }

  async finishRun(runId: string, status: Exclude<RunStatus, 'running'>, counts: RunRecord['counts'], problems: readonly string[], finishedAt: string): Promise<void> {
    this.update(runId, { status, counts: copy(counts), problems: [...problems], finishedAt });
  }

  async claimDelivery(record: Omit<DeliveryRecord, 'status'>, leaseMs: number): Promise<ClaimOutcome> {
    const items = this.data.itemsOf(record.runId);
    const key = `DELIVERY#${record.messageKey}`;
    const existing = items.get(key) as DeliveryRecord | undefined;
    const staleBefore = new Date(Date.parse(record.claimedAt) - leaseMs).toISOString();
    if (existing && !(existing.status === 'claimed' && existing.claimedAt < staleBefore)) return existing.status === 'claimed' ? 'in progress' : existing.status;
    const expiry = expiresAt(record.claimedAt, this.retentionDays);
    items.set(key, { ...copy(record), status: 'claimed', ...(expiry === undefined ? {} : { expiresAt: expiry }) });
    return 'claimed';
  }

  async markSent(runId: string, messageKey: string, sesMessageId: string, sentAt: string): Promise<void> {
    this.updateDelivery(runId, messageKey, { status: 'sent', sesMessageId, sentAt });
    const expiry = expiresAt(sentAt, this.retentionDays);
    this.data.messageLookup.set(sesMessageId, { pk: `RUN#${runId}`, sk: `DELIVERY#${messageKey}`, ...(expiry === undefined ? {} : { expiresAt: expiry }) });
  }

  async markFailed(runId: string, messageKey: string, reason: string): Promise<void> {
    this.updateDelivery(runId, messageKey, { status: 'failed', reason });
  }

  async markUnknown(runId: string, messageKey: string, reason: string): Promise<void> {
    this.updateDelivery(runId, messageKey, { status: 'unknown', reason });
  }

  async deliveries(runId: string): Promise<DeliveryRecord[]> {
    return [...this.data.itemsOf(runId).entries()]
      .filter(([sk]) => sk.startsWith('DELIVERY#'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, item]) => copy(item as DeliveryRecord));
  }

  /** As DynamoDB's UpdateItem without a condition: a run that is not there yet gets the fields. */
  private update(runId: string, fields: Partial<RunRecord>): void {
    this.data.runs.set(runId, { ...(this.data.runs.get(runId) ?? ({} as RunRecord)), ...fields });
  }

  /** The real adapter's update is conditional on the record: recording an outcome of an unclaimed message is an error. */
  private updateDelivery(runId: string, messageKey: string, fields: Partial<DeliveryRecord>): void {
    const items = this.data.itemsOf(runId);
    const key = `DELIVERY#${messageKey}`;
    const existing = items.get(key) as DeliveryRecord | undefined;
    if (!existing) throw new Error(`no delivery ${key} in run ${runId} to update`);
    items.set(key, { ...existing, ...fields });
  }
}
