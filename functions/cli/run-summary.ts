import { formatBytes } from '../core/format';
import { RUN_STATUS_NL, SEND_STATUS_NL, dutch } from '../core/words-nl';
import type { RunSummary } from '../usecases/run-report';
import { formatTable } from './table';

/** The headers of a table of messages, the same wherever one is printed. */
export const MESSAGE_HEADERS = { municipality: 'Gemeente', to: 'Aan', cc: 'Cc', sesMessageId: 'SES-bericht-id', status: 'Status' } as const;

/** A message's outcome in Dutch, with SES's or rapportbode's reason when there is one. */
export function sendStatusNl(status: string, reason?: string): string {
  return reason ? `${dutch(SEND_STATUS_NL, status)}: ${reason}` : dutch(SEND_STATUS_NL, status);
}

/**
 * What a run did, for the operator: one row per message, then what was not mailed and why.
 * `headline` replaces the first line (a release says what it released).
 */
export function printRunSummary(summary: RunSummary, headline = `Run ${summary.runId} (${summary.periodLabel}): ${dutch(RUN_STATUS_NL, summary.status)}`): void {
  const h = MESSAGE_HEADERS;
  console.log(headline);
  console.log(
    formatTable(
      [h.municipality, h.to, h.cc, 'PDF', h.sesMessageId, h.status],
      summary.deliveries.map((d) => [
        d.municipality,
        d.to.join(', '),
        d.cc.join(', '),
        `${d.pdfPages} blz., ${formatBytes(d.pdfBytes)}`,
        d.sesMessageId ?? '',
        sendStatusNl(d.status, d.reason),
      ]),
    ),
  );
  if (summary.optedOut.length) console.log(`Niet gemaild (afgemeld): ${summary.optedOut.join(', ')}`);
  for (const problem of summary.problems) console.log(`Probleem: ${problem}`);
  for (const warning of summary.warnings) console.log(`Waarschuwing: ${warning}`);
}
