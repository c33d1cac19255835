import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryAll } from './dynamodb';

export type RunStatus = 'running' | 'completed' | 'partial' | 'failed';
export type DeliveryStatus = 'claimed' | 'sent' | 'failed';

export interface RunRecord {
  readonly runId: string;
  readonly period: string;
  readonly kind: 'final' | 'concept';
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly counts?: { sent: number; skipped: number; failed: number };
  readonly problems?: readonly string[];
}

export interface DeliveryRecord {
  readonly runId: string;
  readonly messageKey: string;
  readonly municipality: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly status: DeliveryStatus;
  readonly claimedAt: string;
  readonly sentAt?: string;
  readonly sesMessageId?: string;
  readonly attachmentKey?: string;
  readonly reason?: string;
}

/**
 * Runs and the delivery ledger, in the single table:
 *   RUN#<runId> / RUN                   the run
 *   RUN#<runId> / DELIVERY#<messageKey> one record per message, claimed before it is sent
 */
export class RunStore {
  constructor(private readonly tableName: string) {}

  async startRun(run: Omit<RunRecord, 'status'>): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `RUN#${run.runId}`, sk: 'RUN', ...run, status: 'running' },
      }),
    );
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: `RUN#${runId}`, sk: 'RUN' } }));
    return Item as RunRecord | undefined;
  }

  async finishRun(runId: string, status: RunStatus, counts: RunRecord['counts'], problems: readonly string[], finishedAt: string): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression: 'SET #status = :status, counts = :counts, problems = :problems, finishedAt = :finishedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':counts': counts, ':problems': problems, ':finishedAt': finishedAt },
      }),
    );
  }

  /**
   * Claims a message for sending with a conditional write. Returns false when another attempt
   * already claimed or sent it: that attempt owns it, and this one must not send it again.
   */
  async claimDelivery(record: Omit<DeliveryRecord, 'status'>): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `RUN#${record.runId}`, sk: `DELIVERY#${record.messageKey}`, ...record, status: 'claimed' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(runId: string, messageKey: string, sesMessageId: string, sentAt: string): Promise<void> {
    await this.updateDelivery(runId, messageKey, { status: 'sent', sesMessageId, sentAt });
  }

  async markFailed(runId: string, messageKey: string, reason: string): Promise<void> {
    await this.updateDelivery(runId, messageKey, { status: 'failed', reason });
  }

  async deliveries(runId: string): Promise<DeliveryRecord[]> {
    return queryAll<DeliveryRecord>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':prefix': 'DELIVERY#' },
    });
  }

  private async updateDelivery(runId: string, messageKey: string, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RUN#${runId}`, sk: `DELIVERY#${messageKey}` },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
}
