import type { Context } from 'aws-lambda';
import { DeliveryLog } from '../adapters/delivery-log';
import { logger, startInvocation } from '../adapters/logger';
import { RecipientStore } from '../adapters/recipient-store';
import { readTableConfig } from '../adapters/table-config';
import { sesMessagesOf } from '../core/ses-events';
import { type DeliveryEventsResult, recordDeliveryEvents } from '../usecases/delivery-events';

/**
 * Subscribed to the SNS topic of the SES configuration set's event destination (Bounce,
 * Complaint, Delivery, Reject). A malformed event throws, so it is retried and then lands in the
 * dead-letter queue for inspection instead of being dropped.
 */
const config = readTableConfig();
const deps = {
  log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
  recipientStore: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
};

export async function handler(event: unknown, context: Context): Promise<DeliveryEventsResult> {
  startInvocation(context, { actor: 'ses' });
  const result = await recordDeliveryEvents(sesMessagesOf(event), deps);
  // Counts only: each event and each block has its own line, with the addresses as references.
  logger.info('delivery events recorded', { ...result });
  return result;
}
