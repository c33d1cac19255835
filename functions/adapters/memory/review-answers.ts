import type { ReviewAnswer, ReviewAnswerStore } from '../../usecases/ports';

/**
 * The answers to concepts in memory (the DynamoDB one: adapters/review-answer-store.ts): one per
 * concept, municipality and person; a new answer replaces the earlier one.
 */
export class InMemoryReviewAnswers implements ReviewAnswerStore {
  private readonly answers = new Map<string, ReviewAnswer>();

  async recordAnswer(answer: ReviewAnswer): Promise<void> {
    this.answers.set(`${answer.conceptRunId}#${answer.municipality}#${answer.subject ?? answer.by}`, { ...answer });
  }

  async answersFor(conceptRunId: string): Promise<readonly ReviewAnswer[]> {
    return [...this.answers.values()].filter((a) => a.conceptRunId === conceptRunId).map((a) => ({ ...a }));
  }
}
