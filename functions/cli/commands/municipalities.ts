import type { Command } from 'commander';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { formatTable } from '../table';

async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { recipientDeps } = await import('../../usecases/operations-dependencies');
  return recipientDeps(readConfig());
}

export function registerMunicipalities(program: Command): void {
  const municipalities = program.command('municipalities').description('the municipalities and whether they get the report');
  const dir = ['--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR] as const;

  municipalities
    .command('list')
    .description('each municipality: mailed or opted out, its recipients, and what would stop its mail')
    .option('--json', 'as JSON', false)
    .option(...dir)
    .action(async (o: { json: boolean; dir: string }) => {
      await withStack(o.dir, async () => {
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
        for (const warning of check.warnings) console.log(`Warning: ${warning}`);
      });
    });

  for (const [name, optedOut] of [['opt-out', true], ['opt-in', false]] as const) {
    municipalities
      .command(name)
      .description(optedOut ? 'stop mailing the report to a municipality' : 'mail the report to a municipality again')
      .argument('<gemeente>', 'the municipality')
      .option('--door <naam>', DOOR_HELP)
      .option(...dir)
      .action(async (gemeente: string, o: { door?: string; dir: string }) => {
        const actor = actorOf(o.door);
        await withStack(o.dir, async () => {
          const { setOptedOut } = await import('../../usecases/recipients');
          const { municipality, changed } = await setOptedOut(gemeente, optedOut, { actor }, await deps());
          if (!changed) console.log(optedOut ? `${municipality} is al afgemeld; er is niets gewijzigd.` : `${municipality} ontvangt het rapport al; er is niets gewijzigd.`);
          else console.log(optedOut ? `${municipality} ontvangt vanaf de volgende run geen rapport meer.` : `${municipality} ontvangt vanaf de volgende run het rapport weer.`);
        });
      });
  }
}
