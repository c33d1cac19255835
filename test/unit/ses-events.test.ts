import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../functions/core/errors';
import { bareAddress, parseSesEvent, sesMessagesOf } from '../../functions/core/ses-events';

// Shapes as SES publishes them through a configuration set to SNS (AWS SES developer guide,
// "Examples of event data that Amazon SES publishes to Amazon SNS"), trimmed of headers.
const mail = {
  timestamp: '2026-11-01T07:00:02.012Z',
  source: 'Werkzaak Rivierenland <rapportage@werkzaak.example>',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/werkzaak.example',
  sendingAccountId: '123456789012',
  messageId: '0102018f-example-000000',
  destination: ['"AB-lid 1 Tiel" <ab-lid-1@tiel.example>', 'beleid-1@tiel.example'],
  headersTruncated: false,
  tags: { 'ses:configuration-set': ['rapportbode'] },
};

const bounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: 'AB-lid-1@tiel.example', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-11-01T07:00:03.669Z',
    feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
    reportingMTA: 'dsn; mta.tiel.example',
  },
  mail,
};

const complaint = {
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: 'beleid-1@tiel.example' }],
    timestamp: '2026-11-02T09:00:00.000Z',
    feedbackId: '0102015b-example-000000',
    userAgent: 'Mozilla/5.0',
    complaintFeedbackType: 'abuse',
    arrivalDate: '2026-11-02T08:59:00.000Z',
  },
  mail,
};

const delivery = {
  eventType: 'Delivery',
  mail,
  delivery: {
    timestamp: '2026-11-01T07:00:04.000Z',
    processingTimeMillis: 1520,
    recipients: ['ab-lid-1@tiel.example'],
    smtpResponse: '250 2.6.0 Message received',
    reportingMTA: 'a8-70.smtp-out.amazonses.com',
  },
};

function snsEvent(...records: object[]) {
  return {
    Records: records.map((r, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:rapportbode-ses-events:1234',
      Sns: {
        Type: 'Notification',
        MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5e-${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:rapportbode-ses-events',
        Subject: null,
        Message: JSON.stringify(r),
        Timestamp: '2026-11-01T07:00:05.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService.pem',
        UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

describe('SES events from the configuration set', () => {
  it('reads the SES records out of an SNS event', () => {
    expect(sesMessagesOf(snsEvent(bounce, delivery)).map((m) => JSON.parse(m).eventType)).toEqual(['Bounce', 'Delivery']);
  });

  it('turns a permanent bounce into a blocking outcome for the bounced address only', () => {
    expect(parseSesEvent(JSON.stringify(bounce))).toEqual({
      sesMessageId: '0102018f-example-000000',
      outcome: 'bounced',
      addresses: ['ab-lid-1@tiel.example'],
      detail: 'Permanent/General: smtp; 550 5.1.1 user unknown',
      at: '2026-11-01T07:00:03.669Z',
      blocks: true,
    });
  });

  it('notes a transient bounce without blocking the address', () => {
    const transient = { ...bounce, bounce: { ...bounce.bounce, bounceType: 'Transient', bounceSubType: 'MailboxFull' } };
    expect(parseSesEvent(JSON.stringify(transient))).toMatchObject({ outcome: 'soft-bounce', blocks: false });
  });

  it('blocks a complaining address', () => {
    expect(parseSesEvent(JSON.stringify(complaint))).toMatchObject({ outcome: 'complaint', addresses: ['beleid-1@tiel.example'], detail: 'complaint: abuse', blocks: true });
  });

  it('records a delivery per address', () => {
    expect(parseSesEvent(JSON.stringify(delivery))).toMatchObject({ outcome: 'delivered', addresses: ['ab-lid-1@tiel.example'], blocks: false });
  });

  it('marks every destination of a message SES rejected', () => {
    const reject = { eventType: 'Reject', mail, reject: { reason: 'Bad content' } };
    expect(parseSesEvent(JSON.stringify(reject))).toMatchObject({ outcome: 'rejected', addresses: ['ab-lid-1@tiel.example', 'beleid-1@tiel.example'], detail: 'rejected by SES: Bad content' });
  });

  it('reads identity notifications (notificationType) the same way', () => {
    const { eventType: _, ...rest } = bounce;
    expect(parseSesEvent(JSON.stringify({ ...rest, notificationType: 'Bounce' }))).toMatchObject({ outcome: 'bounced' });
  });

  it('ignores event types it does not act on', () => {
    expect(parseSesEvent(JSON.stringify({ eventType: 'Send', mail, send: {} }))).toBeNull();
    expect(parseSesEvent(JSON.stringify({ eventType: 'Open', mail, open: {} }))).toBeNull();
  });

  it('refuses a malformed record or a non-SNS event', () => {
    expect(() => parseSesEvent('not json')).toThrow(/not JSON/);
    expect(() => parseSesEvent(JSON.stringify({ eventType: 'Bounce', mail }))).toThrow(/Bounce event is malformed: bounce/);
    expect(() => sesMessagesOf({ Records: [] })).toThrow(/not an SNS event/);
  });
});

describe('SES events that are odd or broken', () => {
  const parse = (record: object) => parseSesEvent(JSON.stringify(record));
  /** The error a record gets: an InvalidInputError (the event goes to the dead-letter queue), never a crash. */
  const refusal = (record: unknown) => {
    try {
      parseSesEvent(JSON.stringify(record));
    } catch (error) {
      return error instanceof InvalidInputError ? error.message : `not an InvalidInputError: ${String(error)}`;
    }
    return 'accepted';
  };

  it('refuses every record that lacks a field rapportbode reads, with an error it can route, not a crash', () => {
    const { messageId: _, ...mailWithoutId } = mail;
    expect(refusal({ ...bounce, mail: mailWithoutId })).toMatch(/Bounce event is malformed: mail.messageId/);
    expect(refusal({ ...bounce, bounce: { ...bounce.bounce, bouncedRecipients: undefined } })).toMatch(/malformed: bounce.bouncedRecipients/);
    expect(refusal({ ...bounce, bounce: { ...bounce.bounce, bouncedRecipients: [{ status: '5.1.1' }] } })).toMatch(/bounce.bouncedRecipients.0.emailAddress/);
    expect(refusal({ ...bounce, bounce: { ...bounce.bounce, bounceType: 'Soms' } })).toMatch(/bounce.bounceType/);
    expect(refusal({ ...complaint, complaint: { timestamp: complaint.complaint.timestamp } })).toMatch(/Complaint event is malformed: complaint.complainedRecipients/);
    expect(refusal({ ...complaint, complaint: { ...complaint.complaint, complainedRecipients: [{}] } })).toMatch(/complaint.complainedRecipients.0.emailAddress/);
    expect(refusal({ ...delivery, delivery: { timestamp: delivery.delivery.timestamp } })).toMatch(/Delivery event is malformed: delivery.recipients/);
    expect(refusal({ eventType: 'Reject', mail, reject: { reason: 42 } })).toMatch(/Reject event is malformed: reject.reason/);
    expect(refusal({ eventType: 'Reject', mail })).toMatch(/Reject event is malformed: reject/);
  });

  it('names every problem of a record, separated by semicolons', () => {
    expect(refusal({ eventType: 'Bounce', mail: {} })).toMatch(/^SES Bounce event is malformed: mail.messageId: [^;]+; mail.timestamp: [^;]+; bounce: /);
  });

  it('refuses JSON that is no event, keeping the parse error as the cause', () => {
    expect(refusal('alleen tekst')).toMatch(/^SES event is not an object: \(root\): /);
    expect(refusal({ mail })).toBe('SES event has neither eventType nor notificationType');
    expect(refusal({ eventType: 5, mail })).toMatch(/^SES event is not an object: eventType: /);
    expect(refusal({ eventType: 5, notificationType: 6 })).toMatch(/^SES event is not an object: eventType: [^;]+; notificationType: /);
    let caught: unknown;
    try {
      parseSesEvent('{ kapot');
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses an SNS event whose records lack the SES message, naming every problem', () => {
    expect(() => sesMessagesOf({ Records: [{ EventSource: 'aws:sns' }] })).toThrow(InvalidInputError);
    expect(() => sesMessagesOf({ Records: [{ Sns: { MessageId: 'x' } }] })).toThrow(/^not an SNS event: Records.0.Sns.Message: /);
    expect(() => sesMessagesOf({ Records: [{ Sns: {} }, { Sns: {} }] })).toThrow(/Records.0.Sns.Message: [^;]+; Records.1.Sns.Message: /);
  });

  it('describes a bounce, complaint, delivery or reject without the optional fields plainly', () => {
    const bare = { emailAddress: 'ab-lid-1@tiel.example' };
    expect(parse({ ...bounce, bounce: { bounceType: 'Undetermined', bouncedRecipients: [bare], timestamp: bounce.bounce.timestamp } })).toMatchObject({
      outcome: 'soft-bounce',
      detail: 'Undetermined',
      blocks: false,
    });
    expect(parse({ ...bounce, bounce: { ...bounce.bounce, bouncedRecipients: [bare] } })).toMatchObject({ detail: 'Permanent/General', blocks: true });
    expect(parse({ ...complaint, complaint: { ...complaint.complaint, complaintFeedbackType: null } })).toMatchObject({ detail: 'complaint', blocks: true });
    const { smtpResponse: _, ...withoutResponse } = delivery.delivery;
    expect(parse({ ...delivery, delivery: withoutResponse })).toMatchObject({ outcome: 'delivered', detail: 'delivered', blocks: false });
    const { destination: __, ...mailWithoutDestination } = mail;
    expect(parse({ eventType: 'Reject', mail: mailWithoutDestination, reject: {} })).toEqual({
      sesMessageId: mail.messageId,
      outcome: 'rejected',
      addresses: [],
      detail: 'rejected by SES',
      at: mail.timestamp,
      blocks: false,
    });
  });

  it('reads a bare address out of a display name and angle brackets, lower-cased and trimmed', () => {
    expect(bareAddress('"AB-lid 1" < AB-Lid-1@Tiel.example >')).toBe('ab-lid-1@tiel.example');
    expect(bareAddress('  Beleid@Tiel.example ')).toBe('beleid@tiel.example');
  });
});
