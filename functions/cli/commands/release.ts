import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import { RUN_STATUS_NL, dutch } from '../../core/words-nl';
import { DOOR_HELP, actorOf } from '../actor';
import { printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { printRunSummary } from '../run-summary';
import { commandHint } from '../command-hint';
import { printEdition } from './web';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description(
      'geef een gecontroleerd concept vrij: de definitieve versie (2026-09-concept-2 → 2026-09-final), gemaakt uit precies wat de reviewers zagen, gaat eenmaal naar de gemeenten. ' +
        'Is er na het concept iets gewijzigd (cijfers, toelichting, afbeeldingen, organisatie), dan weigert het en noemt het wat; nog eens vrijgeven zegt dat het al verstuurd is.',
    )
    .argument('<run-id>', 'het concept, bijvoorbeeld 2026-09-concept-1 (zie rapportbode runs); het laatste concept van de periode')
    .option('--aanhouden', 'houd de periode van dit concept aan: niets wordt vrijgegeven, ook niet automatisch door de cyclus, tot --hervatten', false)
    .option('--hervatten', 'hef het aanhouden op: het concept kan weer worden vrijgegeven', false)
    .option('--voor-einde-review', 'geef vrij vóór de laatste reviewdag; vraagt --reden, wordt vastgelegd in het logboek en aan de beheerders gemeld', false)
    .option('--reden <tekst>', 'waarom u vóór het einde van de review vrijgeeft (bij --voor-einde-review)')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (runId: string, o: { aanhouden: boolean; hervatten: boolean; voorEindeReview: boolean; reden?: string; door?: string; map: string }) => {
      if (o.aanhouden && o.hervatten) throw new InvalidInputError('kies --aanhouden of --hervatten, niet allebei; zie rapportbode release --help');
      if (o.voorEindeReview && !o.reden?.trim()) throw new InvalidInputError('--voor-einde-review vraagt een reden: geef met --reden TEKST waarom de review niet wordt afgewacht');
      if (o.reden !== undefined && !o.voorEindeReview) throw new InvalidInputError('--reden hoort bij --voor-einde-review; zonder die optie wordt alleen vrijgegeven als de review voorbij is');
      const actor = actorOf(o.door);
      await withStack(o.map, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { releaseDeps } = await import('../../wiring/dependencies');
        const { releaseRun, setHold } = await import('../../usecases/release');
        const wired = releaseDeps(readConfig());
        const deps = { ...wired, run: { ...wired.run, command: commandHint() }, command: commandHint() };
        if (o.aanhouden || o.hervatten) {
          const { period, changed } = await setHold(runId, o.aanhouden, actor, { ...deps, now: deps.run.now });
          if (o.aanhouden) console.log(changed ? `${period} is aangehouden: er gaat niets uit tot ${deps.command(`release --hervatten ${runId}`)}.` : `${period} was al aangehouden; er is niets gewijzigd.`);
          else console.log(changed ? `${period} is niet meer aangehouden: het concept kan worden vrijgegeven.` : `${period} was niet aangehouden; er is niets gewijzigd.`);
          return;
        }
        const outcome = await releaseRun(runId, actor, deps, o.voorEindeReview ? { beforeReviewEnd: { reason: o.reden ?? '' } } : {});
        if (!outcome.released) {
          console.log(outcome.reason);
          return;
        }
        const { summary } = outcome;
        printRunSummary(summary, `${runId} vrijgegeven als ${summary.runId} (${summary.periodLabel}): ${dutch(RUN_STATUS_NL, summary.status)}`);
        if (outcome.beforeReviewEnd) console.log(`Vrijgegeven vóór het einde van de review (${outcome.beforeReviewEnd.left}); vastgelegd met de reden en gemeld aan de beheerders.`);
        printOutbox(summary.runId);
        printEdition(outcome.edition);
        if (summary.status !== 'completed') process.exitCode = 1;
      });
    });
}
