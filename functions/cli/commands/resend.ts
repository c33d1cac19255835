import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { DOOR_HELP, actorOf } from '../actor';
import { printOutbox, withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { formatTable } from '../table';

export function registerResend(program: Command): void {
  program
    .command('resend')
    .description('send the archived report of a run again, unchanged: to everyone, one municipality or one address')
    .argument('<run-id>', 'the run, e.g. 2026-09-final (see rapportbode runs)')
    .option('--gemeente <naam>', "only this municipality's message(s); with --to: the report an address off the list gets")
    .option('--to <adres>', 'only this address (one that is not on the list needs --gemeente and is logged as such)')
    .option('--mislukt', 'only what did not arrive: messages SES refused, and addresses that bounced or were rejected (not with --to)', false)
    .option('--door <naam>', DOOR_HELP)
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (runId: string, o: { gemeente?: string; to?: string; mislukt: boolean; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      // Sortable and unique: the re-send's delivery records are keyed by it.
      const requestId = `${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
      await withStack(o.dir, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { resendDeps } = await import('../../usecases/operations-dependencies');
        const { resendReport } = await import('../../usecases/resend');
        const summary = await resendReport({ runId, municipality: o.gemeente, to: o.to, onlyFailed: o.mislukt, requestId, requestedBy: actor }, resendDeps(readConfig()));
        console.log(`Re-send ${summary.requestId} of ${summary.runId}: the archived PDF, unchanged.`);
        console.log(
          formatTable(
            ['Gemeente', 'To', 'Cc', 'SES message id', 'Status'],
            summary.messages.map((m) => [
              m.municipality,
              m.to.map((a) => (m.offList.includes(a) ? `${a} (not on the list)` : a)).join(', '),
              m.cc.join(', '),
              m.sesMessageId ?? '',
              m.reason ? `${m.status}: ${m.reason}` : m.status,
            ]),
          ),
        );
        for (const warning of summary.warnings) console.log(`Waarschuwing: ${warning}`);
        printOutbox(summary.runId);
        if (summary.messages.length === 0 || summary.messages.some((m) => m.status !== 'sent' && m.status !== 'already sent')) process.exitCode = 1;
      });
    });
}
