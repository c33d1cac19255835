import type { InMemoryAdapters } from '../adapters/memory';
import { ReportRenderer } from '../adapters/report-renderer';
import type { ReleaseDeps } from '../usecases/release';
import type { RunReportDeps } from '../usecases/run-report';

/**
 * The run's and the release's ports in memory, as `runReportDeps` and `releaseDeps` wire the real
 * ones: `inMemoryReleaseDeps(createInMemoryAdapters(), { now })`. The renderer is the real one
 * (Handlebars, in the process); the printer is the in-memory one.
 */
export function inMemoryRunDeps(memory: InMemoryAdapters, options: { now: () => Date; leaseMs?: number; allowedSender?: string; dailySendQuota?: number }): RunReportDeps {
  return {
    store: memory.store,
    runs: memory.runs,
    archive: memory.archive,
    images: memory.images,
    renderer: new ReportRenderer(),
    mailer: memory.mailer,
    launchPrinter: memory.launchPrinter,
    now: options.now,
    leaseMs: options.leaseMs ?? 45_000,
    ...(options.allowedSender ? { allowedSender: options.allowedSender } : {}),
    ...(options.dailySendQuota === undefined ? {} : { dailySendQuota: options.dailySendQuota }),
  };
}

export function inMemoryReleaseDeps(memory: InMemoryAdapters, options: Parameters<typeof inMemoryRunDeps>[1]): ReleaseDeps {
  return { run: inMemoryRunDeps(memory, options), log: memory.log, cycles: memory.cycles, audit: memory.recipientStore, answers: memory.answers };
}
