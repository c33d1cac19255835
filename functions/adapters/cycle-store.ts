import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CycleRecord, CycleStore as CycleStorePort } from '../usecases/ports';
import { documentClient } from './dynamodb';

/**
 * The cycle of each period, next to its concept counter in the single table:
 *   PERIOD#<period> / CYCLE   conceptRunId, conceptSentOn, reviewEndsOn, held, heldBy, heldAt,
 *                             notice_<kind>: what the last notice of that kind was about
 */
export class CycleStore implements CycleStorePort {
  constructor(private readonly tableName: string) {}

  async get(period: string): Promise<CycleRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: key(period), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  /** Every period that has a cycle record. A scan: one item per period, read by an operator's command or once a day. */
  async list(): Promise<CycleRecord[]> {
    const records: CycleRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new ScanCommand({ TableName: this.tableName, FilterExpression: 'sk = :cycle AND begins_with(pk, :prefix)', ExpressionAttributeValues: { ':cycle': 'CYCLE', ':prefix': 'PERIOD#' }, ExclusiveStartKey }),
      );
      records.push(...(page.Items ?? []).map(toRecord));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records.sort((a, b) => a.period.localeCompare(b.period));
  }

  async recordConcept(period: string, concept: { runId: string; sentOn: string; reviewEndsOn: string }): Promise<void> {
    await this.set(period, { conceptRunId: concept.runId, conceptSentOn: concept.sentOn, reviewEndsOn: concept.reviewEndsOn });
  }

  async setHold(period: string, hold: { held: boolean; by: string; at: string }): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(period),
          UpdateExpression: 'SET period = :period, held = :held, heldBy = :by, heldAt = :at',
          // DynamoDB refuses an expression value the expressions do not use: only the chosen condition's.
          ConditionExpression: hold.held ? 'attribute_not_exists(held) OR held = :false' : 'held = :true',
          ExpressionAttributeValues: { ':period': period, ':held': hold.held, ':by': hold.by, ':at': hold.at, ...(hold.held ? { ':false': false } : { ':true': true }) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Claims a notice: true when no notice of this kind was sent about `about` yet (a day, a
   * concept), so a second cycle on the same day, or a retry, sends none.
   */
  async claimNotice(period: string, kind: string, about: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(period),
          UpdateExpression: 'SET period = :period, #notice = :about',
          ConditionExpression: 'attribute_not_exists(#notice) OR #notice <> :about',
          ExpressionAttributeNames: { '#notice': `notice_${kind}` },
          ExpressionAttributeValues: { ':period': period, ':about': about },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseNotice(period: string, kind: string, about: string): Promise<void> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(period),
          UpdateExpression: 'REMOVE #notice',
          // Another worker's newer claim stays.
          ConditionExpression: '#notice = :about',
          ExpressionAttributeNames: { '#notice': `notice_${kind}` },
          ExpressionAttributeValues: { ':about': about },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async set(period: string, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(period),
        UpdateExpression: `SET period = :period, ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        ExpressionAttributeValues: { ':period': period, ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])) },
      }),
    );
  }
}

function key(period: string) {
  return { pk: `PERIOD#${period}`, sk: 'CYCLE' };
}

function toRecord(item: Record<string, unknown>): CycleRecord {
  return {
    period: String(item.period ?? String(item.pk).slice('PERIOD#'.length)),
    conceptRunId: item.conceptRunId as string | undefined,
    conceptSentOn: item.conceptSentOn as string | undefined,
    reviewEndsOn: item.reviewEndsOn as string | undefined,
    held: item.held === true,
    heldBy: item.heldBy as string | undefined,
    heldAt: item.heldAt as string | undefined,
  };
}
