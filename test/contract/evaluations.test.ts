import { describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../functions/adapters/evaluation-store';
import { InMemoryEvaluations } from '../../functions/adapters/memory/evaluations';
import { DEFAULT_EVALUATION_QUESTIONS } from '../../functions/core/evaluation';
import type { EvaluationRecord, EvaluationStore as EvaluationStorePort } from '../../functions/usecases/ports';
import { expiry, useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<EvaluationStorePort> }[] = [
  { name: 'in memory', make: async () => new InMemoryEvaluations() },
  { name: 'DynamoDB (dynalite)', make: async () => new EvaluationStore(await emulators.table(), 30) },
];

const record: EvaluationRecord = {
  id: 'evaluatie-2026-12-07',
  questions: DEFAULT_EVALUATION_QUESTIONS,
  startedAt: '2026-12-07T08:00:00.000Z',
  startedBy: 'beheerder',
  closesAt: '2026-12-28T08:00:00.000Z',
  remindOn: '2026-12-14',
};

describe.each(subjects)('EvaluationStore: $name', ({ make }) => {
  it('creates an evaluation once and lists them oldest first', async () => {
    const store = await make();
    expect(await store.createEvaluation(record)).toBe(true);
    expect(await store.createEvaluation({ ...record, startedBy: 'iemand anders' })).toBe(false);
    expect(await store.createEvaluation({ ...record, id: 'evaluatie-2027-06-07' })).toBe(true);
    expect(await store.evaluation(record.id)).toEqual(record);
    expect(await store.evaluation('evaluatie-1999-01-01')).toBeUndefined();
    expect((await store.evaluations()).map((e) => e.id)).toEqual(['evaluatie-2026-12-07', 'evaluatie-2027-06-07']);
  });

  it('gives a claim once, gives it back on unclaim, and keeps claims per evaluation', async () => {
    const store = await make();
    expect(await store.claim(record.id, 'uitnodiging#s1', record.startedAt)).toBe(true);
    expect(await store.claim(record.id, 'uitnodiging#s1', record.startedAt)).toBe(false);
    expect(await store.claim(record.id, 'herinnering#s1', record.startedAt)).toBe(true);
    expect(await store.claim('evaluatie-2027-06-07', 'uitnodiging#s1', record.startedAt)).toBe(true);
    await store.unclaim(record.id, 'herinnering#s1');
    expect(await store.claims(record.id)).toEqual(['uitnodiging#s1']);
    expect(await store.claim(record.id, 'herinnering#s1', record.startedAt)).toBe(true);
  });

  it('keeps one response per person: new answers replace the earlier ones', async () => {
    const store = await make();
    await store.recordResponse({ evaluationId: record.id, subject: 's1', answers: { nut: '3' }, at: '2026-12-08T09:00:00.000Z' });
    await store.recordResponse({ evaluationId: record.id, subject: 's1', answers: { nut: '5', mist: 'Niets' }, at: '2026-12-08T10:00:00.000Z' });
    await store.recordResponse({ evaluationId: record.id, subject: 's2', answers: { nut: '2' }, at: '2026-12-08T11:00:00.000Z' });
    await store.recordResponse({ evaluationId: 'evaluatie-2027-06-07', subject: 's1', answers: { nut: '1' }, at: '2027-06-08T11:00:00.000Z' });
    const responses = (await store.responses(record.id)).sort((a, b) => a.subject.localeCompare(b.subject));
    expect(responses).toEqual([
      { evaluationId: record.id, subject: 's1', answers: { nut: '5', mist: 'Niets' }, at: '2026-12-08T10:00:00.000Z' },
      { evaluationId: record.id, subject: 's2', answers: { nut: '2' }, at: '2026-12-08T11:00:00.000Z' },
    ]);
    expect(await store.claims(record.id)).toEqual([]);
  });
});

describe('EvaluationStore: DynamoDB only', () => {
  it('stamps the evaluation, its claims and its answers with the bewaartermijn', async () => {
    const table = await emulators.table();
    const store = new EvaluationStore(table, 30);
    await store.createEvaluation(record);
    await store.claim(record.id, 'uitnodiging#s1', '2026-12-07T08:00:01.000Z');
    await store.recordResponse({ evaluationId: record.id, subject: 's1', answers: { nut: '4' }, at: '2026-12-09T10:00:00.000Z' });
    const byKind = Object.fromEntries((await emulators.items(table)).map((item) => [String(item.sk).split('#')[0], item.expiresAt]));
    expect(byKind).toEqual({
      [record.id]: expiry(record.startedAt, 30),
      CLAIM: expiry('2026-12-07T08:00:01.000Z', 30),
      RESPONSE: expiry('2026-12-09T10:00:00.000Z', 30),
    });
  });
});
