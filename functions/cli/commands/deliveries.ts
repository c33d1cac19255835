import type { Command } from 'commander';
import { checkOutputFile, writeOutputFile } from '../files';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { RUN_KIND_NL, RUN_STATUS_NL, SEND_STATUS_NL, dutch, timeNl } from '../../core/words-nl';
import { MESSAGE_HEADERS, sendStatusNl } from '../run-summary';
import { formatTable } from '../table';

async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { DeliveryLog } = await import('../../adapters/delivery-log');
  const { ArchiveStore } = await import('../../adapters/s3-archive');
  const config = readConfig();
  return { log: new DeliveryLog(config.TABLE_NAME), archive: new ArchiveStore(config.ARCHIVE_BUCKET) };
}

export function registerDeliveries(program: Command): void {
  program
    .command('runs')
    .description('elke run: periode, concept of definitief, eerste start en aantal pogingen, stand, en wat het grootboek zegt dat er over alle pogingen is verzonden')
    .option('--json', 'als JSON (tijden in UTC)', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { json: boolean; map: string }) => {
      await withStack(o.map, async () => {
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
    .alias('verzendingen')
    .description('elk bericht van een run (of van alle runs) en wat ermee gebeurde: aan wie, wanneer, het SES-bericht-id en wat SES meldde (onbestelbaar, klacht, mislukt met de reden), ook wat opnieuw is verstuurd')
    .argument('[run-id]', 'alleen deze run, bijvoorbeeld 2026-09-final')
    .option('--json', 'als JSON, met de uitkomst per adres (tijden in UTC)', false)
    .option('--csv [bestand]', 'per adres, voor een audit: run, periode, sha256 van de PDF, adres, rol, verzonden op, status (waarden zoals opgeslagen); zonder bestand naar het scherm')
    .option(...DATA_DIR_OPTION)
    .action(async (runId: string | undefined, o: { json: boolean; csv?: string | true; map: string }) => {
      if (typeof o.csv === 'string') await checkOutputFile(o.csv);
      await withStack(o.map, async () => {
        const { log, archive } = await deps();
        const { DataMissingError } = await import('../../core/errors');
        const { runIdParts } = await import('../../core/run-id');
        const { deliveriesCsv, listMessages } = await import('../../usecases/deliveries');
        if (runId) runIdParts(runId);
        const runs = runId ? [await log.run(runId)].filter((r) => r !== undefined) : await log.runs();
        if (runId && runs.length === 0) throw new DataMissingError(`er is geen run ${runId}; zie rapportbode runs`);
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
            ['Run', 'Verzending', MESSAGE_HEADERS.municipality, MESSAGE_HEADERS.to, MESSAGE_HEADERS.cc, MESSAGE_HEADERS.sesMessageId, 'Verzonden op', MESSAGE_HEADERS.status],
            rows.map((m) => {
              const reported = m.recipients.filter((r) => r.status !== m.status && r.status !== 'delivered');
              const status = [sendStatusNl(m.status, m.reason), ...reported.map((r) => `${r.email} ${dutch(SEND_STATUS_NL, r.status)}${r.reason ? ` (${r.reason})` : ''}`)].join('; ');
              return [
                m.runId,
                m.send === 'opnieuw' ? `opnieuw door ${m.requestedBy}` : m.send,
                m.municipality,
                m.to.map((a) => (m.offList?.includes(a) ? `${a} (niet op de lijst)` : a)).join(', '),
                m.cc.join(', '),
                m.sesMessageId ?? '',
                timeNl(m.sentAt),
                status,
              ];
            }),
          ),
        );
      });
    });
}
