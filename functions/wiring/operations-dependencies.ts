import type { Config } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { OrganisationStore } from '../adapters/organisation-store';
import { RecipientStore } from '../adapters/recipient-store';
import { ReportRenderer } from '../adapters/report-renderer';
import { ArchiveStore } from '../adapters/s3-archive';
import { mailerFor } from '../adapters/outbox-mailer';
import type { OrganisationDeps } from '../usecases/organisation';
import type { RecipientDeps } from '../usecases/recipients';
import type { ResendDeps } from '../usecases/resend';
import { readingLinks } from './lezen-dependencies';
import { linkKey } from './link-key';

/** Wires the real adapters for the operators' use cases; the CLI and the Lambda handlers share this. */
export function resendDeps(config: Config): ResendDeps {
  return {
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
    store: new OrganisationStore(config.TABLE_NAME),
    recipientStore: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
    archive: new ArchiveStore(config.ARCHIVE_BUCKET),
    renderer: new ReportRenderer(),
    mailer: mailerFor(config),
    now: () => new Date(),
    readingLinks: readingLinks(config),
    answerLinks: { baseUrl: config.LINK_PAGES_URL, key: () => linkKey(config) },
  };
}

export function recipientDeps(config: Pick<Config, 'TABLE_NAME' | 'RETENTION_DAYS'>): RecipientDeps {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    recipientStore: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
    now: () => new Date(),
  };
}

export function organisationDeps(config: Pick<Config, 'TABLE_NAME' | 'RETENTION_DAYS'>): OrganisationDeps {
  return { store: new OrganisationStore(config.TABLE_NAME), audit: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS), now: () => new Date() };
}
