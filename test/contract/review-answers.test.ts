import { describe, expect, it } from 'vitest';
import { InMemoryReviewAnswers } from '../../functions/adapters/memory/review-answers';
import { ReviewAnswerStore } from '../../functions/adapters/review-answer-store';
import type { ReviewAnswerStore as ReviewAnswerStorePort } from '../../functions/usecases/ports';
import { expiry, useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<{ answers: ReviewAnswerStorePort }> }[] = [
  { name: 'in memory', make: async () => ({ answers: new InMemoryReviewAnswers() }) },
  {
    name: 'DynamoDB (dynalite)',
    make: async () => {
      return { answers: new ReviewAnswerStore(await emulators.table(), 30) };
    },
  },
];

describe.each(subjects)('ReviewAnswerStore: $name', ({ make }) => {
  it('keeps one answer per person per municipality: a new answer replaces the earlier one, other concepts apart', async () => {
    // Prepare
    const { answers } = await make();
    const base = { conceptRunId: '2026-09-concept-1', municipality: 'Tiel', by: 'A. Gbo', subject: 's1' } as const;
    // Act
    await answers.recordAnswer({ ...base, answer: 'akkoord', at: '2026-10-06T09:00:00.000Z' });
    await answers.recordAnswer({ ...base, answer: 'opmerking', text: 'Mist oktober', at: '2026-10-06T10:00:00.000Z' });
    await answers.recordAnswer({ ...base, municipality: 'Buren', answer: 'akkoord', at: '2026-10-06T11:00:00.000Z' });
    await answers.recordAnswer({ ...base, subject: 's2', by: 'B. Rev', answer: 'akkoord', at: '2026-10-06T12:00:00.000Z' });
    await answers.recordAnswer({ ...base, conceptRunId: '2026-09-concept-2', answer: 'akkoord', at: '2026-10-07T09:00:00.000Z' });
    // Assess
    const first = [...(await answers.answersFor('2026-09-concept-1'))].sort((a, b) => a.at.localeCompare(b.at));
    expect(first).toEqual([
      { ...base, answer: 'opmerking', text: 'Mist oktober', at: '2026-10-06T10:00:00.000Z' },
      { ...base, municipality: 'Buren', answer: 'akkoord', at: '2026-10-06T11:00:00.000Z' },
      { ...base, subject: 's2', by: 'B. Rev', answer: 'akkoord', at: '2026-10-06T12:00:00.000Z' },
    ]);
    expect(await answers.answersFor('2026-11-concept-1')).toEqual([]);
  });
});

describe('ReviewAnswerStore: DynamoDB only', () => {
  it('stamps an answer with the bewaartermijn, for the table to delete it', async () => {
    const table = await emulators.table();
    const answers = new ReviewAnswerStore(table, 30);
    await answers.recordAnswer({ conceptRunId: '2026-09-concept-1', municipality: 'Tiel', by: 'A', subject: 's', answer: 'akkoord', at: '2026-10-06T09:00:00.000Z' });
    expect((await emulators.items(table)).map((item) => item.expiresAt)).toEqual([expiry('2026-10-06T09:00:00.000Z', 30)]);
  });
});
