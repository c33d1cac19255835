import { type ReportPrinter, launchPrinter } from '../adapters/chromium-printer';
import { CycleStore } from '../adapters/cycle-store';
import { DeliveryLog } from '../adapters/delivery-log';
import { RecipientStore } from '../adapters/recipient-store';
import { ReviewAnswerStore } from '../adapters/review-answer-store';
import type { Config } from '../adapters/config';
import { ImageStore } from '../adapters/image-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { ReportRenderer } from '../adapters/report-renderer';
import { RunStore } from '../adapters/run-store';
import { ArchiveStore } from '../adapters/s3-archive';
import { mailerFor } from '../adapters/outbox-mailer';
import type { ReleaseDeps } from '../usecases/release';
import type { RunReportDeps } from '../usecases/run-report';
import { editionDeps } from './edition-dependencies';
import { readingLinks } from './lezen-dependencies';
import { linkKey } from './link-key';

/** Wires the real adapters for a run; the CLI and the Lambda handlers share this. */
export function runReportDeps(config: Config): Omit<RunReportDeps, 'launchPrinter'> & { readonly launchPrinter: () => Promise<ReportPrinter> } {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    runs: new RunStore(config.TABLE_NAME, config.RETENTION_DAYS),
    archive: new ArchiveStore(config.ARCHIVE_BUCKET),
    images: new ImageStore(config.TABLE_NAME, new ArchiveStore(config.ARCHIVE_BUCKET)),
    renderer: new ReportRenderer(),
    mailer: mailerFor(config),
    launchPrinter: () => launchPrinter({ pages: 2 }),
    ...(config.MAIL_FROM ? { allowedSender: config.MAIL_FROM } : {}),
    ...(config.WEB_PUBLICATION ? { allowedPublication: config.WEB_PUBLICATION } : {}),
    now: () => new Date(),
    leaseMs: config.LEASE_SECONDS * 1000,
    dailySendQuota: config.DAILY_SEND_QUOTA,
    readingLinks: readingLinks(config),
    // Read when a concept is sent, not before: a final, a re-send or the console never needs the key.
    answerLinks: { baseUrl: config.LINK_PAGES_URL, key: () => linkKey(config) },
  };
}

/** Release, hold and the cycle: the run's adapters with the run log, the cycle records and the audit trail. */
export function releaseDeps(config: Config): ReleaseDeps {
  const editions = editionDeps(config);
  return {
    run: runReportDeps(config),
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
    cycles: new CycleStore(config.TABLE_NAME),
    audit: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
    ...(editions ? { editions } : {}),
    answers: new ReviewAnswerStore(config.TABLE_NAME, config.RETENTION_DAYS),
  };
}
