import { formatBytes } from '../core/format';
import type { RunSummary } from '../usecases/run-report';
import { formatTable } from './table';

/** What a run did, for the operator: one row per message, then what was not mailed and why. */
export function printRunSummary(summary: RunSummary): void {
  console.log(`Run ${summary.runId} (${summary.periodLabel}): ${summary.status}`);
  console.log(
    formatTable(
      ['Gemeente', 'To', 'Cc', 'PDF', 'SES message id', 'Status'],
      summary.deliveries.map((d) => [
        d.municipality,
        d.to.join(', '),
        d.cc.join(', '),
        `${d.pdfPages} p, ${formatBytes(d.pdfBytes)}`,
        d.sesMessageId ?? '',
        d.reason ? `${d.status}: ${d.reason}` : d.status,
      ]),
    ),
  );
  if (summary.optedOut.length) console.log(`Not mailed (opted out): ${summary.optedOut.join(', ')}`);
  for (const problem of summary.problems) console.log(`Problem: ${problem}`);
  for (const warning of summary.warnings) console.log(`Warning: ${warning}`);
}
