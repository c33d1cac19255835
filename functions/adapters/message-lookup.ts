import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamodb';
import type { DeliveryKey } from '../usecases/ports';

export type { DeliveryKey };

/**
 * Lets SES delivery events (which carry only SES's message id) find the delivery they are about:
 *   SESMSG#<SES message id> / SESMSG   → deliveryPk, deliverySk
 * Written whenever a delivery is marked sent, by the run's ledger (RunStore) and by a re-send
 * (DeliveryLog); a module of its own, so neither of those imports the other.
 */
export async function putMessageLookup(tableName: string, sesMessageId: string, delivery: DeliveryKey, expires: number | undefined): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName,
      // Expires with the delivery it points to (RETENTION_DAYS).
      Item: { pk: `SESMSG#${sesMessageId}`, sk: 'SESMSG', deliveryPk: delivery.pk, deliverySk: delivery.sk, expiresAt: expires },
    }),
  );
}
