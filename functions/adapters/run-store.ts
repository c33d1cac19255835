import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putMessageLookup } from './message-lookup';
import { documentClient, oldItemOf, queryAll } from './dynamodb';
import { logAction } from './logger';
import { recordRunOutcome } from './metrics';
import { expiresAt } from './retention';
import type { ClaimOutcome, DeliveryRecord, DeliveryStatus, RunLedger, RunRecord, RunStatus } from '../usecases/ports';

export type { ClaimOutcome, DeliveryRecord, DeliveryStatus, RunRecord, RunStatus };

/**
 * Runs and the delivery ledger, in the single table:
 *   RUN#<runId> / RUN                   the run
 *   RUN#<runId> / DELIVERY#<messageKey> one record per message, claimed before it is sent
 */
export class RunStore implements RunLedger {
  /** `retentionDays`: the run and its ledger expire that long after they were written (RETENTION_DAYS). */
  constructor(
    private readonly tableName: string,
    private readonly retentionDays?: number,
  ) {}

  /**
   * Takes the run for this worker with a conditional write. Returns the existing run instead when
   * it completed or when another worker holds a live lease on it (it is running right now).
   */
  async acquireRun(run: Omit<RunRecord, 'status' | 'leaseUntil'>, now: Date, leaseMs: number): Promise<{ acquired: true } | { acquired: false; existing: RunRecord }> {
    const expiry = expiresAt(run.startedAt, this.retentionDays);
    try {
      // An update, not a put: a retry keeps the first start, the release mark and counts its attempt.
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RUN#${run.runId}`, sk: 'RUN' },
          UpdateExpression:
            `SET runId = :runId, period = :period, kind = :kind, #status = :running, leaseUntil = :until, startedAt = if_not_exists(startedAt, :startedAt), lastStartedAt = :startedAt, attempts = if_not_exists(attempts, :zero) + :one${expiry === undefined ? '' : ', expiresAt = :expiresAt'}`,
          // A new run; one whose worker died (still "running", lease expired); or one that ended
          // partial or failed, whose unsent messages a retry may still deliver. Never a completed one.
          ConditionExpression:
            'attribute_not_exists(pk) OR #status IN (:partial, :failed) OR (#status = :running AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':runId': run.runId,
            ':period': run.period,
            ':kind': run.kind,
            ':startedAt': run.startedAt,
            ...(expiry === undefined ? {} : { ':expiresAt': expiry }),
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':zero': 0,
            ':one': 1,
            ':running': 'running',
            ':partial': 'partial',
            ':failed': 'failed',
            ':now': now.toISOString(),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { acquired: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = (await oldItemOf(error, this.tableName, { pk: `RUN#${run.runId}`, sk: 'RUN' })) as RunRecord | undefined;
      if (!existing) throw error;
      return { acquired: false, existing };
    }
  }

  /** Extends this worker's lease on the run. */
  async renewLease(runId: string, now: Date, leaseMs: number): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression: 'SET leaseUntil = :until',
        ExpressionAttributeValues: { ':until': new Date(now.getTime() + leaseMs).toISOString() },
      }),
    );
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: `RUN#${runId}`, sk: 'RUN' } }));
    return Item as RunRecord | undefined;
  }

  /** Every run that ends passes here, whoever started it (a hand, the cycle, a release): its outcome is also the metric the alarm reads. */
  async finishRun(runId: string, status: Exclude<RunStatus, 'running'>, counts: RunRecord['counts'], problems: readonly string[], finishedAt: string): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression: 'SET #status = :status, counts = :counts, problems = :problems, finishedAt = :finishedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':counts': counts, ':problems': problems, ':finishedAt': finishedAt },
      }),
    );
    recordRunOutcome(runId, status);
  }

  /**
   * Claims a message for sending with a conditional write, before it is sent. Returns the state
   * that stops this worker from sending instead: `sent`, `failed`, `unknown` (SES may have it), or
   * `claimed` while another worker's claim is younger than the lease. A claim older than the lease
   * belongs to a worker that died before it recorded the outcome; it is taken over.
   */
  async claimDelivery(record: Omit<DeliveryRecord, 'status'>, leaseMs: number): Promise<ClaimOutcome> {
    const staleBefore = new Date(Date.parse(record.claimedAt) - leaseMs).toISOString();
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `RUN#${record.runId}`,
            sk: `DELIVERY#${record.messageKey}`,
            ...record,
            status: 'claimed',
            expiresAt: expiresAt(record.claimedAt, this.retentionDays),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': staleBefore },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const Item = await oldItemOf(error, this.tableName, { pk: `RUN#${record.runId}`, sk: `DELIVERY#${record.messageKey}` });
      const status = (Item as DeliveryRecord | undefined)?.status ?? 'claimed';
      return status === 'claimed' ? 'in progress' : status;
    }
  }

  // Each outcome of a send is logged where it is recorded: the ledger and the log say the same.
  async markSent(runId: string, messageKey: string, sesMessageId: string, sentAt: string): Promise<void> {
    await this.updateDelivery(runId, messageKey, { status: 'sent', sesMessageId, sentAt });
    logAction({ action: 'send report', object: { run: runId, delivery: messageKey }, result: 'sent', sesMessageId });
    // Bounce and complaint events carry only SES's message id: this finds the delivery for them.
    await putMessageLookup(this.tableName, sesMessageId, { pk: `RUN#${runId}`, sk: `DELIVERY#${messageKey}` }, expiresAt(sentAt, this.retentionDays));
  }

  async markFailed(runId: string, messageKey: string, reason: string): Promise<void> {
    await this.updateDelivery(runId, messageKey, { status: 'failed', reason });
    logAction({ action: 'send report', object: { run: runId, delivery: messageKey }, result: 'failed', reason });
  }

  /** SES may or may not have sent it: recorded so nobody resends it blindly. */
  async markUnknown(runId: string, messageKey: string, reason: string): Promise<void> {
    await this.updateDelivery(runId, messageKey, { status: 'unknown', reason });
    logAction({ action: 'send report', object: { run: runId, delivery: messageKey }, result: 'unknown', reason });
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
