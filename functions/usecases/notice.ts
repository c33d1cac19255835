import type { Notice } from '../core/cycle';
import type { OrganisationConfig } from '../core/organisation';
import type { RunReportDeps } from './run-report';

/** A plain-text notice to the beheerders (or to `to`: a reminder to one gbo-lid), from the organisation's sender. */
export async function sendNotice(organisation: OrganisationConfig, notice: Notice, key: string, deps: { run: Pick<RunReportDeps, 'mailer'> }, to: readonly string[] = organisation.administrators): Promise<void> {
  const raw = await deps.run.mailer.compose({
    from: organisation.sender,
    replyTo: organisation.replyTo,
    to: [...to],
    cc: [],
    subject: notice.subject,
    text: notice.text,
    messageId: `<${key.replace(/[^A-Za-z0-9-]+/g, '.')}@rapportbode>`,
    attachments: [],
  });
  await deps.run.mailer.pace();
  await deps.run.mailer.send(raw);
}

