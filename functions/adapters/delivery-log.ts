import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryEvent } from '../core/ses-events';
import type { DeliveryKey, DeliveryLedger, DeliveryRecord, ListedRun, RecipientEventRecord, ReleaseMark, ResendRecord, RunEntries } from '../usecases/ports';
import { documentClient, oldItemOf, putAll, queryAll } from './dynamodb';
import { logAction, recipientRef } from './logger';
import { putMessageLookup } from './message-lookup';
import { expiresAt } from './retention';

export type { DeliveryKey, ListedRun, RecipientEventRecord, ReleaseMark, ResendRecord, RunEntries };

/**
 * The operators' view of runs and deliveries, next to the run ledger (RunStore), in the single table:
 *   RUN#<runId> / RESEND#<requestId>#<messageKey>       a re-send, claimed before it is sent
 *   RUN#<runId> / EVENT#<delivery sk>#<email>#<outcome>  what SES reported for one address
 *   SESMSG#<SES message id> / SESMSG                    → the delivery it belongs to
 *   PERIOD#<period> / CONCEPTS                          latest concept number of the period
 */
export class DeliveryLog implements DeliveryLedger {
  /**
   * `retentionDays`: re-sends, SES events and their lookups expire that long after they were
   * written (RETENTION_DAYS). `scanPageSize`: items a page of the runs' scan reads (DynamoDB's
   * own limit is 1 MB); a test sets it small to see every page followed.
   */
  constructor(
    private readonly tableName: string,
    private readonly retentionDays?: number,
    private readonly options: { readonly scanPageSize?: number } = {},
  ) {}

  /**
   * Every run. A scan filtered on the run items: the table is small (figures of a few years)
   * and this is an operator's command, not a hot path.
   */
  async runs(): Promise<ListedRun[]> {
    const runs: ListedRun[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :run AND begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':run': 'RUN', ':prefix': 'RUN#' },
          ExclusiveStartKey,
          Limit: this.options.scanPageSize,
        }),
      );
      runs.push(...((page.Items ?? []) as ListedRun[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  async run(runId: string): Promise<ListedRun | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: `RUN#${runId}`, sk: 'RUN' } }));
    return Item as ListedRun | undefined;
  }

  /** The run's ledger, its re-sends and what SES reported about them, in one query. */
  async entries(runId: string): Promise<RunEntries> {
    const items = await queryAll<Record<string, unknown> & DeliveryKey>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `RUN#${runId}` },
    });
    return {
      ledger: items.filter((i) => i.sk.startsWith('DELIVERY#')) as unknown as DeliveryRecord[],
      resends: items.filter((i) => i.sk.startsWith('RESEND#')) as unknown as (ResendRecord & DeliveryKey)[],
      events: items.filter((i) => i.sk.startsWith('EVENT#')) as unknown as RecipientEventRecord[],
    };
  }

  /**
   * Claims a re-send before it is sent. A retried request (same request id, e.g. a Lambda retry)
   * finds its own claim and gets the record back instead of sending again.
   */
  async claimResend(record: Omit<ResendRecord, 'status'>): Promise<{ claimed: true; key: DeliveryKey } | { claimed: false; existing: ResendRecord }> {
    const key = { pk: `RUN#${record.runId}`, sk: `RESEND#${record.requestId}#${record.resendOf}` };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...record, status: 'claimed', expiresAt: expiresAt(record.claimedAt, this.retentionDays) },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true, key };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { claimed: false, existing: (await oldItemOf(error, this.tableName, key)) as unknown as ResendRecord };
    }
  }

  async markResendSent(key: DeliveryKey, sesMessageId: string, sentAt: string): Promise<void> {
    await this.update(key, { status: 'sent', sesMessageId, sentAt });
    await putMessageLookup(this.tableName, sesMessageId, key, expiresAt(sentAt, this.retentionDays));
    logAction({ action: 'resend report', object: objectOf(key), result: 'sent', sesMessageId });
  }

  async markResendFailed(key: DeliveryKey, reason: string): Promise<void> {
    await this.update(key, { status: 'failed', reason });
    logAction({ action: 'resend report', object: objectOf(key), result: 'failed', reason });
  }

  /** The delivery an SES message id belongs to; undefined for mail rapportbode did not record. */
  async deliveryOf(sesMessageId: string): Promise<DeliveryKey | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: `SESMSG#${sesMessageId}`, sk: 'SESMSG' } }));
    if (!Item) return undefined;
    return { pk: String(Item.deliveryPk), sk: String(Item.deliverySk) };
  }

  /** Records what SES reported, per address. Idempotent: SNS may deliver an event twice. */
  async recordEvent(delivery: DeliveryKey, event: DeliveryEvent): Promise<void> {
    await putAll(
      this.tableName,
      event.addresses.map((email) => ({
        pk: delivery.pk,
        sk: `EVENT#${delivery.sk}#${email}#${event.outcome}`,
        deliverySk: delivery.sk,
        email,
        outcome: event.outcome,
        detail: event.detail,
        at: event.at,
        sesMessageId: event.sesMessageId,
        expiresAt: expiresAt(event.at, this.retentionDays),
      })),
    );
    logAction({
      action: 'record delivery event',
      object: { ...objectOf(delivery), recipient: event.addresses.map(recipientRef).join(' ') },
      result: event.outcome,
      sesMessageId: event.sesMessageId,
    });
  }

  /** The number of the period's latest concept run, 0 when there is none. */
  async latestConcept(period: string): Promise<number> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: `PERIOD#${period}`, sk: 'CONCEPTS' } }));
    return Number(Item?.latest ?? 0);
  }

  /** Moves the period's concept number from `previous` to `previous + 1`; false when another operator did first. */
  async advanceConcept(period: string, previous: number): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `PERIOD#${period}`, sk: 'CONCEPTS' },
          UpdateExpression: 'SET latest = :next',
          ConditionExpression: previous === 0 ? 'attribute_not_exists(latest)' : 'latest = :previous',
          ExpressionAttributeValues: previous === 0 ? { ':next': 1 } : { ':next': previous + 1, ':previous': previous },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Notes on the final run which concept it released and who did. */
  async markReleased(runId: string, mark: ReleaseMark): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RUN#${runId}`, sk: 'RUN' },
        UpdateExpression: 'SET releasedFrom = :from, releasedBy = :by, releasedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':from': mark.releasedFrom, ':by': mark.releasedBy, ':at': mark.releasedAt },
      }),
    );
  }

  private async update(key: DeliveryKey, fields: Record<string, string>): Promise<void> {
    const names = Object.keys(fields);
    await documentClient().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
}

/** A delivery in the logs: its run and its sort key (which names the message, never an address). */
function objectOf(key: DeliveryKey): { run: string; delivery: string } {
  return { run: key.pk.replace(/^RUN#/, ''), delivery: key.sk };
}
