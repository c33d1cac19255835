import type { Command } from 'commander';
import { formatBytes } from '../../core/format';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { formatTable } from '../table';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description('send the final version of a checked concept to the municipalities, once')
    .argument('<run-id>', 'the concept run, e.g. 2026-09-concept-1 (see rapportbode runs)')
    .option('--door <naam>', DOOR_HELP)
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (runId: string, o: { door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.dir, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { DeliveryLog } = await import('../../adapters/delivery-log');
        const { RecipientStore } = await import('../../adapters/recipient-store');
        const { runReportDeps } = await import('../../usecases/dependencies');
        const { releaseRun } = await import('../../usecases/release');
        const config = readConfig();
        const outcome = await releaseRun(runId, actor, runReportDeps(config), new DeliveryLog(config.TABLE_NAME), new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS));
        if (!outcome.released) {
          console.log(outcome.reason);
          return;
        }
        const { summary } = outcome;
        console.log(`Released ${runId} as ${summary.runId} (${summary.periodLabel}): ${summary.status}`);
        console.log(
          formatTable(
            ['Gemeente', 'To', 'Cc', 'PDF', 'SES message id', 'Status'],
            summary.deliveries.map((d) => [d.municipality, d.to.join(', '), d.cc.join(', '), `${d.pdfPages} p, ${formatBytes(d.pdfBytes)}`, d.sesMessageId ?? '', d.reason ? `${d.status}: ${d.reason}` : d.status]),
          ),
        );
        for (const problem of summary.problems) console.log(`Problem: ${problem}`);
        for (const warning of summary.warnings) console.log(`Warning: ${warning}`);
        if (summary.status !== 'completed') process.exitCode = 1;
      });
    });
}
