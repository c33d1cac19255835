import type { Command } from 'commander';
import { checkOutputFile, writeOutputFile } from '../files';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { RUN_KIND_NL, RUN_STATUS_NL, dutch, timeNl } from '../../core/words-nl';
import { formatTable } from '../table';

async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { DeliveryLog } = await import('../../adapters/delivery-log');
  const { ArchiveStore } = await import('../../adapters/s3-archive');
  const config = readConfig();
  return { log: new DeliveryLog(config.TABLE_NAME), archive: new ArchiveStore(config.ARCHIVE_BUCKET) };
}

export function registerDeliveries(program: Command): void {
  const dir = ['--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR] as const;

  program
    .command('runs')
    .description('elke run: periode, concept of definitief, eerste start en aantal pogingen, stand, en wat het grootboek zegt dat er over alle pogingen is verzonden')
    .option('--json', 'als JSON', false)
    .option(...dir)
    .action(async (o: { json: boolean; dir: string }) => {
      await withStack(o.dir, async () => {
        const { listRuns } = await import('../../usecases/deliveries');
        const runs = await listRuns((await deps()).log);
        if (o.json) {
          console.log(JSON.stringify(runs.map((run) => ({ ...run, pk: undefined, sk: undefined })), null, 2));
          return;
        }
        console.log(
          formatTable(
            ['Run', 'Periode', 'Soort', 'Eerste start', 'Pogingen', 'Stand', 'Verzonden', 'Mislukt', 'Onbekend', 'Opnieuw verzonden', 'Vrijgegeven'],
            runs.map((r) => [
              r.runId,
              r.period,
              dutch(RUN_KIND_NL, r.kind),
              timeNl(r.startedAt),
              String(r.attempts ?? 1),
              dutch(RUN_STATUS_NL, r.status),
              String(r.ledgerCounts.sent),
              String(r.ledgerCounts.failed),
              String(r.ledgerCounts.unknown),
              String(r.ledgerCounts.resent),
              r.releasedFrom ? `${r.releasedFrom} door ${r.releasedBy} (${timeNl(r.releasedAt)})` : '',
            ]),
          ),
        );
      });
    });

  program
    .command('deliveries')
    .description("every message of a run (or of all runs) and what became of it, re-sends included")
    .argument('[run-id]', 'only this run, e.g. 2026-09-final')
    .option('--json', 'as JSON, with the outcome per address', false)
    .option('--csv [file]', 'the per-recipient record for an audit (run, period, sha256 of the PDF, address, role, sent at, status)')
    .option(...dir)
    .action(async (runId: string | undefined, o: { json: boolean; csv?: string | true; dir: string }) => {
      if (typeof o.csv === 'string') await checkOutputFile(o.csv);
      await withStack(o.dir, async () => {
        const { log, archive } = await deps();
        const { DataMissingError } = await import('../../core/errors');
        const { runIdParts } = await import('../../core/run-id');
        const { deliveriesCsv, listMessages } = await import('../../usecases/deliveries');
        if (runId) runIdParts(runId);
        const runs = runId ? [await log.run(runId)].filter((r) => r !== undefined) : await log.runs();
        if (runId && runs.length === 0) throw new DataMissingError(`there is no run ${runId}; see rapportbode runs`);
        const rows = await listMessages(log, runs);
        if (o.csv !== undefined) {
          const csv = await deliveriesCsv(rows, archive);
          if (typeof o.csv === 'string') await writeOutputFile(o.csv, csv);
          else process.stdout.write(csv);
          return;
        }
        if (o.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(
          formatTable(
            ['Run', 'Verzending', 'Gemeente', 'To', 'Cc', 'SES message id', 'Verzonden op', 'Status'],
            rows.map((m) => {
              const reported = m.recipients.filter((r) => r.status !== m.status && r.status !== 'delivered');
              const status = [m.reason ? `${m.status}: ${m.reason}` : m.status, ...reported.map((r) => `${r.email} ${r.status}${r.reason ? ` (${r.reason})` : ''}`)].join('; ');
              return [
                m.runId,
                m.send === 'opnieuw' ? `opnieuw door ${m.requestedBy}` : m.send,
                m.municipality,
                m.to.map((a) => (m.offList?.includes(a) ? `${a} (niet op de lijst)` : a)).join(', '),
                m.cc.join(', '),
                m.sesMessageId ?? '',
                m.sentAt ?? '',
                status,
              ];
            }),
          ),
        );
      });
    });
}
