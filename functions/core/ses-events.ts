import { z } from 'zod';
import { InvalidInputError } from './errors';
import { describeIssues } from './validation';

/**
 * SES sending events as they arrive through a configuration set's SNS destination: a Lambda SNS
 * event whose `Sns.Message` is the JSON record SES publishes (`eventType`; feedback notifications
 * set on the identity instead carry `notificationType`, same shapes). Only the fields rapportbode
 * uses are checked; SES adds fields over time, so unknown ones are let through.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
const MailSchema = z.looseObject({
  messageId: z.string().min(1),
  timestamp: z.string(),
  destination: z.array(z.string()).default([]),
});

const SesRecordSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('Bounce'),
    mail: MailSchema,
    bounce: z.looseObject({
      bounceType: z.enum(['Undetermined', 'Permanent', 'Transient']),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.looseObject({ emailAddress: z.string(), status: z.string().optional(), diagnosticCode: z.string().optional() })),
      timestamp: z.string(),
    }),
  }),
  z.looseObject({
    type: z.literal('Complaint'),
    mail: MailSchema,
    complaint: z.looseObject({
      complainedRecipients: z.array(z.looseObject({ emailAddress: z.string() })),
      timestamp: z.string(),
      complaintFeedbackType: z.string().nullish(),
    }),
  }),
  z.looseObject({
    type: z.literal('Delivery'),
    mail: MailSchema,
    delivery: z.looseObject({ recipients: z.array(z.string()), timestamp: z.string(), smtpResponse: z.string().optional() }),
  }),
  z.looseObject({
    type: z.literal('Reject'),
    mail: MailSchema,
    reject: z.looseObject({ reason: z.string().optional() }),
  }),
]);

/** The Lambda event SNS delivers: one or more records, each with the SES record as a string. */
const SnsEventSchema = z.object({
  Records: z
    .array(z.looseObject({ Sns: z.looseObject({ MessageId: z.string().optional(), Message: z.string() }) }))
    .min(1),
});

/** Event types rapportbode acts on; the others (Send, Open, Click, DeliveryDelay, …) are ignored. */
const HANDLED = new Set(['Bounce', 'Complaint', 'Delivery', 'Reject']);

/**
 * What one SES event means for rapportbode's delivery log, per address:
 * delivered, bounced (permanent: the address is blocked until an operator clears it), bounced
 * transiently (noted only), complaint (blocked too), or rejected by SES before sending.
 */
export type RecipientOutcome = 'delivered' | 'bounced' | 'soft-bounce' | 'complaint' | 'rejected';

export interface DeliveryEvent {
  readonly sesMessageId: string;
  readonly outcome: RecipientOutcome;
  /** Lower-cased bare addresses the event is about. */
  readonly addresses: readonly string[];
  /** Why, as SES reported it (bounce type and diagnostic code, complaint type, reject reason). */
  readonly detail: string;
  readonly at: string;
  /** The address should get no further mail until an operator clears it. */
  readonly blocks: boolean;
}

/** The SES records inside an SNS event; an event that is not an SNS event is an error. */
export function sesMessagesOf(event: unknown): string[] {
  const parsed = SnsEventSchema.safeParse(event);
  if (!parsed.success) throw new InvalidInputError(`not an SNS event: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data.Records.map((r) => r.Sns.Message);
}

/**
 * Reads one SES event record (the SNS message text). Returns null for event types rapportbode
 * does not act on; throws InvalidInputError for a record that is not valid SES event JSON.
 */
export function parseSesEvent(message: string): DeliveryEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch (error) {
    throw new InvalidInputError('SES event is not JSON', { cause: error });
  }
  const envelope = z.looseObject({ eventType: z.string().optional(), notificationType: z.string().optional() }).safeParse(json);
  if (!envelope.success) throw new InvalidInputError(`SES event is not an object: ${describeIssues(envelope.error).join('; ')}`);
  const type = envelope.data.eventType ?? envelope.data.notificationType;
  if (!type) throw new InvalidInputError('SES event has neither eventType nor notificationType');
  if (!HANDLED.has(type)) return null;

  const parsed = SesRecordSchema.safeParse({ ...(json as object), type });
  if (!parsed.success) throw new InvalidInputError(`SES ${type} event is malformed: ${describeIssues(parsed.error).join('; ')}`);
  const record = parsed.data;
  const sesMessageId = record.mail.messageId;
  const lower = (list: readonly string[]) => [...new Set(list.map((a) => bareAddress(a)))];
  switch (record.type) {
    case 'Bounce': {
      const permanent = record.bounce.bounceType === 'Permanent';
      const codes = record.bounce.bouncedRecipients.map((r) => r.diagnosticCode ?? r.status).filter(Boolean);
      return {
        sesMessageId,
        outcome: permanent ? 'bounced' : 'soft-bounce',
        addresses: lower(record.bounce.bouncedRecipients.map((r) => r.emailAddress)),
        detail: [`${record.bounce.bounceType}${record.bounce.bounceSubType ? `/${record.bounce.bounceSubType}` : ''}`, ...new Set(codes)].join(': '),
        at: record.bounce.timestamp,
        blocks: permanent,
      };
    }
    case 'Complaint':
      return {
        sesMessageId,
        outcome: 'complaint',
        addresses: lower(record.complaint.complainedRecipients.map((r) => r.emailAddress)),
        detail: `complaint${record.complaint.complaintFeedbackType ? `: ${record.complaint.complaintFeedbackType}` : ''}`,
        at: record.complaint.timestamp,
        blocks: true,
      };
    case 'Delivery':
      return {
        sesMessageId,
        outcome: 'delivered',
        addresses: lower(record.delivery.recipients),
        detail: record.delivery.smtpResponse ?? 'delivered',
        at: record.delivery.timestamp,
        blocks: false,
      };
    case 'Reject':
      // SES refused the whole message (e.g. a virus was found): it reached none of its addresses.
      return {
        sesMessageId,
        outcome: 'rejected',
        addresses: lower(record.mail.destination),
        detail: `rejected by SES${record.reject.reason ? `: ${record.reject.reason}` : ''}`,
        at: record.mail.timestamp,
        blocks: false,
      };
  }
}

/** `Naam <adres>` or `adres` → `adres`, lower-cased. */
export function bareAddress(entry: string): string {
  return (/<([^>]+)>/.exec(entry)?.[1] ?? entry).trim().toLowerCase();
}
