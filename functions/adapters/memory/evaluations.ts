import type { EvaluationRecord, EvaluationResponse, EvaluationStore } from '../../usecases/ports';

/**
 * The evaluations in memory (the DynamoDB one: adapters/evaluation-store.ts): an id is created
 * once, a claim taken once, and a person's new answers replace the earlier ones.
 */
export class InMemoryEvaluations implements EvaluationStore {
  private readonly records = new Map<string, EvaluationRecord>();
  private readonly taken = new Map<string, Set<string>>();
  private readonly answers = new Map<string, EvaluationResponse>();

  async createEvaluation(record: EvaluationRecord): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async evaluation(id: string): Promise<EvaluationRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async evaluations(): Promise<EvaluationRecord[]> {
    return [...this.records.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => structuredClone(r));
  }

  async claim(evaluationId: string, what: string): Promise<boolean> {
    const claims = this.taken.get(evaluationId) ?? new Set<string>();
    this.taken.set(evaluationId, claims);
    if (claims.has(what)) return false;
    claims.add(what);
    return true;
  }

  async unclaim(evaluationId: string, what: string): Promise<void> {
    this.taken.get(evaluationId)?.delete(what);
  }

  async claims(evaluationId: string): Promise<string[]> {
    return [...(this.taken.get(evaluationId) ?? [])].sort();
  }

  async recordResponse(response: EvaluationResponse): Promise<void> {
    this.answers.set(`${response.evaluationId}#${response.subject}`, structuredClone(response));
  }

  async responses(evaluationId: string): Promise<EvaluationResponse[]> {
    return [...this.answers.values()].filter((r) => r.evaluationId === evaluationId).map((r) => structuredClone(r));
  }
}
