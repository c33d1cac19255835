import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import { formatBytes } from '../../core/format';
import { DOOR_HELP, actorOf } from '../actor';
import { printOutbox, withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { formatTable } from '../table';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description(
      'geef een gecontroleerd concept vrij: de definitieve versie, precies wat de reviewers zagen, gaat eenmaal naar de gemeenten. ' +
        'Is er na het concept iets gewijzigd (cijfers, toelichting, afbeeldingen, organisatie), dan weigert het en noemt het wat.',
    )
    .argument('<run-id>', 'het concept, bijvoorbeeld 2026-09-concept-1 (zie rapportbode runs)')
    .option('--hold', 'houd de periode van dit concept aan: geen vrijgave, ook niet automatisch, tot --unhold', false)
    .option('--unhold', 'geef een aangehouden periode weer vrij voor vrijgave', false)
    .option('--door <naam>', DOOR_HELP)
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (runId: string, o: { hold: boolean; unhold: boolean; door?: string; dir: string }) => {
      if (o.hold && o.unhold) throw new InvalidInputError('kies --hold of --unhold, niet allebei');
      const actor = actorOf(o.door);
      await withStack(o.dir, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { releaseDeps } = await import('../../usecases/dependencies');
        const { releaseRun, setHold } = await import('../../usecases/release');
        const deps = releaseDeps(readConfig());
        if (o.hold || o.unhold) {
          const { period, changed } = await setHold(runId, o.hold, actor, { ...deps, now: deps.run.now });
          if (o.hold) console.log(changed ? `${period} is aangehouden: er gaat niets uit tot rapportbode release --unhold ${runId}.` : `${period} was al aangehouden; er is niets gewijzigd.`);
          else console.log(changed ? `${period} is niet meer aangehouden: het concept kan worden vrijgegeven.` : `${period} was niet aangehouden; er is niets gewijzigd.`);
          return;
        }
        const outcome = await releaseRun(runId, actor, deps);
        if (!outcome.released) {
          console.log(outcome.reason);
          return;
        }
        const { summary } = outcome;
        console.log(`${runId} vrijgegeven als ${summary.runId} (${summary.periodLabel}): ${summary.status}`);
        console.log(
          formatTable(
            ['Gemeente', 'To', 'Cc', 'PDF', 'SES message id', 'Status'],
            summary.deliveries.map((d) => [d.municipality, d.to.join(', '), d.cc.join(', '), `${d.pdfPages} p, ${formatBytes(d.pdfBytes)}`, d.sesMessageId ?? '', d.reason ? `${d.status}: ${d.reason}` : d.status]),
          ),
        );
        for (const problem of summary.problems) console.log(`Probleem: ${problem}`);
        for (const warning of summary.warnings) console.log(`Waarschuwing: ${warning}`);
        printOutbox(summary.runId);
        if (summary.status !== 'completed') process.exitCode = 1;
      });
    });
}
