import type { Period } from '../core/periods';
import { formatBytes } from '../core/format';
import { withLocalStack } from './local-session';
import { formatTable } from './table';

export interface RunOptions {
  readonly period: Period;
  readonly concept: boolean;
  readonly dataDir: string;
}

/** `rapportbode run`: the same run as the scheduled one, against the local stack's data. */
export async function run(options: RunOptions): Promise<void> {
  await withLocalStack(options.dataDir, async () => {
    const { readConfig } = await import('../adapters/config');
    const { runReportDeps } = await import('../usecases/dependencies');
    const { runReport } = await import('../usecases/run-report');
    const summary = await runReport({ period: options.period, kind: options.concept ? 'concept' : 'final' }, runReportDeps(readConfig()));
    console.log(`Run ${summary.runId} (${summary.periodLabel}): ${summary.status}`);
    console.log(
      formatTable(
        ['Gemeente', 'To', 'Cc', 'PDF', 'SES message id', 'Status'],
        summary.deliveries.map((d) => [d.municipality, d.to.join(', '), d.cc.join(', '), `${d.pdfPages} p, ${formatBytes(d.pdfBytes)}`, d.sesMessageId ?? '', d.status]),
      ),
    );
    for (const problem of summary.problems) console.log(`Problem: ${problem}`);
    if (summary.status !== 'completed') process.exitCode = 1;
  });
}
