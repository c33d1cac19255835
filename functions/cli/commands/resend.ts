import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { DOOR_HELP, actorOf } from '../actor';
import { printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { MESSAGE_HEADERS, sendStatusNl } from '../run-summary';
import { formatTable } from '../table';
import { commandHint } from '../command-hint';

export function registerResend(program: Command): void {
  program
    .command('resend')
    .description(
      'verstuur het gearchiveerde rapport van een run opnieuw, byte voor byte: aan al zijn ontvangers, aan één gemeente of aan één adres. ' +
        'Elke keer is een eigen verzending, vastgelegd met wie erom vroeg; een concept alleen aan reviewers en gbo-leden (een gbo-lid alleen dat van de eigen gemeente).',
    )
    .argument('<run-id>', 'de run, bijvoorbeeld 2026-09-final (zie rapportbode runs)')
    .option('--gemeente <naam>', 'alleen het bericht van deze gemeente; met --aan: welk rapport een adres buiten de lijst krijgt')
    .option('--aan <adres>', 'alleen dit adres: het krijgt het rapport dat het in die run kreeg; een adres dat niet op de lijst staat alleen met --gemeente, en zo vastgelegd')
    .option('--mislukt', 'alleen wat niet aankwam: berichten die SES weigerde, en adressen die bouncten of werden geweigerd (niet met --aan)', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (runId: string, o: { gemeente?: string; aan?: string; mislukt: boolean; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      // Sortable and unique: the re-send's delivery records are keyed by it.
      const requestId = `${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
      await withStack(o.map, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { resendDeps } = await import('../../wiring/operations-dependencies');
        const { resendReport } = await import('../../usecases/resend');
        const summary = await resendReport({ runId, municipality: o.gemeente, to: o.aan, onlyFailed: o.mislukt, requestId, requestedBy: actor }, { ...resendDeps(readConfig()), command: commandHint() });
        console.log(`Opnieuw versturen ${summary.requestId} van ${summary.runId}: de gearchiveerde PDF, ongewijzigd.`);
        const h = MESSAGE_HEADERS;
        console.log(
          formatTable(
            [h.municipality, h.to, h.cc, h.sesMessageId, h.status],
            summary.messages.map((m) => [
              m.municipality,
              m.to.map((a) => (m.offList.includes(a) ? `${a} (niet op de lijst)` : a)).join(', '),
              m.cc.join(', '),
              m.sesMessageId ?? '',
              sendStatusNl(m.status, m.reason),
            ]),
          ),
        );
        for (const warning of summary.warnings) console.log(`Waarschuwing: ${warning}`);
        printOutbox(summary.runId);
        if (summary.messages.length === 0 || summary.messages.some((m) => m.status !== 'sent' && m.status !== 'already sent')) process.exitCode = 1;
      });
    });
}
