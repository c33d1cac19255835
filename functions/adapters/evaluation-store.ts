import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EvaluationAnswers } from '../core/evaluation';
import type { EvaluationRecord, EvaluationResponse, EvaluationStore as EvaluationStorePort } from '../usecases/ports';
import { documentClient, queryAll } from './dynamodb';
import { EXPIRES_AT_ATTRIBUTE, expiresAt } from './retention';

/**
 * The evaluations in the single table, each item with the bewaartermijn (README, Verwerkingsregister):
 *   EVALUATIONS / <id>                         questions, startedAt, startedBy, closesAt, remindOn
 *   EVALUATION#<id> / CLAIM#<what>             a mail taken to be sent (uitnodiging#<subject>, …), at
 *   EVALUATION#<id> / RESPONSE#<subject>       one person's answers, at: answering again replaces them
 * The subject is a hash of the address (core/personal-link linkSubject): no address, name or
 * municipality is stored with an answer.
 */
export class EvaluationStore implements EvaluationStorePort {
  constructor(
    private readonly tableName: string,
    private readonly retentionDays?: number,
  ) {}

  async createEvaluation(record: EvaluationRecord): Promise<boolean> {
    return this.putNew({ pk: LIST_PK, sk: record.id, ...record }, record.startedAt);
  }

  async evaluation(id: string): Promise<EvaluationRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: LIST_PK, sk: id }, ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  async evaluations(): Promise<EvaluationRecord[]> {
    const items = await queryAll<Record<string, unknown>>({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': LIST_PK }, ConsistentRead: true });
    return items.map(toRecord);
  }

  async claim(evaluationId: string, what: string, at: string): Promise<boolean> {
    return this.putNew({ pk: pk(evaluationId), sk: `${CLAIM}${what}`, evaluationId, what, at }, at);
  }

  async unclaim(evaluationId: string, what: string): Promise<void> {
    await documentClient().send(new DeleteCommand({ TableName: this.tableName, Key: { pk: pk(evaluationId), sk: `${CLAIM}${what}` } }));
  }

  async claims(evaluationId: string): Promise<string[]> {
    return (await this.partition(evaluationId, CLAIM)).map((item) => String(item.what));
  }

  async recordResponse(response: EvaluationResponse): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: this.tableName, Item: this.expiring({ pk: pk(response.evaluationId), sk: `${RESPONSE}${response.subject}`, ...response }, response.at) }));
  }

  async responses(evaluationId: string): Promise<EvaluationResponse[]> {
    return (await this.partition(evaluationId, RESPONSE)).map((item) => ({
      evaluationId: String(item.evaluationId),
      subject: String(item.subject),
      answers: (item.answers ?? {}) as EvaluationAnswers,
      at: String(item.at),
    }));
  }

  /** Writes an item that must not exist yet; false when it did. */
  private async putNew(item: Record<string, unknown>, at: string): Promise<boolean> {
    try {
      await documentClient().send(new PutCommand({ TableName: this.tableName, Item: this.expiring(item, at), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private partition(evaluationId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll<Record<string, unknown>>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk(evaluationId), ':prefix': prefix },
      ConsistentRead: true,
    });
  }

  private expiring(item: Record<string, unknown>, at: string): Record<string, unknown> {
    const expires = expiresAt(at, this.retentionDays);
    return expires === undefined ? item : { ...item, [EXPIRES_AT_ATTRIBUTE]: expires };
  }
}

const LIST_PK = 'EVALUATIONS';
const CLAIM = 'CLAIM#';
const RESPONSE = 'RESPONSE#';

function pk(evaluationId: string): string {
  return `EVALUATION#${evaluationId}`;
}

function toRecord(item: Record<string, unknown>): EvaluationRecord {
  return {
    id: String(item.id),
    questions: item.questions as EvaluationRecord['questions'],
    startedAt: String(item.startedAt),
    startedBy: String(item.startedBy),
    closesAt: String(item.closesAt),
    remindOn: String(item.remindOn),
  };
}
