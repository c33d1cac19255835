import { parseSesEvent } from '../core/ses-events';
import type { DeliveryLedger, RecipientDirectory } from './ports';

export interface DeliveryEventsResult {
  /** Events recorded on a delivery. */
  readonly recorded: number;
  /** Event types rapportbode does not act on (Send, Open, …). */
  readonly ignored: number;
  /** Events about mail rapportbode has no delivery record of (other mail from the same account). */
  readonly unknownMessage: number;
  /** Addresses blocked for later runs (hard bounce, complaint). */
  readonly blocked: number;
}

/**
 * SES events (through the configuration set and SNS):
 * 1. read each record (invalid JSON or shapes are an error: the event goes to the dead-letter queue);
 * 2. find the delivery by SES's message id and record the outcome per address;
 * 3. block a hard-bounced or complaining address until an operator clears it, and record why.
 */
export async function recordDeliveryEvents(messages: readonly string[], deps: { log: Pick<DeliveryLedger, 'deliveryOf' | 'recordEvent'>; recipientStore: Pick<RecipientDirectory, 'block'> }): Promise<DeliveryEventsResult> {
  let recorded = 0;
  let ignored = 0;
  let unknownMessage = 0;
  let blocked = 0;
  for (const message of messages) {
    const event = parseSesEvent(message);
    if (!event) {
      ignored++;
      continue;
    }
    const delivery = await deps.log.deliveryOf(event.sesMessageId);
    if (!delivery) {
      unknownMessage++;
      continue;
    }
    await deps.log.recordEvent(delivery, event);
    recorded++;
    if (!event.blocks) continue;
    const runId = delivery.pk.replace(/^RUN#/, '');
    for (const email of event.addresses) {
      await deps.recipientStore.block(
        { email, reason: event.outcome === 'complaint' ? 'complaint' : 'bounced', detail: event.detail, since: event.at, runId },
        { actor: 'ses', at: event.at },
      );
      blocked++;
    }
  }
  return { recorded, ignored, unknownMessage, blocked };
}
