import MailComposer from 'nodemailer/lib/mail-composer';
import { MessageTooLargeError, type OutgoingMail } from '../usecases/ports';

/** SES refuses raw messages over 10 MB. */
export const SES_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * Composes the MIME message (nodemailer's MailComposer) byte for byte as it will be sent. A module
 * of its own, without the SES clients: the in-memory mailer composes the same bytes.
 */
export async function composeRawMail(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    replyTo: mail.replyTo,
    to: [...mail.to],
    cc: [...mail.cc],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    // Every mail rapportbode sends is in Dutch: say so, for screen readers and translating mail clients.
    headers: { 'Content-Language': 'nl' },
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
  });
  const raw = await composer.compile().build();
  if (raw.length > SES_MAX_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`bericht ${mail.messageId} is ${raw.length} bytes; SES neemt er hoogstens ${SES_MAX_MESSAGE_BYTES} aan — maak de afbeeldingen van de periode kleiner`);
  }
  return raw;
}
