import type { Config } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { ImportStore } from '../adapters/import-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { mailerFor } from '../adapters/outbox-mailer';
import { RecipientStore } from '../adapters/recipient-store';
import type { UploadDeps } from '../usecases/deliveries-upload';
import { linkKey } from './link-key';

/**
 * Wires the real adapters for a municipality's upload page: the organisation and the figures in
 * the table (the operator's import store), the audit trail, SES for the mail back, the link key.
 */
export async function uploadDeps(config: Config): Promise<UploadDeps> {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
    imports: new ImportStore(config.TABLE_NAME),
    audit: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
    mailer: mailerFor(config),
    key: await linkKey(config),
    now: () => new Date(),
    newImportId: ImportStore.newImportId,
  };
}

/** The upload page's adapters, built on its first request and then kept (SDK clients once per container). */
export function lazyUploadDeps(config: Config): () => Promise<UploadDeps> {
  let made: Promise<UploadDeps> | undefined;
  return () => {
    made ??= uploadDeps(config);
    // A failure (the secret not readable yet) is not kept: the next request tries again.
    made.catch(() => (made = undefined));
    return made;
  };
}
