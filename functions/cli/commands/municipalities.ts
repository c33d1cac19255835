import type { Command } from 'commander';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { formatTable } from '../table';

async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { recipientDeps } = await import('../../wiring/operations-dependencies');
  return recipientDeps(readConfig());
}

export function registerMunicipalities(program: Command): void {
  const municipalities = program.command('municipalities').alias('gemeenten').description('de gemeenten en of ze het rapport krijgen');

  municipalities
    .command('list')
    .description('elke gemeente: krijgt het rapport of is afgemeld, hoeveel AB-leden en beleidsmedewerkers, en wat haar mail zou tegenhouden; daarna elk adres dat wordt overgeslagen')
    .option('--json', 'als JSON', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { json: boolean; map: string }) => {
      await withStack(o.map, async () => {
        const d = await deps();
        const { checkMailing } = await import('../../usecases/recipients');
        const [list, recipients, check] = await Promise.all([d.store.municipalities(), d.store.recipients(), checkMailing(d)]);
        const rows = list.map((m) => {
          const own = recipients.filter((r) => r.municipality === m.name);
          return {
            name: m.name,
            optedOut: m.optedOut,
            abLeden: own.filter((r) => r.role === 'ab-lid').length,
            beleidsmedewerkers: own.filter((r) => r.role === 'beleidsmedewerker').length,
            problem: check.problems.find((p) => p.municipality === m.name)?.reason,
          };
        });
        if (o.json) {
          console.log(JSON.stringify({ municipalities: rows, warnings: check.warnings }, null, 2));
          return;
        }
        console.log(
          formatTable(
            ['Gemeente', 'Rapportage', 'AB-leden', 'Beleidsmedewerkers', 'Probleem'],
            rows.map((r) => [r.name, r.optedOut ? 'afgemeld' : 'ja', String(r.abLeden), String(r.beleidsmedewerkers), r.problem ?? '']),
          ),
        );
        for (const warning of check.warnings) console.log(`Waarschuwing: ${warning}`);
      });
    });

  for (const [name, optedOut] of [['opt-out', true], ['opt-in', false]] as const) {
    municipalities
      .command(name)
      .description(optedOut ? 'meld een gemeente af: ze krijgt vanaf de volgende run geen rapport meer (een nieuwe versie van de organisatie)' : 'meld een gemeente weer aan: ze krijgt vanaf de volgende run het rapport weer (een nieuwe versie van de organisatie)')
      .argument('<gemeente>', 'de gemeente, in elke schrijfwijze van hoofd- en kleine letters')
      .option('--door <naam>', DOOR_HELP)
      .option(...DATA_DIR_OPTION)
      .action(async (gemeente: string, o: { door?: string; map: string }) => {
        const actor = actorOf(o.door);
        await withStack(o.map, async () => {
          const { setOptedOut } = await import('../../usecases/recipients');
          const { municipality, changed } = await setOptedOut(gemeente, optedOut, { actor }, await deps());
          if (!changed) console.log(optedOut ? `${municipality} is al afgemeld; er is niets gewijzigd.` : `${municipality} ontvangt het rapport al; er is niets gewijzigd.`);
          else console.log(optedOut ? `${municipality} ontvangt vanaf de volgende run geen rapport meer.` : `${municipality} ontvangt vanaf de volgende run het rapport weer.`);
        });
      });
  }
}
