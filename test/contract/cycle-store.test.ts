import { describe, expect, it } from 'vitest';
import { CycleStore } from '../../functions/adapters/cycle-store';
import { InMemoryCycleStore } from '../../functions/adapters/memory';
import type { CycleStore as CycleStorePort } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<CycleStorePort> }[] = [
  { name: 'in memory', make: async () => new InMemoryCycleStore() },
  { name: 'DynamoDB (dynalite)', make: async () => new CycleStore(await emulators.table()) },
];

describe.each(subjects)('CycleStore: $name', ({ make }) => {
  it('records the concept under review, and lists every period that has a record, in order', async () => {
    // Prepare
    const cycles = await make();
    // Act
    await cycles.recordConcept('2026-09', { runId: '2026-09-concept-1', sentOn: '2026-10-05', reviewEndsOn: '2026-10-12' });
    await cycles.recordConcept('2026-07', { runId: '2026-07-concept-1', sentOn: '2026-08-05', reviewEndsOn: '2026-08-12' });
    await cycles.recordConcept('2026-09', { runId: '2026-09-concept-2', sentOn: '2026-10-07', reviewEndsOn: '2026-10-14' });
    // Assess
    expect(await cycles.get('2026-11')).toBeUndefined();
    expect(await cycles.get('2026-09')).toEqual({ period: '2026-09', conceptRunId: '2026-09-concept-2', conceptSentOn: '2026-10-07', reviewEndsOn: '2026-10-14', held: false, heldBy: undefined, heldAt: undefined });
    expect((await cycles.list()).map((r) => r.period)).toEqual(['2026-07', '2026-09']);
  });

  it('gives a claim back only while it is still the one given back: the next claim wins again, a newer claim stays', async () => {
    // Prepare
    const cycles = await make();
    await cycles.claimNotice('2026-09', 'delivery-reminder.tiel.x', '1');
    // Act
    await cycles.releaseNotice('2026-09', 'delivery-reminder.tiel.x', '1');
    const again = await cycles.claimNotice('2026-09', 'delivery-reminder.tiel.x', '1');
    await cycles.claimNotice('2026-09', 'delivery-reminder.tiel.x', '2');
    await cycles.releaseNotice('2026-09', 'delivery-reminder.tiel.x', '1');
    await cycles.releaseNotice('2026-11', 'never-claimed', '1');
    // Assess
    expect(again).toBe(true);
    expect(await cycles.claimNotice('2026-09', 'delivery-reminder.tiel.x', '2')).toBe(false);
  });

  it('claims a notice once per thing it is about: a second claim the same day loses, the next day wins', async () => {
    // Prepare
    const cycles = await make();
    // Act
    const claims = [
      await cycles.claimNotice('2026-09', 'gaps', '2026-10-05'),
      await cycles.claimNotice('2026-09', 'gaps', '2026-10-05'),
      await cycles.claimNotice('2026-09', 'reminder', '2026-10-05'),
      await cycles.claimNotice('2026-09', 'gaps', '2026-10-06'),
      await cycles.claimNotice('2026-11', 'gaps', '2026-10-06'),
    ];
    // Assess
    expect(claims).toEqual([true, false, true, true, true]);
  });

  it('holds a period once and frees it once, saying whether anything changed', async () => {
    // Prepare
    const cycles = await make();
    const by = (who: string, at: string) => ({ by: who, at });
    // Act
    const unheldFirst = await cycles.setHold('2026-09', { held: false, ...by('a', '2026-10-08T09:00:00Z') });
    const held = await cycles.setHold('2026-09', { held: true, ...by('a', '2026-10-08T09:01:00Z') });
    const heldAgain = await cycles.setHold('2026-09', { held: true, ...by('b', '2026-10-08T09:02:00Z') });
    const record = await cycles.get('2026-09');
    const freed = await cycles.setHold('2026-09', { held: false, ...by('b', '2026-10-08T09:03:00Z') });
    // Assess
    expect([unheldFirst, held, heldAgain, freed]).toEqual([false, true, false, true]);
    expect(record).toMatchObject({ held: true, heldBy: 'a', heldAt: '2026-10-08T09:01:00Z' });
    expect((await cycles.get('2026-09'))?.held).toBe(false);
  });
});
