import type { Command } from 'commander';
import { amsterdamDay, parseDay } from '../../core/workdays';
import { outboxMailCount, printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { countNl, dayNl, timeNl } from '../../core/words-nl';
import { formatTable } from '../table';
import { commandHint } from '../command-hint';
import { reviewLinesNl } from '../../core/review';

async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { releaseDeps } = await import('../../wiring/dependencies');
  const { evaluationDeps } = await import('../../wiring/evaluation-dependencies');
  const { uploadLinks } = await import('../../wiring/upload-links');
  const config = readConfig();
  const wired = releaseDeps(config);
  const links = await uploadLinks(config);
  return { ...wired, run: { ...wired.run, command: commandHint() }, command: commandHint(), evaluation: { ...evaluationDeps(config), command: commandHint() }, ...(links ? { uploadLinks: links } : {}) };
}

function dayOption(value: string | undefined): string {
  return value === undefined ? amsterdamDay(new Date()) : parseDay(value);
}

export function registerCycle(program: Command): void {
  const cycle = program
    .command('cycle')
    .alias('cyclus')
    .description(
      'de dagelijkse stap van de cyclus voor elke open periode: periode voorbij → verzoek om hun cijfers aan de aanleveraars van de gemeenten (vanaf de termijn een herinnering aan wie nog niet aanleverde); cijfers onvolledig → melding aan de beheerders (vanaf de termijn, hoogstens eens per werkdag); ' +
        'compleet → concept naar de reviewers en gbo-leden; op de herinneringsdag één herinnering aan wie nog niet reageerde; review voorbij → de definitieve versie (automatisch, tenzij er een opmerking is) of een herinnering (handmatig). Een tweede keer op dezelfde dag verstuurt niets.',
    )
    .option('--vandaag <JJJJ-MM-DD>', 'de dag waarop de stap geldt (standaard: vandaag, in Nederland)')
    .option(...DATA_DIR_OPTION)
    .action(async (o: { vandaag?: string; map: string }) => {
      const today = dayOption(o.vandaag);
      await withStack(o.map, async () => {
        const { advanceCycle } = await import('../../usecases/cycle');
        const before = outboxMailCount();
        const steps = await advanceCycle(today, await deps());
        console.log(`Cyclus op ${dayNl(today)}:`);
        for (const step of steps) {
          console.log(`  ${step.periodLabel} (${step.period}): ${step.state}`);
          for (const action of step.actions) console.log(`    ${action}`);
        }
        printOutbox(undefined, before);
      });
    });

  cycle
    .command('status')
    .description('per periode: de stand, de termijn voor de cijfers, wanneer het concept ging, tot wanneer de review loopt, wanneer en door wie vrijgegeven, en wat ontbreekt; tijdens de review de reacties per gemeente')
    .option('--vandaag <JJJJ-MM-DD>', 'de dag waarop de stand geldt (standaard: vandaag, in Nederland)')
    .option('--json', 'als JSON (dagen als JJJJ-MM-DD, tijden in UTC)', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { vandaag?: string; json: boolean; map: string }) => {
      const today = dayOption(o.vandaag);
      await withStack(o.map, async () => {
        const { cycleStatus } = await import('../../usecases/cycle');
        const periods = await cycleStatus(today, await deps());
        if (o.json) {
          console.log(JSON.stringify({ today, periods }, null, 2));
          return;
        }
        console.log(
          formatTable(
            ['Periode', 'Stand', 'Cijfers uiterlijk', 'Concept', 'Review tot en met', 'Vrijgegeven', 'Ontbreekt'],
            periods.map((p) => [
              `${p.periodLabel} (${p.period})`,
              p.heldBy ? `${p.state} (${p.heldBy})` : p.state,
              dayNl(p.dataDeadline),
              p.conceptRunId ? `${p.conceptRunId} op ${dayNl(p.conceptSentOn)}` : '',
              dayNl(p.reviewEndsOn),
              p.releasedAt ? `${timeNl(p.releasedAt)} door ${p.releasedBy}` : '',
              [p.gaps.length > 0 ? countNl(p.gaps.length, 'waarde', 'waarden') : '', ...p.lateMunicipalities.map((l) => `${l.municipality}: ${countNl(l.missing, 'eigen waarde', 'eigen waarden')} niet aangeleverd`)].filter(Boolean).join('; '),
            ]),
          ),
        );
        // While a concept is under review: where each receiving municipality stands.
        for (const p of periods.filter((p) => p.review)) {
          console.log(`\nReacties op ${p.conceptRunId} (review tot en met ${dayNl(p.reviewEndsOn)}):`);
          for (const line of reviewLinesNl(p.review ?? [])) console.log(`  ${line}`);
        }
      });
    });
}
