import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OrganisationStore } from '../../adapters/organisation-store';
import { ArchiveStore, archiveKeys } from '../../adapters/s3-archive';
import { CATALOGUE } from '../../core/catalogue';
import { slug } from '../../core/demo-organisation';
import type { Period } from '../../core/periods';
import { loadDemoOrganisation } from '../../local/demo-data';
import { withLocalStack } from '../local-session';
import type { Command } from 'commander';
import { lastCompletePeriod } from '../../core/periods';
import { PERIOD_HELP, periodOption } from '../options';
import { printRunSummary } from '../run-summary';

export interface DemoOptions {
  readonly period: Period;
  readonly keepOpen: boolean;
  readonly workDir: string;
}

/**
 * A complete bimonthly mailing on the embedded stack: the demo organisation is loaded, the run
 * renders, archives and mails, and the PDFs and raw mails are copied into the outbox folder.
 */
export async function demo(options: DemoOptions): Promise<void> {
  const stackDir = path.join(options.workDir, 'stack');
  const outbox = path.join(options.workDir, 'outbox');
  rmSync(stackDir, { recursive: true, force: true });
  rmSync(outbox, { recursive: true, force: true });
  const started = Date.now();

  await withLocalStack(stackDir, async (stack) => {
    // Imported only now: the SDK clients must see the endpoints the stack just set.
    const { readConfig } = await import('../../adapters/config');
    const { runReportDeps } = await import('../../usecases/dependencies');
    const { runReport } = await import('../../usecases/run-report');
    const config = readConfig();

    const store = new OrganisationStore(config.TABLE_NAME);
    const loaded = await loadDemoOrganisation(store, CATALOGUE, options.period);
    console.log(`Loaded ${config.ORGANISATION_NAME}: ${loaded.figures} monthly figures.`);

    const summary = await runReport({ period: options.period, kind: 'final' }, runReportDeps(config));
    if (summary.notStarted) {
      console.log(summary.notStarted);
      return;
    }

    mkdirSync(outbox, { recursive: true });
    const archive = new ArchiveStore(config.ARCHIVE_BUCKET);
    for (const d of summary.deliveries) {
      writeFileSync(path.join(outbox, `${slug(d.municipality)}.pdf`), await archive.get(d.pdfKey));
      writeFileSync(path.join(outbox, `${slug(d.municipality)}.eml`), await archive.get(archiveKeys.mail(summary.runId, d.messageKey)));
    }

    console.log('');
    printRunSummary(summary);
    console.log(`\nPDFs and raw mails (.eml): ${path.resolve(outbox)}`);
    console.log(`Mails as SES received them: ${stack.endpoints.ses}/store`);
    console.log(`Took ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    if (summary.status !== 'completed') process.exitCode = 1;
    if (options.keepOpen) {
      console.log(`\nThe stack stays up. SES web inbox: ${stack.endpoints.ses}/  (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a complete bimonthly mailing of the demo organisation on an embedded local stack')
    .option('--period <YYYY-MM>', PERIOD_HELP, periodOption)
    .option('--keep-open', 'keep the local stack running (with the SES web inbox) until Ctrl-C', false)
    .option('--dir <path>', 'working folder for the stack data and the outbox', '.rapportbode/demo')
    .action(async (options: { period?: Period; keepOpen: boolean; dir: string }) => {
      await demo({ period: options.period ?? lastCompletePeriod(new Date()), keepOpen: options.keepOpen, workDir: options.dir });
    });
}
