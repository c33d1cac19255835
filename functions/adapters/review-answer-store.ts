import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewAnswer, ReviewAnswerStore as ReviewAnswerStorePort } from '../usecases/ports';
import { documentClient, queryAll } from './dynamodb';
import { EXPIRES_AT_ATTRIBUTE, expiresAt } from './retention';

/**
 * The answers to concepts, in the single table (who answered what is personal data: README,
 * Verwerkingsregister; kept for the bewaartermijn):
 *   ANSWERS#<conceptRunId> / <municipality>#<subject>   answer, by, text, at
 * One item per person per municipality's concept, so answering again replaces the earlier answer.
 */
export class ReviewAnswerStore implements ReviewAnswerStorePort {
  constructor(
    private readonly tableName: string,
    private readonly retentionDays?: number,
  ) {}

  async recordAnswer(answer: ReviewAnswer): Promise<void> {
    const expires = expiresAt(answer.at, this.retentionDays);
    await documentClient().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: pk(answer.conceptRunId), sk: `${answer.municipality}#${answer.subject ?? answer.by}`, ...answer, ...(expires === undefined ? {} : { [EXPIRES_AT_ATTRIBUTE]: expires }) },
      }),
    );
  }

  async answersFor(conceptRunId: string): Promise<readonly ReviewAnswer[]> {
    const items = await queryAll<Record<string, unknown>>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(conceptRunId) },
      ConsistentRead: true,
    });
    return items.map(toAnswer);
  }
}

function pk(conceptRunId: string): string {
  return `ANSWERS#${conceptRunId}`;
}

function toAnswer(item: Record<string, unknown>): ReviewAnswer {
  const text = item.text as string | undefined;
  const subject = item.subject as string | undefined;
  return {
    conceptRunId: item.conceptRunId as string,
    municipality: item.municipality as string,
    answer: item.answer as ReviewAnswer['answer'],
    by: item.by as string,
    ...(subject === undefined ? {} : { subject }),
    ...(text === undefined ? {} : { text }),
    at: item.at as string,
  };
}
