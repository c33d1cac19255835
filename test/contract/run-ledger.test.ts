import { describe, expect, it } from 'vitest';
import { InMemoryRunStore } from '../../functions/adapters/memory';
import { RunStore } from '../../functions/adapters/run-store';
import type { DeliveryRecord, RunLedger } from '../../functions/usecases/ports';
import { expiry, useEmulators } from './support';

const RETENTION_DAYS = 30;
const LEASE_MS = 45_000;

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<RunLedger> }[] = [
  { name: 'in memory', make: async () => new InMemoryRunStore(undefined, RETENTION_DAYS) },
  { name: 'DynamoDB (dynalite)', make: async () => new RunStore(await emulators.table(), RETENTION_DAYS) },
];

const at = (seconds: number) => new Date(Date.parse('2026-11-02T07:00:00.000Z') + seconds * 1000);
const run = (startedAt: Date) => ({ runId: '2026-09-final', period: '2026-09', kind: 'final' as const, startedAt: startedAt.toISOString() });
const message = (claimedAt: Date, messageKey = 'Tiel.1'): Omit<DeliveryRecord, 'status'> => ({
  runId: '2026-09-final',
  messageKey,
  municipality: 'Tiel',
  to: ['a@tiel.example'],
  cc: ['b@tiel.example'],
  claimedAt: claimedAt.toISOString(),
  attachmentKey: 'runs/2026-09-final/tiel.pdf',
});

describe.each(subjects)('RunLedger: $name', ({ make }) => {
  it('gives a run to one worker at a time: a second finds it running until the lease has run out', async () => {
    // Prepare
    const runs = await make();
    // Act
    const first = await runs.acquireRun(run(at(0)), at(0), LEASE_MS);
    const second = await runs.acquireRun(run(at(10)), at(10), LEASE_MS);
    const afterLease = await runs.acquireRun(run(at(60)), at(60), LEASE_MS);
    // Assess
    expect(first).toEqual({ acquired: true });
    expect(second).toMatchObject({ acquired: false, existing: { status: 'running', leaseUntil: at(45).toISOString() } });
    expect(afterLease).toEqual({ acquired: true });
    expect(await runs.getRun('2026-09-final')).toMatchObject({
      status: 'running',
      startedAt: at(0).toISOString(),
      lastStartedAt: at(60).toISOString(),
      attempts: 2,
      expiresAt: expiry(at(60).toISOString(), RETENTION_DAYS),
    });
  });

  it('never takes a completed run again, but lets a partial one be continued', async () => {
    // Prepare
    const runs = await make();
    await runs.acquireRun(run(at(0)), at(0), LEASE_MS);
    await runs.finishRun('2026-09-final', 'partial', { sent: 1, skipped: 0, failed: 1 }, ['Tiel: SES weigerde'], at(5).toISOString());
    // Act
    const retry = await runs.acquireRun(run(at(10)), at(10), LEASE_MS);
    await runs.finishRun('2026-09-final', 'completed', { sent: 1, skipped: 1, failed: 0 }, [], at(15).toISOString());
    const again = await runs.acquireRun(run(at(20)), at(20), LEASE_MS);
    // Assess
    expect(retry).toEqual({ acquired: true });
    expect(again).toMatchObject({ acquired: false, existing: { status: 'completed', finishedAt: at(15).toISOString(), counts: { sent: 1, skipped: 1, failed: 0 } } });
  });

  it('claims a message once: a second claim is "in progress" while the first is live, and takes over a stale one', async () => {
    // Prepare
    const runs = await make();
    // Act
    const first = await runs.claimDelivery(message(at(0)), LEASE_MS);
    const live = await runs.claimDelivery(message(at(10)), LEASE_MS);
    const stale = await runs.claimDelivery(message(at(60)), LEASE_MS);
    // Assess
    expect([first, live, stale]).toEqual(['claimed', 'in progress', 'claimed']);
    const [record] = await runs.deliveries('2026-09-final');
    expect(record).toMatchObject({ status: 'claimed', claimedAt: at(60).toISOString(), expiresAt: expiry(at(60).toISOString(), RETENTION_DAYS) });
  });

  it('answers a claim on a settled message with its outcome, whatever the lease', async () => {
    // Prepare
    const runs = await make();
    for (const key of ['Tiel.1', 'Buren.1', 'Culemborg.1']) await runs.claimDelivery(message(at(0), key), LEASE_MS);
    await runs.markSent('2026-09-final', 'Tiel.1', 'ses-1', at(1).toISOString());
    await runs.markFailed('2026-09-final', 'Buren.1', 'SES weigerde het bericht');
    await runs.markUnknown('2026-09-final', 'Culemborg.1', 'geen antwoord van SES');
    // Act
    const outcomes = await Promise.all(['Tiel.1', 'Buren.1', 'Culemborg.1'].map((key) => runs.claimDelivery(message(at(3600), key), LEASE_MS)));
    // Assess
    expect(outcomes).toEqual(['sent', 'failed', 'unknown']);
    const ledger = await runs.deliveries('2026-09-final');
    expect(ledger.map((d) => [d.messageKey, d.status, d.sesMessageId ?? d.reason])).toEqual([
      ['Buren.1', 'failed', 'SES weigerde het bericht'],
      ['Culemborg.1', 'unknown', 'geen antwoord van SES'],
      ['Tiel.1', 'sent', 'ses-1'],
    ]);
  });

  it('keeps the role each address was sent as, for deliveries to show a gbo-lid as one', async () => {
    const runs = await make();
    await runs.acquireRun(run(at(0)), at(0), LEASE_MS);
    await runs.claimDelivery({ ...message(at(0)), cc: [], to: ['gbo@tiel.example'], roles: { 'gbo@tiel.example': 'gbo-lid' } }, LEASE_MS);
    expect(await runs.deliveries('2026-09-final')).toEqual([expect.objectContaining({ to: ['gbo@tiel.example'], roles: { 'gbo@tiel.example': 'gbo-lid' } })]);
  });

  it('refuses to record an outcome of a message that was never claimed', async () => {
    // Prepare
    const runs = await make();
    // Act
    const outcome = await runs.markSent('2026-09-final', 'Tiel.1', 'ses-1', at(1).toISOString()).then(() => 'recorded', () => 'refused');
    // Assess
    expect(outcome).toBe('refused');
    expect(await runs.deliveries('2026-09-final')).toEqual([]);
  });
});
