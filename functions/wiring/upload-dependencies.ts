import { mkdirSync } from 'node:fs';
import type { Config } from '../adapters/config';
import { ImportStore } from '../adapters/import-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { mailerFor } from '../adapters/outbox-mailer';
import { RecipientStore } from '../adapters/recipient-store';
import type { UploadDeps } from '../usecases/deliveries-upload';
import type { UploadLinks } from '../usecases/delivery-requests';
import { linkKey } from './link-key';

/**
 * Wires the real adapters for a municipality's upload page: the organisation and the figures in
 * the table (the operator's import store), the audit trail, SES for the mail back, the link key.
 */
export async function uploadDeps(config: Config): Promise<UploadDeps> {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
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

/**
 * The link key and the pages' address for the cycle's requests and reminders, when this stack
 * has a link key (AWS: the secret; locally: the map's file); without one the cycle asks nothing.
 */
export async function uploadLinks(config: Pick<Config, 'LINK_KEY_SECRET_ARN' | 'RAPPORTBODE_LINK_KEY_DIR' | 'LINK_PAGES_URL'>): Promise<UploadLinks | undefined> {
  if (!config.LINK_KEY_SECRET_ARN && !config.RAPPORTBODE_LINK_KEY_DIR) return undefined;
  // A map used against running emulators may not exist yet: its key is made on first use.
  if (!config.LINK_KEY_SECRET_ARN && config.RAPPORTBODE_LINK_KEY_DIR) mkdirSync(config.RAPPORTBODE_LINK_KEY_DIR, { recursive: true });
  return { key: await linkKey(config), baseUrl: config.LINK_PAGES_URL };
}
