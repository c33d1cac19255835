import { randomBytes } from 'node:crypto';
import type { Config } from '../adapters/config';
import { logger } from '../adapters/logger';
import { CycleStore } from '../adapters/cycle-store';
import { DeliveryLog } from '../adapters/delivery-log';
import { prepareImage } from '../adapters/image-codec';
import { ImageStore } from '../adapters/image-store';
import { ImportStore } from '../adapters/import-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { RecipientStore } from '../adapters/recipient-store';
import { ReviewAnswerStore } from '../adapters/review-answer-store';
import { ArchiveStore } from '../adapters/s3-archive';
import type { ConsoleDeps, ConsoleJobs } from '../console/ports';
import { consoleReadingLink } from './lezen-dependencies';

/**
 * Wires the real adapters for the console's API. No printer and no mailer: what renders or mails
 * (a release, a re-send) goes through `jobs`, which runs it in the console's own process locally
 * and hands it to the run or re-send function in AWS.
 */
export function consoleDeps(
  config: Pick<Config, 'TABLE_NAME' | 'ARCHIVE_BUCKET' | 'RETENTION_DAYS'> & Partial<Pick<Config, 'LINK_PAGES_URL' | 'WEB_URL' | 'LINK_KEY_SECRET_ARN' | 'RAPPORTBODE_LINK_KEY_DIR'>>,
  jobs: ConsoleJobs,
): ConsoleDeps {
  const store = new OrganisationStore(config.TABLE_NAME);
  const archive = new ArchiveStore(config.ARCHIVE_BUCKET);
  const images = new ImageStore(config.TABLE_NAME, archive);
  const log = new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS);
  const cycles = new CycleStore(config.TABLE_NAME);
  // The audit entries the console writes expire after the bewaartermijn like everyone else's.
  const recipientStore = new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS);
  const answers = new ReviewAnswerStore(config.TABLE_NAME, config.RETENTION_DAYS);
  const now = () => new Date();
  return {
    status: { run: { store, images, now }, log, cycles, answers },
    release: { run: { store, images, archive, now }, log, cycles, answers },
    cycles,
    recipients: { store, recipientStore, now },
    imports: { organisation: store, imports: new ImportStore(config.TABLE_NAME), now, newImportId: ImportStore.newImportId },
    images: { store, images, prepare: prepareImage, newId: () => randomBytes(4).toString('hex'), now, audit: recipientStore },
    log,
    archive,
    audit: recipientStore,
    jobs,
    now,
    // Where the link pages live is where a console user's way into the web edition starts.
    ...(config.LINK_PAGES_URL ? { readingLink: consoleReadingLink({ ...config, LINK_PAGES_URL: config.LINK_PAGES_URL }) } : {}),
    securityLog: (entry) => logger.info(entry.message, { ...entry }),
  };
}
