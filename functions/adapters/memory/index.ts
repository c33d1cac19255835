import { InMemoryArchive } from './archive';
import { InMemoryCycleStore } from './cycle-store';
import { InMemoryData } from './data';
import { InMemoryDeliveryLog } from './delivery-log';
import { InMemoryImageStore } from './image-store';
import { InMemoryImportStore } from './import-store';
import { InMemoryIngestFiles } from './ingest';
import { InMemoryMailer } from './mailer';
import { InMemoryOrganisationStore } from './organisation-store';
import { InMemoryPrinter } from './printer';
import { InMemoryRecipientStore } from './recipient-store';
import { InMemoryReviewAnswers } from './review-answers';
import { InMemoryRunStore } from './run-store';

export { InMemoryArchive, InMemoryCycleStore, InMemoryData, InMemoryDeliveryLog, InMemoryImageStore, InMemoryImportStore, InMemoryIngestFiles, InMemoryMailer, InMemoryOrganisationStore, InMemoryPrinter, InMemoryRecipientStore, InMemoryReviewAnswers, InMemoryRunStore };
export type { SentMail } from './mailer';

/** Every in-memory adapter, sharing one InMemoryData as the real ones share the table and the buckets. */
export interface InMemoryAdapters {
  readonly data: InMemoryData;
  readonly store: InMemoryOrganisationStore;
  readonly recipientStore: InMemoryRecipientStore;
  readonly runs: InMemoryRunStore;
  readonly log: InMemoryDeliveryLog;
  readonly cycles: InMemoryCycleStore;
  readonly archive: InMemoryArchive;
  readonly images: InMemoryImageStore;
  readonly imports: InMemoryImportStore;
  readonly ingest: InMemoryIngestFiles;
  readonly mailer: InMemoryMailer;
  /** The answers to concepts (the answer page records them). */
  readonly answers: InMemoryReviewAnswers;
  /** The printer the last `launchPrinter()` gave (a run launches one and closes it). */
  readonly printers: InMemoryPrinter[];
  readonly launchPrinter: () => Promise<InMemoryPrinter>;
}

/**
 * All ports in memory, wired to one shared state: `createInMemoryAdapters({ retentionDays: 30 })`,
 * then hand them to a use case's deps (with the real ReportRenderer, which needs no AWS).
 */
export function createInMemoryAdapters(options: { retentionDays?: number; mailer?: ConstructorParameters<typeof InMemoryMailer>[0] } = {}): InMemoryAdapters {
  const data = new InMemoryData();
  const archive = new InMemoryArchive(data);
  const printers: InMemoryPrinter[] = [];
  return {
    data,
    store: new InMemoryOrganisationStore(data),
    recipientStore: new InMemoryRecipientStore(data, options.retentionDays),
    runs: new InMemoryRunStore(data, options.retentionDays),
    log: new InMemoryDeliveryLog(data, options.retentionDays),
    cycles: new InMemoryCycleStore(data),
    archive,
    images: new InMemoryImageStore(data, archive),
    imports: new InMemoryImportStore(data),
    ingest: new InMemoryIngestFiles(data),
    mailer: new InMemoryMailer(options.mailer),
    answers: new InMemoryReviewAnswers(),
    printers,
    launchPrinter: async () => {
      const printer = new InMemoryPrinter();
      printers.push(printer);
      return printer;
    },
  };
}
