import type { Command } from 'commander';
import { printOutbox, withStack } from '../local-session';
import { LOCAL_DATA_DIR, PERIOD_HELP, periodOf, periodOption } from '../options';
import { printRunSummary } from '../run-summary';

export interface RunOptions {
  /** `YYYY-MM`; the last complete period when not given. */
  readonly period?: string;
  readonly concept: boolean;
  readonly allowIncomplete?: boolean;
  readonly dataDir: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the report for a period: render, archive and mail it')
    .option('--period <YYYY-MM>', PERIOD_HELP, periodOption)
    .option('--concept', 'concept run: marked CONCEPT', false)
    .option('--allow-incomplete', 'render and send even when figures are missing; gaps show as "geen gegevens"', false)
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (options: { period?: string; concept: boolean; allowIncomplete: boolean; dir: string }) => {
      await run({ period: options.period, concept: options.concept, allowIncomplete: options.allowIncomplete, dataDir: options.dir });
    });
}

/** `rapportbode run`: the same run as the scheduled one, against the local stack's data. */
export async function run(options: RunOptions): Promise<void> {
  await withStack(options.dataDir, async () => {
    const { readConfig } = await import('../../adapters/config');
    const { runReportDeps } = await import('../../usecases/dependencies');
    const { runReport } = await import('../../usecases/run-report');
    const { runConcept } = await import('../../usecases/release');
    const { DeliveryLog } = await import('../../adapters/delivery-log');
    const config = readConfig();
    const request = { period: await periodOf(options.period), allowIncomplete: options.allowIncomplete };
    // A concept gets the next concept number of the period (2026-09-concept-2 after -1 was sent).
    const summary = options.concept
      ? await runConcept(request, runReportDeps(config), new DeliveryLog(config.TABLE_NAME))
      : await runReport({ ...request, kind: 'final' }, runReportDeps(config));
    if (summary.notStarted) {
      console.log(summary.notStarted);
      return;
    }
    printRunSummary(summary);
    printOutbox(summary.runId);
    if (summary.status !== 'completed') process.exitCode = 1;
  });
}
