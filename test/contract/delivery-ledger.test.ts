import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../functions/adapters/delivery-log';
import { InMemoryData, InMemoryDeliveryLog, InMemoryRunStore } from '../../functions/adapters/memory';
import { RunStore } from '../../functions/adapters/run-store';
import type { DeliveryEvent } from '../../functions/core/ses-events';
import type { DeliveryLedger, ResendRecord, RunLedger } from '../../functions/usecases/ports';
import { expiry, useEmulators } from './support';

const RETENTION_DAYS = 30;
/** Small pages, so listing the runs takes several: a store that reads one page loses runs. */
const PAGE = 2;

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<{ log: DeliveryLedger; runs: RunLedger }> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const data = new InMemoryData();
      return { log: new InMemoryDeliveryLog(data, RETENTION_DAYS), runs: new InMemoryRunStore(data, RETENTION_DAYS) };
    },
  },
  {
    name: 'DynamoDB (dynalite)',
    make: async () => {
      const table = await emulators.table();
      return { log: new DeliveryLog(table, RETENTION_DAYS, { scanPageSize: PAGE }), runs: new RunStore(table, RETENTION_DAYS) };
    },
  },
];

const NOW = new Date('2026-11-02T07:00:00Z');
const run = (runId: string, startedAt: string) => ({ runId, period: runId.slice(0, 7), kind: 'final' as const, startedAt });
const resend = (requestId: string, resendOf = 'Tiel.1'): Omit<ResendRecord, 'status'> => ({
  runId: '2026-09-final',
  requestId,
  resendOf,
  municipality: 'Tiel',
  to: ['a@tiel.example'],
  cc: [],
  roles: { 'a@tiel.example': 'ab-lid' },
  offList: [],
  requestedBy: 'operator',
  claimedAt: '2026-11-03T10:00:00.000Z',
  attachmentKey: 'runs/2026-09-final/tiel.pdf',
});
const bounce = (sesMessageId: string, addresses: string[]): DeliveryEvent => ({ sesMessageId, outcome: 'bounced', addresses, detail: 'Permanent: General', at: '2026-11-03T11:00:00.000Z', blocks: true });

describe.each(subjects)('DeliveryLedger: $name', ({ make }) => {
  it('lists every run, newest first, however many pages the store reads', async () => {
    // Prepare: seven runs, each with a message in its ledger (items the listing must pass over)
    const { log, runs } = await make();
    const ids = ['2026-01-final', '2026-03-final', '2026-05-final', '2026-07-final', '2026-09-final', '2026-09-concept-1', '2026-11-concept-1'];
    for (const [i, id] of ids.entries()) {
      await runs.acquireRun(run(id, `2026-10-0${i + 1}T07:00:00.000Z`), NOW, 45_000);
      await runs.claimDelivery({ runId: id, messageKey: 'Tiel.1', municipality: 'Tiel', to: ['a@tiel.example'], cc: [], claimedAt: NOW.toISOString() }, 45_000);
    }
    // Act
    const listed = await log.runs();
    // Assess
    expect(listed.map((r) => r.runId)).toEqual([...ids].reverse());
  });

  it('claims a re-send once: the same request again gets the first claim back', async () => {
    // Prepare
    const { log } = await make();
    // Act
    const first = await log.claimResend(resend('req-1'));
    const again = await log.claimResend(resend('req-1'));
    const other = await log.claimResend(resend('req-2'));
    // Assess
    expect(first).toEqual({ claimed: true, key: { pk: 'RUN#2026-09-final', sk: 'RESEND#req-1#Tiel.1' } });
    expect(again).toMatchObject({ claimed: false, existing: { requestId: 'req-1', status: 'claimed' } });
    expect(other.claimed).toBe(true);
  });

  it('records a sent re-send, finds it by its SES message id, and keeps it with its expiry', async () => {
    // Prepare
    const { log } = await make();
    const claim = await log.claimResend(resend('req-1'));
    if (!claim.claimed) throw new Error('not claimed');
    // Act
    await log.markResendSent(claim.key, 'ses-1', '2026-11-03T10:00:01.000Z');
    const failed = await log.claimResend(resend('req-2'));
    if (failed.claimed) await log.markResendFailed(failed.key, 'SES weigerde het bericht');
    // Assess
    expect(await log.deliveryOf('ses-1')).toEqual(claim.key);
    expect(await log.deliveryOf('ses-onbekend')).toBeUndefined();
    const { resends } = await log.entries('2026-09-final');
    expect(resends.map((r) => [r.requestId, r.status, r.sesMessageId ?? r.reason])).toEqual([
      ['req-1', 'sent', 'ses-1'],
      ['req-2', 'failed', 'SES weigerde het bericht'],
    ]);
    expect(resends[0]?.expiresAt).toBe(expiry('2026-11-03T10:00:00.000Z', RETENTION_DAYS));
  });

  it('records what SES reported per address, once however often it is delivered, expiring with the bewaartermijn', async () => {
    // Prepare: a message the run sent
    const { log, runs } = await make();
    await runs.acquireRun(run('2026-09-final', NOW.toISOString()), NOW, 45_000);
    await runs.claimDelivery({ runId: '2026-09-final', messageKey: 'Tiel.1', municipality: 'Tiel', to: ['a@tiel.example', 'b@tiel.example'], cc: [], claimedAt: NOW.toISOString() }, 45_000);
    await runs.markSent('2026-09-final', 'Tiel.1', 'ses-run-1', NOW.toISOString());
    const delivery = await log.deliveryOf('ses-run-1');
    if (!delivery) throw new Error('the sent message is not found by its SES id');
    // Act
    await log.recordEvent(delivery, bounce('ses-run-1', ['a@tiel.example', 'b@tiel.example']));
    await log.recordEvent(delivery, bounce('ses-run-1', ['a@tiel.example', 'b@tiel.example']));
    // Assess
    const { ledger, events } = await log.entries('2026-09-final');
    expect(delivery).toEqual({ pk: 'RUN#2026-09-final', sk: 'DELIVERY#Tiel.1' });
    expect(ledger.map((d) => [d.messageKey, d.status, d.sesMessageId])).toEqual([['Tiel.1', 'sent', 'ses-run-1']]);
    expect(events.map((e) => [e.deliverySk, e.email, e.outcome])).toEqual([
      ['DELIVERY#Tiel.1', 'a@tiel.example', 'bounced'],
      ['DELIVERY#Tiel.1', 'b@tiel.example', 'bounced'],
    ]);
    expect(events.map((e) => e.expiresAt)).toEqual([expiry('2026-11-03T11:00:00.000Z', RETENTION_DAYS), expiry('2026-11-03T11:00:00.000Z', RETENTION_DAYS)]);
  });

  it('hands out each concept number once: a second operator on the same number is refused', async () => {
    // Prepare
    const { log } = await make();
    // Act
    const first = await log.advanceConcept('2026-09', 0);
    const raced = await log.advanceConcept('2026-09', 0);
    const next = await log.advanceConcept('2026-09', 1);
    // Assess
    expect([first, raced, next]).toEqual([true, false, true]);
    expect(await log.latestConcept('2026-09')).toBe(2);
    expect(await log.latestConcept('2026-11')).toBe(0);
  });

  it('marks a final run as released from its concept, and refuses to mark a run that is not there', async () => {
    // Prepare
    const { log, runs } = await make();
    await runs.acquireRun(run('2026-09-final', NOW.toISOString()), NOW, 45_000);
    const mark = { releasedFrom: '2026-09-concept-1', releasedBy: 'operator', releasedAt: '2026-11-10T09:00:00.000Z' };
    // Act
    await log.markReleased('2026-09-final', mark);
    const missing = await log.markReleased('2026-07-final', mark).then(() => 'marked', () => 'refused');
    // Assess
    expect(await log.run('2026-09-final')).toMatchObject({ runId: '2026-09-final', status: 'running', ...mark });
    expect(missing).toBe('refused');
    expect(await log.run('2026-07-final')).toBeUndefined();
  });
});
